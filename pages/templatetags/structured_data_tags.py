"""`{% structured_data %}`: the page's JSON-LD, one `@graph`."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pages.seo import breadcrumb_node, breadcrumb_pages, clinic_node

register = template.Library()

# As django.utils.html.json_script: nothing in the data can end the element.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context):
    """The practice (MedicalClinic), the breadcrumb trail, and the page's own
    nodes (MedicalWebPage, FAQPage) as one graph."""
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None or getattr(page, "pk", None) is None:
        return ""
    nodes = [
        clinic_node(context["site_settings"], request),
        breadcrumb_node(breadcrumb_pages(page, request), request),
        *getattr(page, "structured_data", list)(),
    ]
    nodes = [node for node in nodes if node]
    data = {"@context": "https://schema.org", "@graph": nodes}
    payload = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    payload = payload.translate(ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 (escaped above)
    )
