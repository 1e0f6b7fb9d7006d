"""The outbox's part of the site-wide features: its rows, and the task queue's, are not content
(storing an e-mail must not empty the page cache)."""

from kenniscentrum.lib.registry import register
from kenniscentrum.lib.sections import Section

register(
    Section(
        name="outbox",
        not_content=frozenset(
            {"outbox.outboxmessage", "outbox.jobrun", "django_tasks_db.dbtaskresult"}
        ),
    )
)
