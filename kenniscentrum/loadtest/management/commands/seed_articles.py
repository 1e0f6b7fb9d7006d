from django.core.management.base import BaseCommand
from django.db import transaction

from knowledgebase.demo import generate_articles
from knowledgebase.models import Article


class Command(BaseCommand):
    help = "Add N generated articles (slugs 'gen-…') to measure search speed; --clear removes them."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--clear", action="store_true", help="remove generated articles")

    def handle(self, *args, count, clear, **options):
        if clear:
            deleted, _ = Article.objects.filter(slug__startswith="gen-").delete()
            self.stdout.write(f"Removed {deleted} rows of generated articles.")
            return
        with transaction.atomic():
            created = generate_articles(count)
        self.stdout.write(f"Created {created} generated articles.")
