"""The site's EMAIL_BACKEND: every message of every origin (the site's own mails, allauth,
Django's password reset and error mails) goes into the outbox, in the caller's transaction."""

from django.core.mail.backends.base import BaseEmailBackend

from kenniscentrum.outbox.delivery import schedule_delivery
from kenniscentrum.outbox.models import OutboxMessage


class QueueEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        rows = [OutboxMessage.from_email_message(m) for m in email_messages if m.recipients()]
        if not rows:
            return 0
        try:
            OutboxMessage.objects.bulk_create(rows)
            schedule_delivery()
        except Exception:
            if not self.fail_silently:
                raise
            return 0
        return len(rows)
