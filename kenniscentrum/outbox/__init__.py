"""Every e-mail the site sends, as background work.

`backend.QueueEmailBackend` is the site's EMAIL_BACKEND: it stores each message in the outbox
(`models.OutboxMessage`) in the caller's transaction, so a change that is rolled back sends
nothing, and no request ever waits for a mail server. The worker (`manage.py db_worker`) runs
`delivery.deliver_outbox`, which hands the messages to the real backend (EMAIL_DELIVERY_BACKEND)
in batches, one connection per batch, with retries and backoff. `manage.py scheduler` runs the
site's periodic commands (`schedule.py`), at most once per period across every node.

Imports nothing of the project but `kenniscentrum.lib`, so every app's e-mail can pass through it.
"""
