"""What a page depends on: the tables it read, each with a version that every committed write to
that table moves on.

Every SQL statement goes through `track` (installed by the database backend in `postgresql/`):

- a read adds the tables it names to the recording of the page being rendered, if any;
- a write that changed rows marks its table written by the connection's transaction. The
  versions of the tables a transaction wrote move on in one statement just before its
  COMMIT, in the same transaction: a reader sees the new rows and the new versions together,
  or neither. Rows are locked in sorted order for microseconds, so concurrent writers never
  deadlock on them and wait for each other only during that statement. A write outside a
  transaction (autocommit) is wrapped in one for the same reason.
- Inside a transaction, the tables it wrote read as a version of that transaction's own ("the
  committed version, then this transaction's n-th write"), which no other transaction and no
  committed state ever equals: the writer's own pages are never served from before its writes,
  and what it rendered before committing is never taken for committed content.

Only the tables of content models count: the models an app lists as `not_content` (sessions,
outbox, ...) and the tables of Django's own machinery never make a page out of date.
"""

import functools
import itertools
import os
import re
import time
from contextvars import ContextVar

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction

VERSIONS_TABLE = "kenniscentrum_pagecache_version"

# A login only stamps the account: nothing any page shows changes.
IGNORED_WRITES = (re.compile(r'^UPDATE "members_user" SET "last_login" = %s WHERE'),)

READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)
WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?',
    re.IGNORECASE,
)

# The tables read by the page being rendered in this thread, or None when nothing records.
_recording: ContextVar[set | None] = ContextVar("pagecache_recording", default=None)
# False while migrations run: the versions table may not exist yet.
_active = {"on": True}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0 and _active["on"]


@functools.cache
def content_tables():
    """Tables of the models whose rows may show on a page (a new app's models count)."""
    from kenniscentrum.lib import registry

    not_content = registry.not_content()
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in not_content
    )


@functools.lru_cache(maxsize=4096)
def statement_tables(sql):
    """(tables read, tables written) by one SQL statement, content tables only."""
    tables = content_tables()
    write = WRITE.match(sql)
    if write:
        if any(pattern.match(sql) for pattern in IGNORED_WRITES):
            return frozenset(), frozenset()
        written = frozenset({write.group(1)}) & tables
        return frozenset(), written
    return frozenset(READ.findall(sql)) & tables, frozenset()


# --- recording what a page reads -------------------------------------------------------------


def start_recording():
    """Record the content tables read from now on, in this thread; returns (tables, token)."""
    tables = set()
    return tables, _recording.set(tables)


def stop_recording(token):
    _recording.reset(token)


# --- the versions ----------------------------------------------------------------------------


_transactions = itertools.count(1)


def _pending(connection):
    if not hasattr(connection, "pagecache_written"):
        connection.pagecache_written = {}
    return connection.pagecache_written


def _own_version(connection, committed, writes):
    """How a table this transaction wrote reads inside it."""
    if not hasattr(connection, "pagecache_transaction"):
        connection.pagecache_transaction = f"{os.getpid()}.{next(_transactions)}"
    return f"{committed}+{connection.pagecache_transaction}.{writes}"


def versions():
    """{table: version} of every table that has one (a table never written has none: version 0),
    as this connection sees them. One query: reading all of a few dozen rows plans and runs
    faster than picking some."""
    connection = connections["default"]
    found = dict(_read_prepared(connection, READ_VERSIONS))
    for table, writes in _pending(connection).items():
        found[table] = _own_version(connection, found.get(table, 0), writes)
    return found


READ_VERSIONS = f"SELECT table_name, version FROM {VERSIONS_TABLE}"


def _read_prepared(connection, sql):
    """The rows of `sql`, run as a prepared statement: every cached page served runs this query,
    and Django's cursors bind parameters on the client, so PostgreSQL would plan it each time
    (about half of its cost). Errors and the query log are Django's, as for any query.

    It also serves as the request's connection health check, which would otherwise be one more
    round trip (`CONN_HEALTH_CHECKS`): a connection that fails it is closed and opened again,
    once; a database that is down raises, as for any query."""
    try:
        return _execute_prepared(connection, sql)
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block or connection.is_usable():
            raise
        connection.close()
        return _execute_prepared(connection, sql)


def _execute_prepared(connection, sql):
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors:
        rows = psycopg.Cursor(connection.connection).execute(sql, prepare=True).fetchall()
    connection.health_check_done = True
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return rows


def versions_of(tables, current):
    """The versions of `tables` in `current` (from `versions()`)."""
    return {table: current.get(table, 0) for table in tables}


def flush_written(connection):
    """Move on the versions of the tables this transaction wrote (just before its COMMIT)."""
    written = _pending(connection)
    if not written:
        return
    rows = sorted(written.items())
    forget_written(connection)
    values = ", ".join(["(%s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {VERSIONS_TABLE} (table_name, version) VALUES {values} "
            "ON CONFLICT (table_name) DO UPDATE "
            f"SET version = {VERSIONS_TABLE}.version + EXCLUDED.version",
            [value for row in rows for value in row],
        )


def forget_written(connection):
    """The transaction ended: the next one starts with nothing written."""
    connection.pagecache_written = {}
    if hasattr(connection, "pagecache_transaction"):
        del connection.pagecache_transaction


def mark_written(connection, tables):
    written = _pending(connection)
    for table in tables:
        written[table] = written.get(table, 0) + 1


def bump(tables=None):
    """Make every page that read these tables (every content table when None) out of date; for
    changes made outside Django's SQL, e.g. by a bulk load."""
    connection = connections["default"]
    with transaction.atomic():
        mark_written(connection, content_tables() if tables is None else tables)


def track(execute, sql, params, many, context):
    """The database backend's execute wrapper (see the module's docstring)."""
    if not enabled():
        return execute(sql, params, many, context)
    read, written = statement_tables(sql)
    if written:
        connection = context["connection"]
        if connection.get_autocommit():
            with transaction.atomic(using=connection.alias):
                return _write(execute, sql, params, many, context, written)
        return _write(execute, sql, params, many, context, written)
    if read and (recording := _recording.get()) is not None:
        recording.update(read)
    return execute(sql, params, many, context)


def _write(execute, sql, params, many, context, tables):
    """Run a write; its tables count as written unless it changed no row (an UPDATE whose WHERE
    matched nothing makes no page out of date)."""
    result = execute(sql, params, many, context)
    if context["cursor"].rowcount != 0:
        mark_written(context["connection"], tables)
    return result


def pause_during_migrations(**kwargs):
    _active["on"] = False


def resume_after_migrations(**kwargs):
    """Migrations may change any table: every page is out of date afterwards."""
    _active["on"] = True
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [VERSIONS_TABLE])
        exists = cursor.fetchone()[0] is not None
    if exists and enabled():
        bump()
