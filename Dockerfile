# Container image for the BIN Kenniscentrum website.
#
# Build:  docker build -t kenniscentrum .
# Run:    see docker-compose.yml (local) and .env.example (production settings).
#
# All stages start from the same base image so the virtual environment built
# in the first stage runs unchanged in the last one. Pin the base image by
# digest (python:3.11-slim-bookworm@sha256:...) for fully repeatable builds.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm


# ---------------------------------------------------------------------------
# 1. builder: install the pinned runtime dependencies into /opt/venv.
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# Only the lock file, so this layer is rebuilt only when dependencies change.
# --require-hashes refuses any package whose hash is not in the lock file.
# Every locked package ships a binary wheel (psycopg-binary bundles libpq), so
# no compiler or -dev packages are needed here.
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes -r /tmp/requirements.lock


# ---------------------------------------------------------------------------
# 2. i18n: compile the translations. gettext is needed only for this step and
#    stays out of the final image; the final stage copies the result.
# ---------------------------------------------------------------------------
FROM builder AS i18n

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . /app
# The settings module needs these variables to load. The values are throwaway,
# set for this one command only (never stored in the image), and
# compilemessages does not connect to the database.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret \
    DATABASE_URL=postgres://build@localhost/build \
    ALLOWED_HOSTS=localhost EMAIL_URL=consolemail:// \
    python manage.py compilemessages


# ---------------------------------------------------------------------------
# 3. runtime: the image that is deployed.
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# No extra system packages are needed at run time: the database driver ships
# its own libpq and the health check below uses Python instead of curl.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private_media \
    PORT=8000 \
    HEALTHCHECK_HOST=localhost

# Unprivileged user with a fixed uid/gid, so volume permissions are predictable.
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
# The application code together with the .mo files compiled in the i18n stage.
COPY --from=i18n /app /app

# Collect (and compress) static files into STATIC_ROOT at build time, so the
# running container only reads them; same throwaway settings as above, and
# collectstatic does not touch the database either. The code stays owned by
# root and read-only for the app user; only the upload folders are writable.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret \
    DATABASE_URL=postgres://build@localhost/build \
    ALLOWED_HOSTS=localhost EMAIL_URL=consolemail:// \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private_media \
    && chown app:app /app/media /app/private_media

USER 10001:10001

EXPOSE 8000

# Liveness: /livez answers 200 while gunicorn serves, without touching the
# database or the cache, so a database outage never gets healthy containers
# restarted (load balancers use /healthz, the readiness check, instead).
# Django checks the Host header, so HEALTHCHECK_HOST (default localhost) must
# be listed in ALLOWED_HOSTS. X-Forwarded-Proto: https marks the plain-HTTP
# check as already secure, so SECURE_SSL_REDIRECT never answers it with a
# redirect (the settings also exempt /livez from that redirect).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as r; req = r.Request('http://127.0.0.1:%s/livez' % os.environ.get('PORT', '8000'), headers={'Host': os.environ.get('HEALTHCHECK_HOST', 'localhost'), 'X-Forwarded-Proto': 'https'}); sys.exit(0 if r.urlopen(req, timeout=4).status == 200 else 1)"]

# gunicorn shuts down gracefully on SIGTERM within GUNICORN_GRACEFUL_TIMEOUT
# (30 s); give the container a longer stop timeout (docker stop -t 40).
CMD ["gunicorn", "-c", "gunicorn.conf.py", "kenniscentrum.wsgi:application"]
