"""`{% structured_data %}`: the page's JSON-LD, one `@graph`."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script: nothing in the data can end the element.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context):
    page = context.get("page")
    nodes = [node for node in getattr(page, "structured_data", list)() if node]
    if not nodes:
        return ""
    data = {"@context": "https://schema.org", "@graph": nodes}
    payload = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    payload = payload.translate(ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 (escaped above)
    )
