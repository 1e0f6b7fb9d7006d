import pytest

QUEUE = "kenniscentrum.outbox.backend.QueueEmailBackend"


@pytest.fixture
def queued_mail(settings):
    """The site's production e-mail path: the queue, delivered into Django's in-memory outbox
    (or into a real SMTP server when the test also asks for `smtp_server`)."""
    settings.EMAIL_BACKEND = QUEUE
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
