import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kenniscentrum.outbox.message import from_data, to_data


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        """Waiting to be sent: the queue's depth is `pending().count()`, one indexed count."""
        return self.filter(status=OutboxMessage.Status.PENDING)

    def due(self, now=None):
        return self.pending().filter(next_attempt_at__lte=now or timezone.now())

    def to_any_of(self, addresses):
        """Messages that go to one of `addresses` (whole addresses, any case: bob@x.be does not
        match jimbob@x.be)."""
        matches = models.Q(pk__in=[])
        for address in addresses:
            pattern = rf"(^|[\s,<]){re.escape(address)}($|[\s,>])"
            matches |= models.Q(recipients__iregex=pattern)
        return self.filter(matches)

    def stuck(self, older_than=timedelta(minutes=15)):
        """Claimed by a worker that died before it recorded the outcome: whether the mail
        server took them is unknown, so nothing resends them by itself (see `retry`)."""
        return self.filter(
            status=OutboxMessage.Status.SENDING, claimed_at__lt=timezone.now() - older_than
        )


class OutboxMessage(models.Model):
    """One e-mail the site decided to send, stored in the transaction of the change behind it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op verzending")
        SENDING = "sending", _("Wordt verzonden")
        SENT = "sent", _("Verzonden")
        FAILED = "failed", _("Mislukt")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    subject = models.CharField(_("onderwerp"), max_length=300)
    recipients = models.TextField(_("ontvangers"))
    message = models.JSONField(_("bericht"))
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    claimed_at = models.DateTimeField(_("opgenomen op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at"]
        indexes = [
            # The worker's claim (status, due time) and the queue-depth count (status).
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due"),
        ]

    def __str__(self):
        return self.subject

    @classmethod
    def from_email_message(cls, email_message):
        data = to_data(email_message)
        return cls(
            subject=data["subject"][:300],
            recipients=", ".join(email_message.recipients()),
            message=data,
        )

    def email_message(self):
        return from_data(self.message)


def backoff(attempts):
    """The wait before the next attempt: doubles each time, from OUTBOX_RETRY_SECONDS."""
    return timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


class JobRun(models.Model):
    """The last run of one scheduled job, shared by every scheduler (`schedule.py`)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    period_start = models.DateTimeField(_("periode"))
    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    succeeded = models.BooleanField(_("gelukt"), null=True)
    error = models.TextField(_("fout"), blank=True)

    class Meta:
        verbose_name = _("geplande taak")
        verbose_name_plural = _("geplande taken")
        ordering = ["name"]

    def __str__(self):
        return self.name
