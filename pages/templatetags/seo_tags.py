"""`{% seo_meta %}` (description, canonical, Open Graph, Twitter card) and
`{% breadcrumbs %}` for page templates."""

from django import template
from django.conf import settings as django_settings
from django.utils.translation import to_locale

from pages.seo import (
    absolute_url,
    breadcrumb_pages,
    meta_description,
    page_title,
    share_image,
)

register = template.Library()


@register.inclusion_tag("includes/seo_meta.html", takes_context=True)
def seo_meta(context, title="", description="", url=""):
    """The tags search engines and link previews read, on every page: a
    page of the tree describes itself; a view outside it (search, the 404
    page) names its title and description, e.g.
    `{% seo_meta title="Search" description="…" %}`, and `url` if its
    address varies while its head is cached (the 404 page)."""
    request = context.get("request")
    page = context.get("page")
    if getattr(page, "pk", None) is None:
        page = None
    if request is None or (page is None and not title):
        return {"tags": False}
    settings = context["site_settings"]
    canonical = None  # a view outside the tree: not for search engines to list
    og_type = "website"
    if page is not None:
        title = page.seo_title or page_title(page, settings, request)
        description = meta_description(page) or fallback_description(page, settings)
        canonical = page.get_full_url(request)
        if page.specific_class.__name__ == "ArticlePage":
            og_type = "article"
    return {
        "tags": True,
        "title": title,
        "description": description,
        "canonical": canonical,
        "url": canonical or absolute_url(request, url or request.path),
        "site_name": settings.display_name,
        "og_type": og_type,
        "locale": to_locale(django_settings.LANGUAGE_CODE),
        "image": share_image(page, settings, request),
    }


def fallback_description(page, settings):
    """For a page with no text of its own to describe it."""
    where = f", {settings.locality}" if settings.locality else ""
    return f"{page.title}: {settings.display_name}{where}."


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    return {"crumbs": breadcrumb_pages(context.get("page"), request)}
