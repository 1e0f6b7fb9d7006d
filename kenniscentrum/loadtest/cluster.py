"""A production-like stack on the loopback, for `manage.py cluster` (`make cluster`).

Redis (Debian's redis-server, no persistence), moto's S3 server with the two buckets, two
gunicorn nodes with production settings, a worker and the scheduler when the project has them, and
Debian's nginx in front, rendered from the same template as docker-compose.yml. Every server
listens on 127.0.0.1 on a port free at start; everything lives in one temporary folder and is
stopped and removed on exit, whatever the exit.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import CommandError

from kenniscentrum.lib.objectstore import public_read_policy
from kenniscentrum.loadtest.server import Server, collect_static

BASE_DIR = Path(settings.BASE_DIR)
NGINX_TEMPLATE = BASE_DIR / "deploy" / "nginx" / "default.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MEDIA_BUCKET = "kc-media"
PRIVATE_BUCKET = "kc-private"
ACCEL_LOCATION = "/_private/"


def render(template, values):
    """Fill in ${NAME} as the official nginx image does: names without a value stay as they are,
    and nginx's own $name variables are never touched."""
    rendered = re.sub(
        r"\$\{([A-Z][A-Z0-9_]*)\}",
        lambda match: str(values.get(match.group(1), match.group(0))),
        template,
    )
    missing = sorted(set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", rendered)))
    if missing:
        raise CommandError(f"No value for {', '.join(missing)} in {NGINX_TEMPLATE.name}")
    return rendered


class Ports:
    """Free loopback ports, from the given range ("7500-7599") or wherever the system has one."""

    def __init__(self, port_range=None):
        low, _, high = (port_range or "").partition("-")
        self.candidates = iter(range(int(low), int(high) + 1)) if port_range else None

    def free(self):
        if self.candidates is None:
            return self._bind(0)
        for port in self.candidates:
            try:
                return self._bind(port)
            except OSError:
                continue
        raise CommandError("No free port left in the given range.")

    @staticmethod
    def _bind(port):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))
            return probe.getsockname()[1]


