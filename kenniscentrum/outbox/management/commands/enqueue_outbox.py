from django.core.management.base import BaseCommand

from kenniscentrum.outbox.delivery import ensure_delivery


class Command(BaseCommand):
    help = "Enqueue a delivery task when due e-mails wait in the outbox and no task will send them."

    def handle(self, *args, **options):
        ensure_delivery()
