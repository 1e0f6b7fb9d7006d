"""The outbox's part of the site-wide features.

Its rows, and the task queue's, are not content: storing an e-mail must not empty the page cache.
They are personal data, though: the e-mails to a person's confirmed addresses are in their export
and go with their account.
"""

from kenniscentrum.lib.registry import register
from kenniscentrum.lib.sections import Section
from kenniscentrum.outbox.models import OutboxMessage

WAITING = [OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]


def mails_to(user):
    # Confirmed addresses only: an address added but never confirmed may be anyone's.
    return OutboxMessage.objects.to_any_of(list(user.verified_emails()))


def export(user):
    return {
        "emails": [
            {
                "subject": m.subject,
                "recipients": m.recipients,
                "status": m.status,
                "queued_at": m.created_at,
                "sent_at": m.sent_at,
            }
            for m in mails_to(user).order_by("created_at")
        ]
    }


def on_account_deletion(user):
    """The e-mails to the person go, except one still waiting that also goes to others (they
    must still get it)."""
    mails_to(user).exclude(status__in=WAITING, recipients__contains=",").delete()


register(
    Section(
        name="outbox",
        not_content=frozenset(
            {"outbox.outboxmessage", "outbox.jobrun", "django_tasks_db.dbtaskresult"}
        ),
        export=export,
        on_account_deletion=on_account_deletion,
    )
)
