"""`{{ value|cited }}` and `{% reference_list %}` for page templates."""

from django import template

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
