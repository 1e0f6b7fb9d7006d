"""The site's own pages: home, the editable pages, partners, contact, site-wide search, sitemap
and robots.txt, the personal dashboard and personal data.

Importing the package registers the site's part of the site-wide features (`section.py`): the
project discovers it as every app's `site` module (`autodiscover_modules("site")`).
"""

from kenniscentrum.site import section  # noqa: F401 (registers the site's Section)
