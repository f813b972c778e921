"""Wagtail's routing of a public URL, kept for the current content version.

Before Wagtail can render a page it finds the Site for the request's host
(one query), then walks the page tree from the site's root, one query per
level: for an article, the home page, the resource library and the article,
with the topic, image and reviewer it shows. With the rendered fragments
served from the cache (`caching.fragments`), that routing is most of what
an uncached page view costs.

`RouteCacheMiddleware` keeps the outcome, the Site and Wagtail's
`RouteResult` (the page, loaded as routing loaded it), in Django's cache
under the same content version that keys the fragments: every save of a
page, site, snippet or setting increments that number, so a kept route is
never served once anything it depends on (a slug, a move, publishing,
unpublishing, a new site) has changed, on any app server. Wagtail's own
`serve` view then finds both on the request, where `Site.find_for_request`
and `Page.route_for_request` keep them, and carries on as usual: the page's
view restrictions, the `before_serve_page` hooks and `serve()` all run on
every request.

Only plain page routes are kept: a `RoutablePageMixin` route carries a view
function and its arguments, and is routed afresh each time; so is a URL
that matches no page, so that made-up URLs cannot fill the cache.
"""

from django.conf import settings
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from caching.fragments import content_cache, versioned_key


def route_key(request, path):
    """The cache key of the route for this request, or None if it must be
    routed afresh (no content version, as in previews and when the database
    failed; or not a GET or HEAD)."""
    version = getattr(request, "content_version", None)
    if version is None or request.method not in ("GET", "HEAD"):
        return None
    # What Wagtail's routing depends on: the host and port that choose the
    # Site (the Host header was validated by CommonMiddleware before any
    # view), the active language (the root page is localized), and the path.
    hostname = split_domain_port(request._get_raw_host())[0]
    return versioned_key(
        "route",
        version,
        hostname,
        request.get_port(),
        translation.get_language(),
        path,
    )


def is_plain_route(result):
    return result is not None and not result.args and not result.kwargs


class RouteCacheMiddleware:
    """Serves Wagtail's page routing from the cache (see the module's doc)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.CONTENT_CACHE_TIMEOUT

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = route_key(request, path)
        if key is None:
            return None
        cache = content_cache()
        kept = cache.get(key)
        if kept is not None:
            request._wagtail_site, request._wagtail_route_for_request = kept
            return None
        # Route now, as Wagtail's view would; it finds the result on the
        # request. Stored before anything is rendered, so the cache holds
        # the objects exactly as routing loaded them.
        result = Page.route_for_request(request, path)
        if is_plain_route(result):
            cache.set(key, (Site.find_for_request(request), result), self.timeout)
        return None
