"""Admin wiring for FAQs: the reusable FAQ snippet."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    SnippetChooserViewSet,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from faq.models import FAQ
from faq.widgets import question_and_answer


class WithAnswer:
    """A question chosen in the pop-up shows at once what the widget shows
    after a reload: the question and the start of its answer."""

    def get_chosen_response_data(self, item):
        return {
            **super().get_chosen_response_data(item),
            "title": question_and_answer(item),
        }


class FAQChosenView(WithAnswer, SnippetChosenView):
    pass


class FAQCreateView(WithAnswer, SnippetCreateView):
    pass


class FAQChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = FAQChosenView
    create_view_class = FAQCreateView


class FAQViewSet(SnippetViewSet):
    model = FAQ
    icon = "help"
    menu_label = "FAQs"
    add_to_admin_menu = False
    list_display = ["question", "topic", "live"]
    list_filter = ["topic", "live"]
    ordering = ["question"]
    chooser_viewset_class = FAQChooserViewSet


register_snippet(FAQViewSet)
