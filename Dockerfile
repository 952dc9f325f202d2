# Dialoogbot: one process, one SQLite file in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DIALOOGBOT_DB=/data/dialoogbot.db

# Pango, HarfBuzz and a font: what WeasyPrint needs to make the PDF report.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 dialoogbot \
    && mkdir /data && chown dialoogbot:dialoogbot /data

WORKDIR /app
COPY pyproject.toml README.md LICENSE babel.cfg ./
COPY bot ./bot
COPY flows ./flows
COPY storage ./storage
COPY reports ./reports
COPY sandbox ./sandbox
COPY locale ./locale
# Editable, so the code finds locale/ beside it.
RUN pip install -e .

# deduce's lookup cache, built as root into a folder the bot's user cannot write, with its
# sha256 recorded there; the bot checks it before every load and never rebuilds it.
ENV DIALOOGBOT_DEDUCE_CACHE=/opt/dialoogbot/deduce-cache
RUN python -m flows.deduce_cache "$DIALOOGBOT_DEDUCE_CACHE" \
    && chown -R root:root /opt/dialoogbot \
    && chmod -R a-w,a+rX /opt/dialoogbot

USER dialoogbot
VOLUME ["/data"]
CMD ["dialoogbot", "run"]
