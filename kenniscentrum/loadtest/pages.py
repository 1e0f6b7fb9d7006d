"""The pages `manage.py benchmark`, `soak` and `resilience` measure: (label, path, logged in?).

Each app names its representative pages in its registry entry (`benchmark_pages` in its
`site.py`), picked from the data present, so the load tests run on the demo data and on the scale
data alike. A logged-in page is seen by the person its app names (`benchmark_user()`).
"""

from django.utils import translation

from kenniscentrum.lib import registry


def _registered_pages():
    with translation.override("nl"):
        return registry.benchmark_pages()


def benchmark_pages():
    return [(label, path, user is not None) for label, path, user in _registered_pages()]


def benchmark_user():
    """The person who sees the logged-in pages (the manager of the BIN whose page is measured)."""
    return next((user for _label, _path, user in _registered_pages() if user), None)
