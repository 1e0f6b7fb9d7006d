"""The mail outage drill: the mail server goes away, people keep registering, contacting and an
event with 300 participants is cancelled; the pages answer fast and nothing is lost; the server
comes back, the worker runs and every e-mail arrives exactly once (docs/performance.md)."""

import logging
import math
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from kenniscentrum.loadtest.smtp import LOOPBACK, SMTPServer
from kenniscentrum.models import ContactSubject
from kenniscentrum.outbox.delivery import work_through_queue
from kenniscentrum.outbox.models import OutboxMessage


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


class Command(BaseCommand):
    help = "Stop a local SMTP server, use the site, restart it, check every e-mail arrives once."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=50, help="registrations and contacts")
        parser.add_argument("--participants", type=int, default=300)

    def handle(self, *args, people, participants, **options):
        if not settings.DEBUG:
            raise CommandError("The drill creates data: run it with DEBUG on.")
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
        server = SMTPServer()
        server.start()
        self.deliver_to(server)
        event, subject = self.prepare(participants)
        before = set(OutboxMessage.objects.values_list("pk", flat=True))
        server.stop()
        self.stdout.write(f"SMTP server on {LOOPBACK}:{server.port} stopped")

        client = Client(SERVER_NAME="localhost")
        register = [self.register(client, event, n) for n in range(people)]
        contact = [self.contact(client, subject, n) for n in range(people)]
        cancel = timed(lambda: services.announce_change(event, cancelled=True))
        queued = OutboxMessage.objects.exclude(pk__in=before)
        expected = queued.count()
        work_through_queue()  # the server is still down: each batch is put off for later
        deferred = queued.filter(status="pending", attempts=1).count()

        server.start()
        server.recorder.connections = 0
        queued.update(next_attempt_at=timezone.now())  # what the retry, or staff, would do
        worker = timed(work_through_queue)
        counts = server.recorder.per_recipient()
        again = sum(counts.values())
        work_through_queue()
        resent = sum(server.recorder.per_recipient().values()) - again
        server.stop()

        rows = [
            ("registration (POST)", register),
            ("contact form (POST)", contact),
            (f"cancel event, {participants} participants", [cancel]),
        ]
        self.stdout.write(f"{'step':40} {'n':>4} {'median ms':>10} {'max ms':>8}")
        for label, seconds in rows:
            median, worst = statistics.median(seconds) * 1000, max(seconds) * 1000
            self.stdout.write(f"{label:40} {len(seconds):>4} {median:>10.0f} {worst:>8.0f}")
        sent = queued.filter(status="sent").count()
        self.stdout.write(
            f"e-mails queued during the outage: {expected}; deferred by the worker while down: "
            f"{deferred}\n"
            f"after the restart: {sent} sent in {worker:.1f} s over {server.recorder.connections} "
            f"connections (batch {settings.OUTBOX_BATCH_SIZE}: at most "
            f"{math.ceil(expected / settings.OUTBOX_BATCH_SIZE)}); received {again}; "
            f"sent again by a second worker run: {resent}"
        )
        if sent != expected or again != expected or resent:
            raise CommandError("Not every e-mail arrived exactly once.")
        self.stdout.write("Every e-mail arrived exactly once.")

    def deliver_to(self, server):
        settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = LOOPBACK, server.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    def prepare(self, participants):
        """A fresh copy of an upcoming event with its participants, and a contact subject."""
        template = Event.objects.filter(
            status=Event.Status.PUBLISHED, starts_at__gt=timezone.now()
        ).first()
        subject = ContactSubject.objects.first()
        if template is None or subject is None:
            raise CommandError("No upcoming event or contact subject: run seed_demo first.")
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        event = template
        event.pk, event.slug, event.capacity = None, f"oefening-mail-{stamp}", None
        event.registration_opens_at = timezone.now() - timedelta(days=1)
        event.registration_closes_at = None
        event.save()
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name=f"Deelnemer {n}",
                email=f"deelnemer{n}-{stamp}@drill.example.org",
                status=Registration.Status.CONFIRMED,
                queue_number=n + 1,
                confirmed_at=timezone.now(),
                language="nl",
            )
            for n in range(participants)
        )
        Event.objects.filter(pk=event.pk).recount()  # written around the engine
        return event, subject

    def register(self, client, event, n):
        path = reverse("events:register", args=[event.slug])
        data = {"name": f"Bezoeker {n}", "email": f"bezoeker{n}-{event.pk}@drill.example.org"}
        return timed(lambda: client.post(path, data, REMOTE_ADDR=f"10.9.{n // 250}.{n % 250}"))

    def contact(self, client, subject, n):
        data = {
            "subject": subject.pk,
            "name": f"Vrager {n}",
            "email": f"vrager{n}@drill.example.org",
            "message": "Wanneer is de volgende opleiding?",
            "consent": "on",
        }
        return timed(
            lambda: client.post("/nl/contact/", data, REMOTE_ADDR=f"10.8.{n // 250}.{n % 250}")
        )
