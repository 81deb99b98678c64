# streambot in a container: the same install as `make` (requirements.lock with hashes, then the
# project itself, editable), data on a volume mounted at /data.
#
#   docker build -t streambot .
#   docker run -v streambot-data:/data -e TELEGRAM_BOT_TOKEN=... streambot
#
# The default command builds or updates the database on the volume, then polls Telegram; for a
# webhook run `streambot web --build` with WEBHOOK_URL, WEBHOOK_SECRET and PORT set.

FROM python:3.11-slim AS build
# A compiler for the packages without a wheel for this platform (lightfm-next).
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY . .
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation -e .

FROM python:3.11-slim
# OpenMP, which the compiled recommenders link against.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    STREAMBOT_DB=/data/streambot.db \
    STREAMBOT_MODELS_DIR=/data/models \
    STREAMBOT_SAMPLE_DIR=/data/sample \
    STREAMBOT_RAW_DIR=/data/raw
VOLUME ["/data"]
CMD ["streambot", "worker", "--build"]
