"""The site-wide content version and how long a cached page may live (see the package's
docstring): what makes a cached page out of date."""

import time
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from kenniscentrum.lib import registry

SEQUENCE = "kenniscentrum_content_version"

# A login only stamps the account: nothing public changes.
USER_FIELDS_NOT_SHOWN = frozenset({"last_login", "password"})


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


# --- the content version --------------------------------------------------------------------


def content_version():
    """The site-wide content version, as every web process sees it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        return cursor.fetchone()[0]


def _next_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])


def bump_content_version():
    """Make every cached page out of date.

    Moved on at once, and again after the commit when inside a transaction: a page rendered
    between the two read the old rows but was stored under the first new version, which the
    second move abandons. (A sequence is not transactional, so moving it takes no lock.)"""
    if not enabled():
        return
    _next_version()
    if connection.in_atomic_block:
        transaction.on_commit(_next_version)


def _content_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: act once, after
        return
    update_fields = kwargs.get("update_fields")
    if sender._meta.label_lower == "members.user" and update_fields:
        if set(update_fields) <= USER_FIELDS_NOT_SHOWN:
            return
    bump_content_version()


def connect_signals():
    """Watch every content model: a new app's models are content unless its registry entry lists
    them in `not_content`."""
    not_content = registry.not_content()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in not_content:
            continue
        uid = f"pagecache:{label}"
        # Many-to-many rows added through a relation send m2m_changed, not post_save.
        m2m_changed.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:m2m")
        if model._meta.auto_created:
            continue
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:delete")


# --- content that changes as time passes ----------------------------------------------------


def next_scheduled_change(now):
    """The next moment a public page changes although nobody saves anything: midnight (roles,
    mandates and other dates "current" today) or the first of the apps' scheduled changes (an
    event starting or ending, a registration window opening or closing, an article reaching its
    publication time)."""
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    )
    return min([midnight, *registry.scheduled_changes(now)])


_schedule = {"version": None, "until": 0.0}


def valid_until(version):
    """Epoch seconds until which a page of this content version may be served."""
    now = time.time()
    if _schedule["version"] != version or _schedule["until"] <= now:
        # Once per content version and scheduled moment in each process: one query.
        moment = next_scheduled_change(timezone.now())
        _schedule.update(version=version, until=moment.timestamp())
    return min(_schedule["until"], now + settings.PAGE_CACHE_SECONDS)
