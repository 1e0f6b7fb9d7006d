"""Servers the site uses beside PostgreSQL, started on the loopback for drills and tests: a
redis-server of Debian's package. Reads no settings, so that the tests can import it early."""

import shutil
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


class RedisServer:
    """One redis-server on the loopback, without persistence (a restart starts empty)."""

    def __init__(self, binary, port):
        self.binary, self.port = binary, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.folder = tempfile.mkdtemp(prefix="test-redis-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", self.folder, "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def close(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
