import io

import pytest
from django.core.management import call_command

from kenniscentrum.outbox.delivery import ensure_delivery

QUEUE = "kenniscentrum.outbox.backend.QueueEmailBackend"


@pytest.fixture
def queued_mail(settings):
    """The site's production e-mail path: the queue, delivered into Django's in-memory outbox
    (or into a real SMTP server when the test also asks for `smtp_server`)."""
    settings.EMAIL_BACKEND = QUEUE
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_worker():
    """What `manage.py db_worker --batch` does on a node, in this process: the scheduler's
    safety net enqueues a delivery for due messages, then the worker runs every ready task."""
    ensure_delivery()
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=0,
        stdout=io.StringIO(),
    )
