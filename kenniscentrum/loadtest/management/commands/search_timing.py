import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from knowledgebase.models import Article

# (site language, query): words of the themes, a typo, an exclusion, and no hit at all.
QUERIES = [
    ("nl", "inbraak"),
    ("nl", "fiets"),
    ("nl", "fietsdiefstal"),
    ("nl", "fiets station"),
    ("nl", "inbrakpreventie"),
    ("nl", "rookmelder -kachel"),
    ("fr", "securite"),
    ("fr", "velo"),
    ("fr", "cambriolage"),
    ("nl", "zzzonbekend"),
]


class Command(BaseCommand):
    help = (
        "Time the knowledge base search page uncached (whole request, and its SQL) for a set of "
        "queries: median and 95th percentile; fill the database first, e.g. with "
        "seed_articles --count 10000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("query", nargs="*", help="extra queries, searched on /nl/")

    def handle(self, *args, runs, query, **options):
        queries = QUERIES + [("nl", q) for q in query]
        self.stdout.write(
            f"{Article.objects.count()} articles; median and p95 of {runs} runs each, uncached."
        )
        client = Client()
        every_page = []
        # The page cache off: what a visitor waits for when the page is not cached.
        with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
            for language, text in queries:
                path = "/nl/kennisbank/" if language == "nl" else "/fr/base-de-connaissances/"
                for _ in range(2):  # warm up
                    client.get(path, {"q": text})
                pages, sqls = [], []
                for _ in range(runs):
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        response = client.get(path, {"q": text})
                        pages.append(time.perf_counter() - start)
                    sqls.append(sum(float(q["time"]) for q in captured.captured_queries))
                    assert response.status_code == 200
                hits = Article.objects.published().filter(language=language).search(text).count()
                every_page += pages
                self.stdout.write(
                    f"{language} {text!r:24} {hits:6d} full-text hits"
                    f"   page {ms(statistics.median(pages))} ms, p95 {ms(p95(pages))} ms"
                    f"   SQL {ms(statistics.median(sqls))} ms"
                    f" in {len(captured.captured_queries)} queries"
                )
        self.stdout.write(
            f"all queries: page {ms(statistics.median(every_page))} ms,"
            f" p95 {ms(p95(every_page))} ms"
        )


def p95(seconds):
    return statistics.quantiles(seconds, n=20, method="inclusive")[-1]


def ms(seconds):
    return f"{seconds * 1000:6.1f}"
