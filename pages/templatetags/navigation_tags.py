from django import template
from wagtail.models import Site

from richtext.page_links import PAGE_LINK_FIELDS

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's main navigation: live pages under the home page that
    editors marked "Show in menus", in the order of the page tree."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = []
    if site is not None:
        children = site.root_page.get_children().live().in_menu()
        for page in children.only(*PAGE_LINK_FIELDS):
            items.append(
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "is_current": current is not None and current.pk == page.pk,
                    "in_section": current is not None
                    and current.path.startswith(page.path),
                }
            )
    return {"items": items}
