"""A real SMTP server on the loopback (aiosmtpd) that records what it receives: for the mail
outage drill and the tests. Development only."""

import threading
from collections import Counter

from kenniscentrum.loadtest.services import free_port

LOOPBACK = "127.0.0.1"


class SMTPRecorder:
    """aiosmtpd handler: records every message per recipient and every connection (one EHLO per
    connection); can refuse given recipients (550) or fail every message for now (451)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []  # (envelope recipients, raw message bytes)
        self.connections = 0
        self.refuse = set()
        self.failing = False

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.lock:
            self.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.failing:
            return "451 4.3.0 Try again later"
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def per_recipient(self):
        with self.lock:
            return Counter(r for recipients, _ in self.messages for r in recipients)


class SMTPServer:
    """An aiosmtpd server on a fixed loopback port that a test can stop and start again."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.recorder = SMTPRecorder()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.recorder, hostname=LOOPBACK, port=self.port)
        self.controller.start()
        # The controller's own readiness probe connected once without EHLO: not counted.

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def running(self):
        return self.controller is not None

    @property
    def url(self):
        return f"smtp://{LOOPBACK}:{self.port}"
