from django.core.management.base import BaseCommand

from knowledgebase.models import Article

BATCH = 500


class Command(BaseCommand):
    help = (
        "Recompute every article's related articles ('Lees ook'). An article's own list is "
        "recomputed when it is saved or its themes change; run this (e.g. nightly) so that older "
        "articles also offer the articles published since."
    )

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        # In batches: each UPDATE holds its rows' locks only briefly.
        for start in range(0, len(ids), BATCH):
            Article.objects.filter(pk__in=ids[start : start + BATCH]).refresh_related()
        self.stdout.write(f"{len(ids)} articles: related articles recomputed.")
