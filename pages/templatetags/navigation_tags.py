from django import template
from django.db import DatabaseError
from wagtail.models import Site

from richtext.page_links import PAGE_LINK_FIELDS

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's main navigation: live pages under the home page that
    editors marked "Show in menus", in the order of the page tree. Empty,
    rather than an error, when the database is down: the branded 404 shows
    the menu, and must render without the database."""
    try:
        items = menu_items(context["request"], context.get("page"))
    except DatabaseError:
        items = []
    return {"items": items}


def menu_items(request, current):
    site = Site.find_for_request(request)
    if site is None:
        return []
    children = site.root_page.get_children().live().in_menu()
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "is_current": current is not None and current.pk == page.pk,
            "in_section": current is not None and current.path.startswith(page.path),
        }
        for page in children.only(*PAGE_LINK_FIELDS)
    ]


@register.filter
def wordmark(name):
    """The practice's name split for the header's wordmark: the first word
    large, the rest small under it ("Manifest" / "Behavioral Health")."""
    first, _, rest = (name or "").partition(" ")
    return {"first": first, "rest": rest}
