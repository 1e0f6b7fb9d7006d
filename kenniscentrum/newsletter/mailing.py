"""Newsletter subscriptions (double opt-in) and the sending of issues.

Sending is resumable: every recipient of an issue gets a `NewsletterDelivery` row. A run claims a
batch of pending rows (`select_for_update(skip_locked=True)`, so two runs never take the same row),
marks them "sending" and commits, then sends them one by one and marks each "sent". When the mail
server fails, the row being sent and the rest of the batch go back to "pending" and the run stops;
the next run picks up exactly where it stopped. A row can only stay "sending" when the process died
between sending and recording it: whether that message went out is unknown, so it is never resent
automatically (`--retry-interrupted` puts such rows back after checking the mail server's log).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib import signing
from kenniscentrum.lib.mail import build_email, send_email
from kenniscentrum.newsletter.models import (
    NewsletterConsent,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscriber,
)

logger = logging.getLogger(__name__)

CONFIRM = "newsletter-confirm"
UNSUBSCRIBE = "newsletter-unsubscribe"
CONFIRM_DAYS = 7

# The consent a subscriber gives, kept verbatim in their consent record.
CONSENT_TEXT = _(
    "Ik wil de nieuwsbrief van het BIN Kenniscentrum ontvangen. Het Kenniscentrum gebruikt mijn "
    "e-mailadres alleen om mij de nieuwsbrief te sturen; ik kan mij met één klik uitschrijven."
)


def absolute(language, name, **kwargs):
    with translation.override(language):
        return f"{settings.SITE_URL}{reverse(name, **kwargs)}"


def consent_text(language):
    with translation.override(language):
        return str(CONSENT_TEXT)


# --- subscribing ----------------------------------------------------------------------------


@transaction.atomic  # the request, its consent record and the confirmation e-mail, or nothing
def request_subscription(email, language, topics, page_language, ip_address=None):
    """Record the request and its consent, and e-mail a confirmation link.

    Nothing about an existing subscription changes until the link is followed, so nobody can
    change another person's subscription by typing their address.
    """
    subscriber = NewsletterSubscriber.objects.with_email(email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = NewsletterSubscriber.objects.create(
                    email=email, language=language, topics=topics
                )
        except IntegrityError:  # the same address, submitted twice at once
            subscriber = NewsletterSubscriber.objects.with_email(email).get()
    consent = NewsletterConsent.objects.create(
        subscriber=subscriber,
        action=NewsletterConsent.Action.REQUESTED,
        text=consent_text(page_language),
        language=page_language,
        ip_address=ip_address,
    )
    token = signing.make_token(
        CONFIRM, {"s": subscriber.pk, "l": language, "t": topics, "c": consent.pk}
    )
    send_email(
        "newsletter_confirm",
        [email],
        {"confirm_url": absolute(language, "newsletter_confirm", kwargs={"token": token})},
        language=language,
    )
    return subscriber


def read_confirmation(token):
    """(subscriber, payload) for a valid confirmation link, else (None, None)."""
    payload = signing.read_token(CONFIRM, token, max_age_days=CONFIRM_DAYS)
    if not payload:
        return None, None
    subscriber = NewsletterSubscriber.objects.filter(pk=payload["s"]).first()
    return (subscriber, payload) if subscriber else (None, None)


def confirm_subscription(subscriber, payload, ip_address=None):
    requested = subscriber.consents.filter(pk=payload.get("c")).first()
    subscriber.confirm(payload["l"], payload["t"])
    NewsletterConsent.objects.create(
        subscriber=subscriber,
        action=NewsletterConsent.Action.CONFIRMED,
        text=requested.text if requested else consent_text(payload["l"]),
        language=requested.language if requested else payload["l"],
        ip_address=ip_address,
    )


def unsubscribe_token(subscriber):
    # No expiry: the link in a newsletter read months later must still work.
    return signing.make_token(UNSUBSCRIBE, {"s": subscriber.pk})


def read_unsubscribe(token):
    payload = signing.read_token(UNSUBSCRIBE, token)
    if not payload:
        return None
    return NewsletterSubscriber.objects.filter(pk=payload["s"]).first()


def unsubscribe(subscriber, ip_address=None):
    if subscriber.status == NewsletterSubscriber.Status.UNSUBSCRIBED:
        return
    subscriber.unsubscribe()
    NewsletterConsent.objects.create(
        subscriber=subscriber,
        action=NewsletterConsent.Action.WITHDRAWN,
        language=subscriber.language,
        ip_address=ip_address,
    )


# --- composing ------------------------------------------------------------------------------


def issue_context(issue, items, unsubscribe_url):
    return {
        "issue": issue,
        "items": items,
        "web_url": absolute(issue.language, "newsletter_issue", kwargs={"pk": issue.pk}),
        "unsubscribe_url": unsubscribe_url,
    }


def build_issue_message(issue, items, to, unsubscribe_url):
    message = build_email(
        "newsletter_issue",
        [to],
        issue_context(issue, items, unsubscribe_url),
        language=issue.language,
    )
    # One-click unsubscribe from the mail client itself (RFC 8058).
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def subscriber_message(issue, items, subscriber):
    url = absolute(
        issue.language, "newsletter_unsubscribe", kwargs={"token": unsubscribe_token(subscriber)}
    )
    return build_issue_message(issue, items, subscriber.email, url)


def send_test(issue, email):
    """The issue as subscribers will get it, to `email`; its unsubscribe link leads nowhere."""
    items = list(issue.items.all())
    url = absolute(issue.language, "newsletter")
    message = build_issue_message(issue, items, email, url)
    message.subject = f"[TEST] {message.subject}"
    message.send()
    return message


# --- sending --------------------------------------------------------------------------------


def prepare_deliveries(issue):
    """A pending delivery for each recipient that has none yet (a rerun adds only newcomers)."""
    recipients = issue.recipients().values_list("pk", flat=True).order_by("pk")
    NewsletterDelivery.objects.bulk_create(
        (NewsletterDelivery(issue=issue, subscriber_id=pk) for pk in recipients.iterator()),
        batch_size=1000,
        ignore_conflicts=True,
    )


def claim_batch(issue, size):
    """Take up to `size` pending deliveries for this run; others running at once skip them."""
    with transaction.atomic():
        ids = list(
            issue.deliveries.filter(status=NewsletterDelivery.Status.PENDING)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        NewsletterDelivery.objects.filter(pk__in=ids).update(
            status=NewsletterDelivery.Status.SENDING, claimed_at=timezone.now()
        )
    return list(
        NewsletterDelivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk")
    )


def release(deliveries, error=""):
    NewsletterDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=NewsletterDelivery.Status.PENDING, claimed_at=None, error=error
    )


def send_batch(issue, items, deliveries, connection):
    """Send a claimed batch; returns the number sent. Stops at the first mail-server failure."""
    sent = 0
    for index, delivery in enumerate(deliveries):
        subscriber = delivery.subscriber
        if subscriber.status != NewsletterSubscriber.Status.CONFIRMED:
            delivery.delete()  # unsubscribed since the run started: they do not get it
            continue
        try:
            message = subscriber_message(issue, items, subscriber)
            message.connection = connection
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            # This address is refused; the others may still be fine.
            NewsletterDelivery.objects.filter(pk=delivery.pk).update(
                status=NewsletterDelivery.Status.FAILED, error=str(error)[:1000]
            )
            continue
        except Exception as error:
            # Not sent: give this one and the rest of the batch back to the next run.
            release(deliveries[index:], error=str(error)[:1000])
            raise
        NewsletterDelivery.objects.filter(pk=delivery.pk).update(
            status=NewsletterDelivery.Status.SENT, sent_at=timezone.now(), error=""
        )
        sent += 1
    return sent


def finish_if_done(issue):
    """An issue is sent once no delivery waits or is in doubt."""
    open_statuses = [NewsletterDelivery.Status.PENDING, NewsletterDelivery.Status.SENDING]
    if issue.deliveries.filter(status__in=open_statuses).exists():
        return False
    issue.status = NewsletterIssue.Status.SENT
    issue.sent_at = timezone.now()
    issue.save(update_fields=["status", "sent_at"])
    return True


def retry_interrupted(issue, older_than=timedelta(minutes=15)):
    """Put deliveries a dead run left "sending" back to pending; returns how many."""
    return issue.deliveries.filter(
        status=NewsletterDelivery.Status.SENDING, claimed_at__lt=timezone.now() - older_than
    ).update(status=NewsletterDelivery.Status.PENDING, claimed_at=None)


def send_issue(issue, batch_size=100, log=logger.info):
    """Send a queued issue to every recipient who has not had it yet; returns the number sent."""
    prepare_deliveries(issue)
    items = list(issue.items.all())
    sent = 0
    connection = get_connection()
    with connection:
        while batch := claim_batch(issue, batch_size):
            sent += send_batch(issue, items, batch, connection)
            log(f"{issue}: {sent} sent")
    finish_if_done(issue)
    return sent
