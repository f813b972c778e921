"""Admin wiring for FAQs: the reusable FAQ snippet."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from faq.models import FAQ


class FAQViewSet(SnippetViewSet):
    model = FAQ
    icon = "help"
    menu_label = "FAQs"
    add_to_admin_menu = False
    list_display = ["question", "topic", "live"]
    list_filter = ["topic", "live"]
    ordering = ["question"]


register_snippet(FAQViewSet)
