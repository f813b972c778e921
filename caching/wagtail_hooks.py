"""Wagtail hooks of the page cache."""

from wagtail import hooks

from caching.cache_keys import only_declared


@hooks.register("before_serve_page")
def remember_the_page(page, request, serve_args, serve_kwargs):
    # Marks the request as a page view (only those are stored: their purges
    # are known), and tells the page cache how long this page may be kept.
    request.page_cache_page = page
    # The page is keyed by the query parameters it declares: it must not
    # see any other (a tracking tag), or that could change what is stored.
    only_declared(request, page)
