"""Gunicorn settings for the BIN Kenniscentrum website.

Loaded with ``gunicorn -c gunicorn.conf.py kenniscentrum.wsgi:application``.
Every value can be tuned through the environment, so the same image runs on a
laptop and in production; see .env.example for the variables.
"""

import os


def _env_int(name: str, default: int) -> int:
    """Read an integer from the environment; unset or empty means ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        # Fail loudly at start-up rather than run with a silently wrong value.
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None


# Listen on all interfaces so the port can be published from a container;
# GUNICORN_BIND takes any bind gunicorn accepts (e.g. unix:/run/app.sock).
bind = os.environ.get("GUNICORN_BIND", "").strip() or f"0.0.0.0:{_env_int('PORT', 8000)}"

# Worker processes: roughly one or two per CPU core available to the container.
workers = _env_int("WEB_CONCURRENCY", 2)

# More than one thread switches gunicorn to the threaded (gthread) worker,
# which helps when requests spend their time waiting on the database.
threads = _env_int("GUNICORN_THREADS", 1)

# Recycle each worker after this many requests to cap slow memory growth; the
# random jitter keeps all workers from restarting at the same moment. A worker
# serves a cached page in about a millisecond, so a lower number would restart
# it every few seconds under load and empty its local page cache each time.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 1000)

# Load Django once in the master and fork the workers from it: a recycled worker
# is ready at once instead of spending a second importing the project while
# requests queue up behind it, and the workers share the loaded code's memory.
# (A code change then needs a restart of gunicorn, not a HUP.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip() != "0"

# A worker silent for longer than this is killed and replaced, so one stuck
# request cannot hold a worker forever.
timeout = _env_int("GUNICORN_TIMEOUT", 30)

# On SIGTERM (a deploy or `docker stop`) workers get this long to finish the
# requests they are serving. Keep the container's stop timeout above it.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# Log to stdout/stderr: the container runtime collects and rotates the logs. With
# LOG_FORMAT=json the site writes its own access line (JSON, with the request id), so gunicorn's
# plain one would only double it.
accesslog = None if os.environ.get("LOG_FORMAT", "").strip() == "json" else "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info").strip() or "info"

# Combined log format plus the client address forwarded by the reverse proxy
# (first field) and the response time in milliseconds (last field).
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
)

# Only trust X-Forwarded-Proto and friends from these addresses (the reverse
# proxy). Keep 127.0.0.1 in the list: the container health check uses it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1"

# Workers signal they are alive by touching a file; on a disk-backed /tmp that
# can stall a worker, so use the in-memory /dev/shm when there is one.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# The runtime control socket is not used in containers, and the unprivileged
# app user has no home directory to create it in.
control_socket_disable = True

# Makes the processes easy to recognise in `ps` and `top`.
proc_name = "kenniscentrum"