def wait_for_port(port, name, process, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise CommandError(f"{name} did not start on port {port}; see {log_path}")


def stop_process(process, timeout=30):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def require_binary(path, package):
    if not path or not os.access(path, os.X_OK):
        raise CommandError(
            f"{package} is not installed (scripts/system-packages.sh installs it as root)."
        )


class Cluster:
    """Use as a context manager: `with Cluster(...) as cluster:` starts it and always stops it."""

    def __init__(self, ports=None, workers=2, log=print):
        self.ports = Ports(ports)
        self.workers = workers
        self.log = log
        self.folder = Path(tempfile.mkdtemp(prefix="kc-cluster-"))
        self.processes = {}  # name -> Popen, in start order
        self.nodes = {}  # "A"/"B" -> Server
        self.env = {}

    # --- the whole stack ---------------------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        require_binary(shutil.which("redis-server"), "redis-server")
        require_binary(NGINX, "nginx")
        self.start_redis()
        self.start_s3()
        self.env = self.site_environment()
        self.log("Collecting static files...")
        collect_static({**os.environ, **self.env})
        for name in ("A", "B"):
            self.start_node(name)
        self.start_background_processes()
        self.start_nginx()
        self.log(f"Cluster up: nginx on {self.url}, nodes {self.node_url('A')} and "
                 f"{self.node_url('B')}, files in {self.folder}")  # fmt: skip

    def stop(self):
        for node in self.nodes.values():
            node.stop()
        for process in reversed(list(self.processes.values())):
            stop_process(process)
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.nginx_port}"

    def node_url(self, name):
        return f"http://127.0.0.1:{self.nodes[name].port}"

    # --- services ----------------------------------------------------------------------------

    def spawn(self, name, command, port=None, **kwargs):
        log_path = self.folder / f"{name}.log"
        with open(log_path, "w") as log:
            # A session of its own: a Ctrl-C reaches this process only, which stops the others
            # in order.
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
            )
        self.processes[name] = process
        if port:
            wait_for_port(port, name, process, log_path)
        return process

    def start_redis(self):
        self.redis_port = self.ports.free()
        # No persistence: the cache is rebuilt from PostgreSQL, and a stopped Redis loses nothing.
        self.spawn(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            port=self.redis_port,
        )  # fmt: skip

    def stop_redis(self):
        stop_process(self.processes["redis"])

    def start_s3(self):
        import boto3

        self.s3_port = self.ports.free()
        self.spawn(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
            port=self.s3_port,
        )
        client = boto3.client("s3", **self.s3_credentials())
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
        # Public media readable by anyone; the private bucket only with a signature.
        policy = json.dumps(public_read_policy(MEDIA_BUCKET))
        client.put_bucket_policy(Bucket=MEDIA_BUCKET, Policy=policy)

    def s3_credentials(self):
        return {
            "endpoint_url": f"http://127.0.0.1:{self.s3_port}",
            "aws_access_key_id": "cluster-test",
            "aws_secret_access_key": "cluster-test-secret",
            "region_name": "us-east-1",
        }

    def site_environment(self):
        """What every process of the site gets: production settings with throwaway secrets."""
        self.nginx_port = self.ports.free()
        s3 = self.s3_credentials()
        for folder in ("static", "media", "private_media", "mail"):
            (self.folder / folder).mkdir()
        return {
            "DEBUG": "0",
            "SECRET_KEY": "cluster-only-" + os.urandom(24).hex(),
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "TRUSTED_PROXY_COUNT": "1",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "PAGE_CACHE_SECONDS": "600",
            "STATIC_ROOT": str(self.folder / "static"),
            # Only used where S3 is not: each upload must reach the bucket, not this disk.
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private_media"),
            "S3_ENDPOINT_URL": s3["endpoint_url"],
            "S3_ACCESS_KEY_ID": s3["aws_access_key_id"],
            "S3_SECRET_ACCESS_KEY": s3["aws_secret_access_key"],
            "S3_REGION_NAME": s3["region_name"],
            "S3_MEDIA_BUCKET": MEDIA_BUCKET,
            "S3_MEDIA_URL": f"http://127.0.0.1:{self.nginx_port}/media/",
            "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
            "PRIVATE_FILES_DELIVERY": "accel",
            "PRIVATE_FILES_ACCEL_LOCATION": ACCEL_LOCATION,
            # Four slashes: the folder is an absolute path (three would make it relative).
            "EMAIL_URL": f"filemail:///{self.folder / 'mail'}",
            "SITE_URL": f"http://127.0.0.1:{self.nginx_port}",
        }

    def start_node(self, name):
        node = Server(
            self.ports.free(),
            self.workers,
            static_root=self.env["STATIC_ROOT"],
            log_path=self.folder / f"node-{name}.log",
            **self.env,
        )
        self.nodes[name] = node
        node.start()

    def stop_node(self, name):
        self.nodes[name].stop()

    def start_background_processes(self):
        """The task worker and the scheduler, once the project has them."""
        available = get_commands()
        for command in ("db_worker", "scheduler"):
            if command in available:
                self.spawn(
                    command,
                    [sys.executable, "manage.py", command],
                    cwd=BASE_DIR,
                    env={**os.environ, **self.env},
                )

    def running(self, name):
        return name in self.processes and self.processes[name].poll() is None

    # --- nginx -------------------------------------------------------------------------------

    def start_nginx(self):
        folder = self.folder / "nginx"
        folder.mkdir()
        # As root, nginx's workers run as nobody: they must be able to reach their temp folders.
        self.folder.chmod(0o755)
        folder.chmod(0o755)
        self.write_nginx_site("A", "B")
        (folder / "nginx.conf").write_text(self.nginx_main_conf(folder))
        self.spawn(
            "nginx",
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            port=self.nginx_port,
        )

    def nginx_main_conf(self, folder):
        temp_paths = "\n".join(
            f"    {kind}_temp_path {folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"    access_log {folder / 'access.log'};\n{temp_paths}\n"
            f"    include {folder / 'default.conf'};\n"
            "}\n"
        )

    def write_nginx_site(self, a, b):
        """The shared template with these two nodes behind it (the same node twice: one node)."""
        s3 = self.env["S3_ENDPOINT_URL"]
        values = {
            "NGINX_LISTEN": f"127.0.0.1:{self.nginx_port}",
            "WEB_A": f"127.0.0.1:{self.nodes[a].port}",
            "WEB_B": f"127.0.0.1:{self.nodes[b].port}",
            "MEDIA_ORIGIN": f"{s3}/{MEDIA_BUCKET}/",
            "PRIVATE_FILES_ACCEL_LOCATION": ACCEL_LOCATION,
            "PRIVATE_ORIGIN": f"{s3}/",
        }
        site = self.folder / "nginx" / "default.conf"
        site.write_text(render(NGINX_TEMPLATE.read_text(), values))

    def route_to(self, a, b):
        """Point nginx at other nodes without dropping a connection (a reload)."""
        self.write_nginx_site(a, b)
        self.processes["nginx"].send_signal(signal.SIGHUP)
        # The old workers finish their requests; new ones read the new upstream at once.
        time.sleep(1.5)

    def get(self, path, timeout=10):
        """Status of a GET through nginx (0: no answer)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0
