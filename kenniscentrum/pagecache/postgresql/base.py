"""Django's PostgreSQL backend, telling the page cache what each statement reads and writes.

`DATABASES["default"]["ENGINE"]` names this package. Everything is Django's own backend except
two hooks (see `kenniscentrum/pagecache/tables.py`): every statement goes through `tables.track`,
and a COMMIT first moves on the versions of the tables the transaction wrote, in the same
transaction, which no signal and no `on_commit` callback can do.
"""

from django.db.backends.postgresql import base

from kenniscentrum.pagecache import tables


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(tables.track)

    def _commit(self):
        if self.connection is not None:
            tables.flush_written(self)
        return super()._commit()

    def _rollback(self):
        tables.forget_written(self)
        return super()._rollback()
