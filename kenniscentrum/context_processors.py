from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation


def language_links(request):
    """The current page in every language, for the language switch and hreflang alternates.

    A view may set `request.language_urls` ({language code: URL}) when the page in another
    language has an address `translate_url` cannot guess, e.g. an article's translation.
    """
    query = request.GET.urlencode()
    overrides = getattr(request, "language_urls", {})
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        path = _path_in(request, code)
        url = f"{path}?{query}" if query else path
        url = overrides.get(code, url)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return {"language_links": links}


def _path_in(request, code):
    """The request's path in language `code`. The URL the request resolved to is reversed again,
    as `translate_url` does, without resolving the path a second time (every page pays this)."""
    match = request.resolver_match
    if match is None or not match.url_name:  # an error page, or a view without a name
        return translate_url(request.path, code)
    with translation.override(code):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path


def seo(request):
    """The page's canonical address (without tracking or filter parameters) and the site root."""
    canonical = request.build_absolute_uri(request.path)
    page = request.GET.get("page")
    if page and page.isdigit() and page != "1":
        canonical += f"?page={page}"
    return {"canonical_url": canonical, "site_root": request.build_absolute_uri("/").rstrip("/")}
