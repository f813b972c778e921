"""`{% faq_groups page as groups %}` for the FAQ page's template."""

from django import template

from faq.hub import grouped_questions

register = template.Library()


@register.simple_tag
def faq_groups(hub):
    """The FAQ page's questions by topic. Worked out only when the template
    renders it: not at all when the page comes from its cached fragment."""
    return grouped_questions(hub)
