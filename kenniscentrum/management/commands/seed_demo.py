from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events import demo as events_demo
from kenniscentrum import demo as site_demo
from knowledgebase import demo as knowledgebase_demo
from members import demo as members_demo
from members.demo import DEMO_PASSWORD, seed_personas
from training import demo as training_demo


class Command(BaseCommand):
    help = "Fill the database with demo content and one account per persona (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # Known passwords must never exist on a production site.
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates accounts with known passwords."
            )
        with transaction.atomic():
            accounts = seed_personas()
            members_summary = members_demo.seed()
            events_demo.seed()
            training_demo.seed()
            site_demo.seed()
            # After the members' demo: good practices link to its BINs.
            articles = knowledgebase_demo.seed()
        self.stdout.write(f"Members: {members_summary}")
        self.stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for email, name in accounts:
            self.stdout.write(f"  {email:45} {name}")
        self.stdout.write(f"Knowledge base: {articles} demo articles.")
        self.stdout.write(
            "Staff accounts set up two-step verification on their first visit to /admin/."
        )
