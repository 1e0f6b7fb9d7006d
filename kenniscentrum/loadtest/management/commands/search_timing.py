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
        "Time the knowledge base search page (whole request, and its SQL) for a set of queries; "
        "fill the database first, e.g. with seed_articles --count 10000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=9)
        parser.add_argument("query", nargs="*", help="extra queries, searched on /nl/")

    def handle(self, *args, runs, query, **options):
        queries = QUERIES + [("nl", q) for q in query]
        self.stdout.write(f"{Article.objects.count()} articles; median of {runs} runs each.")
        client = Client()
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for language, text in queries:
                path = "/nl/kennisbank/" if language == "nl" else "/fr/base-de-connaissances/"
                client.get(path, {"q": text})  # warm up
                pages, sqls = [], []
                for _ in range(runs):
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        response = client.get(path, {"q": text})
                        pages.append(time.perf_counter() - start)
                    sqls.append(sum(float(q["time"]) for q in captured.captured_queries))
                    assert response.status_code == 200
                hits = Article.objects.published().filter(language=language).search(text).count()
                page_ms = statistics.median(pages) * 1000
                sql_ms = statistics.median(sqls) * 1000
                self.stdout.write(
                    f"{language} {text!r:24} {hits:6d} full-text hits   page {page_ms:6.1f} ms"
                    f"   SQL {sql_ms:6.1f} ms in {len(captured.captured_queries)} queries"
                )
