"""`{{ value|cited }}` and `{% reference_list %}` for page templates."""

from django import template

from references.citations import current_citations, render_cited

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
