# Dialoogbot: one process, one SQLite file in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DIALOOGBOT_DB=/data/dialoogbot.db
# Inside the container the webhook listens on every interface; publish the port.
ENV DIALOOGBOT_WEBHOOK_LISTEN=0.0.0.0:8080

# Pango, HarfBuzz and a font: what WeasyPrint needs to make the PDF report.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
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
# As the bot's user: SQLite may create files beside the database, which must stay the bot's.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["setpriv", "--reuid=dialoogbot", "--regid=dialoogbot", "--init-groups", \
         "dialoogbot", "health"]
# Starts as root to make a mounted /data the bot's own, then runs as the user dialoogbot.
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["dialoogbot", "run"]
