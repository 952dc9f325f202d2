#!/bin/sh
# Started as root only to make the data folder the bot's own: a host folder mounted on
# /data belongs to whoever made it on the host. Then the bot runs as its own user.
set -eu
if [ "$(id -u)" = "0" ]; then
    data_dir="$(dirname "${DIALOOGBOT_DB:-/data/dialoogbot.db}")"
    mkdir -p "$data_dir"
    # Only what is not the bot's yet: a large folder is not walked on every start.
    find "$data_dir" \( ! -user dialoogbot -o ! -group dialoogbot \) -exec chown dialoogbot:dialoogbot {} +
    exec setpriv --reuid=dialoogbot --regid=dialoogbot --init-groups --inh-caps=-all -- "$@"
fi
exec "$@"
