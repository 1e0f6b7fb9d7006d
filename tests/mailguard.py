"""A guard for every test: no e-mail may be sent while Django runs `on_commit` callbacks.

The site's e-mail backend stores each message in the outbox inside the caller's transaction, so
a mail belongs in the transaction of the change that causes it. A mail sent from an `on_commit`
callback is lost when the process stops between the commit and the callback, and it is not part
of the change. The guard marks the three places where Django runs such callbacks (a commit, an
`on_commit` outside any transaction, and the test helper that runs captured callbacks) and
records any message handed to an e-mail backend meanwhile; the test then fails, naming it.
"""

import contextlib
import threading

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import TestCase

from kenniscentrum.outbox.backend import QueueEmailBackend

# The e-mail backends the tests configure: the in-memory one and the site's outbox.
GUARDED_BACKENDS = (LocmemBackend, QueueEmailBackend)

_state = threading.local()


def running_commit_callbacks():
    return getattr(_state, "depth", 0) > 0


@contextlib.contextmanager
def commit_callbacks_running():
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1


class _GuardedCapture:
    """The test helper that captures `on_commit` callbacks runs them (execute=True) when its
    block ends: mark that moment."""

    def __init__(self, manager):
        self.manager = manager

    def __enter__(self):
        return self.manager.__enter__()

    def __exit__(self, *exc_info):
        with commit_callbacks_running():
            return self.manager.__exit__(*exc_info)


def _patch_callback_runners(monkeypatch):
    run_hooks = BaseDatabaseWrapper.run_and_clear_commit_hooks
    on_commit = BaseDatabaseWrapper.on_commit
    capture = TestCase.captureOnCommitCallbacks.__func__

    def guarded_run_hooks(self):
        with commit_callbacks_running():
            return run_hooks(self)

    def guarded_on_commit(self, func, robust=False):
        if self.in_atomic_block:
            return on_commit(self, func, robust)  # only recorded; runs at the commit
        with commit_callbacks_running():
            return on_commit(self, func, robust)  # no transaction: runs at once

    def guarded_capture(cls, **kwargs):
        return _GuardedCapture(capture(cls, **kwargs))

    monkeypatch.setattr(BaseDatabaseWrapper, "run_and_clear_commit_hooks", guarded_run_hooks)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", guarded_on_commit)
    monkeypatch.setattr(TestCase, "captureOnCommitCallbacks", classmethod(guarded_capture))


def _patch_backends(monkeypatch, offences):
    for backend in GUARDED_BACKENDS:
        send_messages = backend.send_messages

        def guarded_send(self, email_messages, _send=send_messages):
            if running_commit_callbacks():
                offences.extend(f"{m.subject!r} to {m.recipients()}" for m in email_messages)
            return _send(self, email_messages)

        monkeypatch.setattr(backend, "send_messages", guarded_send)


@pytest.fixture(autouse=True)
def _no_mail_from_on_commit(monkeypatch):
    """Fails the test when an e-mail was sent from an `on_commit` callback. Autouse fixtures
    run before the others, so pytest-django's capture helper is already the guarded one."""
    offences = []
    _patch_callback_runners(monkeypatch)
    _patch_backends(monkeypatch, offences)
    yield offences
    assert not offences, (
        "E-mail sent from a transaction.on_commit callback; send it inside the transaction "
        f"of the change instead: {offences}"
    )
