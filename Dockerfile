# Dialoogbot: one process, one SQLite file in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DIALOOGBOT_DB=/data/dialoogbot.db
# The web page is on, and inside the container it listens on every interface (the webhook,
# when on, shares its port). Set DIALOOGBOT_WEB_URL to your own public https address: links
# and QR codes start with it. Publish the port behind a reverse proxy with TLS.
ENV DIALOOGBOT_WEB_URL=http://localhost:8080 \
    DIALOOGBOT_WEB_LISTEN=0.0.0.0:8080 \
    DIALOOGBOT_WEBHOOK_LISTEN=0.0.0.0:8080

# Pango, HarfBuzz and the fonts: what WeasyPrint needs to make the PDF report (DejaVu for
# the text, Noto Color Emoji for the emoji people type).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 dialoogbot \
    && mkdir /data && chown dialoogbot:dialoogbot /data

WORKDIR /app
# Dependencies first, exactly as locked (with hashes): this layer stays cached while
# only the code changes.
COPY requirements.lock ./
RUN pip install --no-deps --require-hashes -r requirements.lock

COPY pyproject.toml README.md LICENSE babel.cfg ./
COPY app ./app
COPY bot ./bot
COPY web ./web
COPY flows ./flows
COPY storage ./storage
COPY reports ./reports
COPY locale ./locale
# Editable, so the code finds locale/ beside it; everything it needs is installed above.
RUN pip install --no-deps --no-build-isolation -e .

# deduce's lookup cache, built as root into a folder the bot's user cannot write, with its
# sha256 recorded there; the bot checks it before every load and never rebuilds it.
ENV DIALOOGBOT_DEDUCE_CACHE=/opt/dialoogbot/deduce-cache
RUN python -m flows.deduce_cache "$DIALOOGBOT_DEDUCE_CACHE" \
    && chown -R root:root /opt/dialoogbot \
    && chmod -R a-w,a+rX /opt/dialoogbot

COPY docker-entrypoint.sh /usr/local/bin/
VOLUME ["/data"]
EXPOSE 8080
# The running bot's own answer on /healthz: the database answers and delivery runs (503
# otherwise, and then urlopen raises). Python's urllib, as the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('DIALOOGBOT_WEB_LISTEN', '0.0.0.0:8080').rpartition(':')[2]; urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=5)"]
# Starts as root to make a mounted /data the bot's own, then runs as the user dialoogbot.
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["dialoogbot", "run"]
