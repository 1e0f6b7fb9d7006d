"""`make cluster`: two web nodes behind nginx with Redis and S3 on this machine, and proof that
they behave as one site.

Starts the stack of kenniscentrum/loadtest/cluster.py on the demo data, then checks, printing a
PASS or FAIL line each: a login through node A is valid on node B; a change saved through A is
served fresh by B; a page cached by A is a hit on B; a rate limit counts across both nodes; a file
uploaded through A downloads through the proxy (public and private); stopping node A under load
costs no request beyond those in flight; stopping Redis costs no 500. Exits non-zero on any FAIL.
With --bench, it measures throughput through nginx with one node and with two instead.
"""

import io
import os
import re
import threading
import time
from collections import Counter
from datetime import date

import requests
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone, translation

from kenniscentrum.loadtest.cluster import ACCEL_LOCATION, Cluster
from kenniscentrum.loadtest.management.commands.benchmark import Command as Benchmark
from kenniscentrum.loadtest.pages import benchmark_pages
from kenniscentrum.models import ContactMessage
from kenniscentrum.outbox.models import OutboxMessage
from members.demo import DEMO_PASSWORD
from members.models import BIN

COORDINATOR = "coordinator@demo.bin-kenniscentrum.be"
# Marks the charter the check uploads, so that it is removed again afterwards.
CLUSTER_SIGNATORY = "Burgemeester van de clustertest"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """One person's browser: cookies kept by hand, because the site marks them Secure and the
    cluster speaks plain HTTP; no redirects followed, so each answer is seen as it is.

    Requests straight to a node carry what nginx would add: the site's own Host (pages are
    cached per host) and the client's address in X-Forwarded-For.
    """

    def __init__(self, host, forwarded_for="10.77.0.1"):
        self.cookies = {}
        self.headers = {"Accept-Language": "nl", "Host": host, "X-Forwarded-For": forwarded_for}

    def request(self, method, url, **kwargs):
        response = requests.request(
            method, url, headers=self.headers, cookies=self.cookies, allow_redirects=False,
            timeout=30, **kwargs,
        )  # fmt: skip
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post_form(self, url, data, files=None):
        """Open the form at `url` and send it with `data`, as a browser would."""
        page = self.get(url)
        token = TOKEN.search(page.text)
        if not token:
            raise CommandError(f"No form at {url} (status {page.status_code}).")
        return self.request("POST", url, data={"csrfmiddlewaretoken": token.group(1), **data},
                            files=files)  # fmt: skip

    def log_in(self, base, email, password=DEMO_PASSWORD):
        response = self.post_form(
            f"{base}/nl/account/login/", {"login": email, "password": password}
        )
        return response.status_code == 302 and "sessionid" in self.cookies


def small_png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def small_pdf():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


class Load(threading.Thread):
    """GETs the pages in turn through nginx and counts every answer by status (0: no answer)."""

    def __init__(self, base, paths):
        super().__init__(daemon=True)
        self.base, self.paths = base, paths
        self.statuses = Counter()
        self.stopping = threading.Event()

    def run(self):
        session = requests.Session()
        i = 0
        while not self.stopping.is_set():
            try:
                status = session.get(
                    self.base + self.paths[i % len(self.paths)],
                    headers={"Accept-Language": "nl"}, allow_redirects=False, timeout=30,
                ).status_code  # fmt: skip
            except requests.RequestException:
                status = 0
            self.statuses[status] += 1
            i += 1


def under_load(base, paths, threads, seconds, action):
    """Runs `action` a third into `seconds` of load; returns the statuses counted."""
    loads = [Load(base, paths) for _ in range(threads)]
    for load in loads:
        load.start()
    time.sleep(seconds / 3)
    action()
    time.sleep(seconds * 2 / 3)
    for load in loads:
        load.stopping.set()
    for load in loads:
        load.join(timeout=35)
    return sum((load.statuses for load in loads), Counter())


