"""What makes a cached page out of date (see the package's docstring): a write to a table the
page read (`tables.py`), or a moment at which its content changes by itself."""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from kenniscentrum.lib import registry
from kenniscentrum.pagecache import tables

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


class Schedule:
    """This process's next scheduled change, with the versions of the tables it was computed
    from: computed again only when one of them moved on, or when the moment has passed."""

    def __init__(self):
        self.versions = None
        self.until = 0.0

    def until_for(self, current):
        """Epoch seconds of the next scheduled change, given `current`, the versions of every
        table read before the page was rendered."""
        now = time.time()
        if self.versions is None or self.until <= now or self._moved(current):
            recorded, token = tables.start_recording()
            try:
                moment = next_scheduled_change(timezone.now())
            finally:
                tables.stop_recording(token)
            # Computed after `current` was read: at least as new as those versions.
            self.versions = tables.versions_of(recorded, current)
            self.until = moment.timestamp()
        return self.until

    def _moved(self, current):
        return tables.versions_of(self.versions, current) != self.versions


_schedule = Schedule()


def valid_until(current):
    """Epoch seconds until which a page rendered after reading the versions `current` may be
    served."""
    return min(_schedule.until_for(current), time.time() + settings.PAGE_CACHE_SECONDS)
