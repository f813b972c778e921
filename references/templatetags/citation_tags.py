"""`{{ value|cited }}` and `{% reference_list %}` for page templates."""

import re

from django import template
from django.utils.safestring import mark_safe

from references.citations import (
    current_citations,
    render_cited,
    render_without_citations,
)

register = template.Library()


@register.filter
def cited(value):
    """Like Wagtail's `richtext` filter, with citations as numbered markers."""
    return render_cited(value)


@register.inclusion_tag("references/reference_list.html")
def reference_list():
    """The page's numbered reference list; nothing if it cites nothing."""
    citations = current_citations()
    return {"entries": citations.entries() if citations is not None else []}


@register.filter
def without_citations(value):
    """Rich text rendered with its citation markers left out (for answers
    shown away from the page whose reference list they belong to)."""
    return render_without_citations(value)


# The text of a link to an address ("https://…</a>"), in escaped HTML.
LINKED_ADDRESS = re.compile(r">(https?://)([^<]+)</a>")


@register.filter
def break_at_slashes(html):
    """A reference's HTML with a line-break opportunity (`<wbr>`) after each
    slash of the addresses it shows, so that a long address wraps between
    its parts on a phone, not in the middle of a word."""
    return mark_safe(  # noqa: S308 (the input is escaped HTML; <wbr> is ours)
        LINKED_ADDRESS.sub(
            lambda match: f">{match[1]}{match[2].replace('/', '/<wbr>')}</a>",
            str(html),
        )
    )
