"""Wagtail hooks of the page cache."""

from wagtail import hooks


@hooks.register("before_serve_page")
def remember_the_page(page, request, serve_args, serve_kwargs):
    # Marks the request as a page view (only those are stored: their purges
    # are known), and tells the page cache how long this page may be kept.
    request.page_cache_page = page