def failed(statuses):
    return sum(count for status, count in statuses.items() if not 200 <= status < 400)


class Command(BaseCommand):
    help = "Start two web nodes behind nginx with Redis and S3, and check they act as one site."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=12.0,
                            help="seconds of load around stopping node A")  # fmt: skip
        parser.add_argument("--threads", type=int, default=8, help="concurrent visitors")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
        parser.add_argument("--ports", help="take ports from this range, e.g. 7500-7599")
        parser.add_argument("--bench", action="store_true",
                            help="measure one node against two instead of the checks")  # fmt: skip
        parser.add_argument("--bench-duration", type=int, default=8)
        parser.add_argument("--connections", type=int, default=16)

    def handle(self, *args, **options):
        with translation.override("nl"):
            self.bin = (
                BIN.objects.filter(roles__user__email=COORDINATOR, roles__end__isnull=True)
                .order_by("pk")
                .first()
            )
        if self.bin is None:
            raise CommandError("No demo data: run `make setup` (seed_demo) first.")
        self.public_paths = [path for _, path, logged_in in benchmark_pages() if not logged_in]
        self.results = []
        with Cluster(options["ports"], options["workers"], log=self.stderr.write) as cluster:
            if options["bench"]:
                self.bench(cluster, options)
                return
            try:
                self.run_checks(cluster, options)
            finally:
                self.restore_demo_data()
        failures = [name for name, ok, _ in self.results if not ok]
        self.stdout.write(f"{len(self.results) - len(failures)} of {len(self.results)} passed.")
        if failures:
            raise CommandError(f"{len(failures)} cluster check(s) failed: {', '.join(failures)}")

    def restore_demo_data(self):
        """The checks change the demo BIN through its forms; put back what they changed."""
        BIN.objects.filter(pk=self.bin.pk).update(
            member_count=self.bin.member_count,
            member_count_on=self.bin.member_count_on,
            logo=self.bin.logo.name or "",
        )
        self.bin.charters.filter(signed_by_mayor=CLUSTER_SIGNATORY).delete()
        ContactMessage.objects.filter(email__startswith="cluster-test-").delete()

    def anonymous_get(self, url):
        return Visitor(self.host).get(url)

    def verdict(self, name, ok, detail):
        self.results.append((name, ok, detail))
        self.stdout.write(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")

    def run_checks(self, cluster, options):
        a, b = cluster.node_url("A"), cluster.node_url("B")
        self.host = f"127.0.0.1:{cluster.nginx_port}"
        started = timezone.now()
        coordinator = Visitor(self.host)
        self.check_login(coordinator, a, b)
        self.check_page_cache(a, b)
        self.check_fresh_change(coordinator, a, b)
        self.check_rate_limit(a, b)
        self.check_public_upload(coordinator, a, b, cluster.url)
        self.check_private_upload(coordinator, a, cluster.url)
        self.check_node_stop(cluster, options)
        self.check_redis_stop(cluster, coordinator)
        if "db_worker" in cluster.processes:
            self.check_mail_delivered(started)
        for command in ("db_worker", "scheduler"):
            if command in cluster.processes:
                self.verdict(
                    f"{command} runs", cluster.running(command), "still running at the end"
                )

    # --- the checks ------------------------------------------------------------------------

    def check_login(self, coordinator, a, b):
        logged_in = coordinator.log_in(a, COORDINATOR)
        status = coordinator.get(f"{b}/nl/mijn/").status_code
        self.verdict(
            "login through A is valid on B",
            logged_in and status == 200,
            f"login on A {'succeeded' if logged_in else 'failed'}; /nl/mijn/ on B: {status}",
        )

    def check_page_cache(self, a, b):
        path = "/nl/partners/"
        first = self.anonymous_get(a + path)
        second = self.anonymous_get(b + path)
        self.verdict(
            "a page cached by A is a hit on B",
            first.headers.get("X-Page-Cache") == "miss"
            and second.headers.get("X-Page-Cache") == "hit",
            f"{path}: A {first.status_code} {first.headers.get('X-Page-Cache')}, "
            f"B {second.status_code} {second.headers.get('X-Page-Cache')}",
        )

    def check_fresh_change(self, coordinator, a, b):
        public = f"{b}{self.bin.get_absolute_url()}"
        self.anonymous_get(public)  # B now holds the page in the shared cache
        count = (self.bin.member_count or 0) + 7
        saved = coordinator.post_form(
            f"{a}/nl/mijn/bin/{self.bin.slug}/ledental/",
            {"member_count": count, "member_count_on": date.today().isoformat()},
        )
        page = self.anonymous_get(public)
        shown = f"{count} leden" in page.text
        self.verdict(
            "a change saved through A is served fresh by B",
            saved.status_code == 302 and shown,
            f"member count {count} saved on A ({saved.status_code}); B's public page "
            f"{'shows it' if shown else 'does not show it'} ({page.headers.get('X-Page-Cache')})",
        )

    def check_rate_limit(self, a, b):
        """The contact form takes five messages an hour per address: the sixth is refused,
        whichever node the six went to."""
        visitor = Visitor(self.host, forwarded_for="10.77.0.2")
        page = visitor.get(f"{a}/nl/contact/")
        subject = re.search(r'<option value="(\d+)"', page.text)
        outcomes = []
        for n in range(6):
            response = visitor.post_form(
                f"{(a, b)[n % 2]}/nl/contact/",
                {
                    "subject": subject.group(1) if subject else "",
                    "name": f"Cluster test {n}",
                    "email": f"cluster-test-{n}@example.org",
                    "message": "Een bericht van de clustertest.",
                    "consent": "on",
                },
            )
            outcomes.append("sent" if response.status_code == 302 else "refused")
        self.verdict(
            "a rate limit counts across both nodes",
            outcomes == ["sent"] * 5 + ["refused"],
            f"six contact messages alternately through A and B: {', '.join(outcomes)}",
        )

    def check_public_upload(self, coordinator, a, b, proxy):
        saved = coordinator.post_form(
            f"{a}/nl/mijn/bin/{self.bin.slug}/profiel/",
            {
                "description": self.bin.description,
                "area_description": self.bin.area_description,
                "channels": self.bin.channels,
                "website": self.bin.website,
                "yearly_fee": self.bin.yearly_fee or "",
            },
            files={"logo": ("logo.png", small_png(), "image/png")},
        )
        page = self.anonymous_get(f"{b}{self.bin.get_absolute_url()}")
        src = re.search(r'class="bin-logo[^"]*" src="([^"]+)"', page.text)
        url = src.group(1) if src else ""
        image = requests.get(url if url.startswith("http") else proxy + url, timeout=30)
        self.verdict(
            "a public file uploaded through A downloads through the proxy",
            saved.status_code == 302 and image.status_code == 200
            and image.headers.get("Content-Type", "").startswith("image/"),
            f"logo saved on A ({saved.status_code}); B shows {url or 'no logo'}; "
            f"through nginx: {image.status_code} {image.headers.get('Content-Type')}",
        )  # fmt: skip

    def check_private_upload(self, coordinator, a, proxy):
        pdf = small_pdf()
        saved = coordinator.post_form(
            f"{a}/nl/mijn/bin/{self.bin.slug}/charter/",
            {
                "signed_on": date.today().isoformat(),
                "signed_by_coordinator": "Ann Coördinator",
                "signed_by_mayor": CLUSTER_SIGNATORY,
                "signed_by_police_chief": "De Korpschef",
            },
            files={"pdf": ("charter.pdf", pdf, "application/pdf")},
        )
        charter = self.bin.charters.order_by("-pk").first()
        path = f"/nl/mijn/bin/{self.bin.slug}/charter/{charter.pk if charter else 0}/pdf/"
        # Twice through nginx, so both nodes hand it out.
        downloads = [coordinator.get(proxy + path) for _ in range(2)]
        anonymous = requests.get(proxy + path, allow_redirects=False, timeout=30)
        direct = requests.get(f"{proxy}{ACCEL_LOCATION}{charter.pdf.name if charter else ''}",
                              timeout=30)  # fmt: skip
        self.verdict(
            "a private file uploaded through A downloads through the proxy, after the check",
            saved.status_code == 302
            and all(d.status_code == 200 and d.content == pdf for d in downloads)
            and anonymous.status_code in (302, 404) and direct.status_code == 404,
            f"charter saved on A ({saved.status_code}); manager: "
            f"{', '.join(str(d.status_code) for d in downloads)}"
            f"{'' if all(d.content == pdf for d in downloads) else ' (other bytes)'}; "
            f"anonymous: {anonymous.status_code}; {ACCEL_LOCATION} from outside: "
            f"{direct.status_code}",
        )  # fmt: skip

    def check_node_stop(self, cluster, options):
        threads = options["threads"]
        statuses = under_load(
            cluster.url, self.public_paths, threads, options["duration"],
            lambda: cluster.stop_node("A"),
        )  # fmt: skip
        bad = failed(statuses)
        self.verdict(
            "stopping node A under load costs no request beyond those in flight",
            bad <= threads and sum(statuses.values()) > bad,
            f"{sum(statuses.values())} requests, {bad} failed (at most {threads} in flight); "
            f"statuses {dict(sorted(statuses.items()))}",
        )

    def check_mail_delivered(self, since, wait=20):
        """The e-mails both nodes queued (the contact messages' among them) are sent by the
        worker, none left waiting or failed."""
        queued = OutboxMessage.objects.filter(created_at__gte=since)
        deadline = time.monotonic() + wait
        while queued.exclude(status=OutboxMessage.Status.SENT).exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.5)
        counts = dict(queued.values_list("status").annotate(n=Count("pk")).order_by())
        self.verdict(
            "the e-mails queued through both nodes are delivered by the worker",
            counts and set(counts) == {OutboxMessage.Status.SENT},
            f"outbox rows since the checks began, by status: {counts or 'none'}",
        )

    def check_redis_stop(self, cluster, coordinator):
        cluster.stop_redis()
        statuses = Counter(cluster.get(path) for path in self.public_paths * 2)
        personal = coordinator.get(f"{cluster.url}/nl/mijn/").status_code
        self.verdict(
            "stopping Redis costs no 500",
            set(statuses) == {200} and personal < 500,
            f"public pages {dict(statuses)}; /nl/mijn/ logged in: {personal}",
        )

    # --- one node against two --------------------------------------------------------------

    def bench(self, cluster, options):
        """Throughput through nginx of the benchmark's public pages, one node then two."""
        wrk = Benchmark()
        load_options = {"connections": options["connections"],
                        "duration": options["bench_duration"]}  # fmt: skip
        rows = []
        for label, nodes in (("one node", ("A", "A")), ("two nodes", ("A", "B"))):
            cluster.route_to(*nodes)
            for name, path in [("ceiling (/ping)", "/ping")] + [
                (name, path) for name, path, logged_in in benchmark_pages() if not logged_in
            ]:
                rows.append((label, name, wrk.load(cluster.nginx_port, path, None, load_options)))
        self.stdout.write(
            f"Through nginx, {options['connections']} connections, {options['bench_duration']} s "
            f"per page, {options['workers']} gunicorn workers per node, {os.cpu_count()} CPUs."
        )
        self.stdout.write(f"{'nodes':10} {'page':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for label, name, result in rows:
            self.stdout.write(
                f"{label:10} {name[:32]:32} {result['rps']:8.0f} {result['p50']:8.1f} "
                f"{result['p99']:8.1f}"
                + (f"  errors {result['socket_errors'] + result['bad_responses']}"
                   if result["socket_errors"] or result["bad_responses"] else "")
            )  # fmt: skip
