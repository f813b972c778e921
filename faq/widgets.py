"""The editor's chooser for saved FAQ questions."""

from django.utils.text import Truncator
from wagtail.snippets.widgets import AdminSnippetChooser

from faq.structured_data import plain_text

# Enough of the answer to tell two similar questions apart at a glance.
ANSWER_PREVIEW_LENGTH = 120


def question_and_answer(faq):
    """A saved question as the editor shows it once chosen: the question and
    the start of its answer."""
    answer = Truncator(plain_text(faq.answer)).chars(ANSWER_PREVIEW_LENGTH)
    return f"{faq.question} — {answer}" if answer else faq.question


class FAQChooser(AdminSnippetChooser):
    """The snippet chooser for a "Saved question" in an FAQ section. A chosen
    question shows the start of its answer too, so an editor sees what the
    page will say without opening the snippet."""

    def get_display_title(self, instance):
        return question_and_answer(instance)
