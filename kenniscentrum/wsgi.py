"""WSGI entry point for gunicorn."""

import gc
import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kenniscentrum.settings")

application = get_wsgi_application()


def warm_up():
    """Import every view, load the translations and compile the templates before the workers start.

    gunicorn forks its workers from this process (preload_app): done here once, a new or recycled
    worker serves its first requests at full speed instead of importing and compiling for several
    hundred milliseconds while requests queue behind it. Touches no database.
    """
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.templatetags.static import static
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports the URL configuration and every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Zoeken")  # loads every message catalogue of that language
    try:
        static("css/site.css")  # reads the static files' manifest
    except ValueError:
        pass  # no manifest yet (collectstatic not run): the pages will say so, not start-up
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            try:
                get_template(str(path.relative_to(folder)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
    # Keep the garbage collector of the forked workers away from everything loaded so far: it
    # would write to every object and so copy the memory the workers could share.
    gc.freeze()


warm_up()
