from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def language_links(request):
    """The current page in every language, for the language switch and hreflang alternates.

    A view may set `request.language_urls` ({language code: URL}) when the page in another
    language has an address `translate_url` cannot guess, e.g. an article's translation.
    """
    query = request.GET.urlencode()
    overrides = getattr(request, "language_urls", {})
    links = []
    for code, name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        url = f"{path}?{query}" if query else path
        url = overrides.get(code, url)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == get_language(),
            }
        )
    return {"language_links": links}


def seo(request):
    """The page's canonical address (without tracking or filter parameters) and the site root."""
    canonical = request.build_absolute_uri(request.path)
    page = request.GET.get("page")
    if page and page.isdigit() and page != "1":
        canonical += f"?page={page}"
    return {"canonical_url": canonical, "site_root": request.build_absolute_uri("/").rstrip("/")}
