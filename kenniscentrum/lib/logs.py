"""Logs an operator can search: a request id on every record, JSON lines, quiet outages.

- `request_id` is a context variable the request-log middleware (`kenniscentrum/middleware.py`)
  sets for the time of a request; `RequestIdFilter` copies it onto every log record, so that all
  the lines of one request (and the proxy's own line, when the proxy set the id) share it.
- `JsonFormatter` writes one JSON object per line (`LOG_FORMAT=json`). It writes only the fields
  named below: never the request object, the client's address or anything a visitor typed.
- `DatabaseOutageFilter` logs "the database does not answer" at WARNING: such an error is the
  same for every request while it lasts, so it must not reach the error channels (the admins'
  e-mail), which would otherwise receive one message per request of the outage.

Imports no app.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.db import InterfaceError, OperationalError

NO_REQUEST = "-"
request_id = ContextVar("request_id", default=NO_REQUEST)

# What a proxy may hand us as a request id: short, and nothing that could break a log line.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def new_request_id():
    return uuid.uuid4().hex


def accepted_request_id(value):
    """`value` when it is a well-formed request id, else None."""
    return value if value and VALID_REQUEST_ID.fullmatch(value) else None


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


# Record attributes written as they are, when a record carries them (the access log line and
# the metrics line set them; Django's request logger sets `status_code`).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "figures")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for name in EXTRA_FIELDS:
            if getattr(record, name, None) is not None:
                entry[name] = getattr(record, name)
        if "status" not in entry and isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def is_database_outage(error):
    """Whether an exception says the database cannot be reached (or is refusing work)."""
    return isinstance(error, (OperationalError, InterfaceError))


class DatabaseOutageFilter(logging.Filter):
    """On the `django.request` logger: an outage's error becomes a warning (see above)."""

    def filter(self, record):
        if (
            record.levelno > logging.WARNING
            and record.exc_info
            and is_database_outage(record.exc_info[1])
        ):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
