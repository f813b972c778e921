"""FAQ blocks: a section of questions, each written in place or chosen from
the reusable FAQ snippet."""

from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from faq.widgets import FAQChooser
from references.blocks import CitableRichTextBlock
from richtext.anchors import unique_anchor

DEFAULT_HEADING = "Frequently asked questions"


@dataclass
class FAQEntry:
    """One question as the page shows it."""

    question: str
    answer: RichText
    snippet_id: int | None = None  # the FAQ snippet it comes from, if any
    topic_id: int | None = None

    @cached_property
    def anchor_base(self):
        return "faq-" + (slugify(self.question)[:60].strip("-") or "question")


class FAQItemBlock(blocks.StructBlock):
    """A question answered in place, on this page only."""

    question = blocks.CharBlock(max_length=255)
    answer = CitableRichTextBlock()

    class Meta:
        icon = "help"
        label = "Question"
        form_classname = "faq-item-block"


class FAQChooserBlock(SnippetChooserBlock):
    """A question chosen from the saved FAQ snippets. The editor's chooser
    shows the start of the chosen question's answer (`FAQChooser`)."""

    @cached_property
    def widget(self):
        return FAQChooser(self.target_model, icon=self.meta.icon)


class FAQSectionBlock(blocks.StructBlock):
    """Frequently asked questions: an h2 and questions that open and close.
    Each question is written here or chosen from the saved FAQ snippets,
    which staff reuse across pages."""

    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text=f"Leave blank for “{DEFAULT_HEADING}”.",
    )
    items = blocks.StreamBlock(
        [
            ("question", FAQItemBlock()),
            (
                "faq",
                FAQChooserBlock(
                    "faq.FAQ",
                    label="Saved question",
                    icon="help",
                    help_text="A question saved under Snippets › FAQs, "
                    "shown the same on every page that uses it.",
                ),
            ),
        ],
        min_num=1,
        label="Questions",
    )

    class Meta:
        icon = "help"
        label = "FAQ section"
        template = "faq/blocks/faq_section_block.html"
        description = "Questions and answers that open and close."
        # A new section starts with one question to write: an empty list
        # would only be refused on save for having no questions.
        default = {"items": [("question", {"question": "", "answer": ""})]}
        preview_value = {
            "heading": DEFAULT_HEADING,
            "items": [
                (
                    "question",
                    {
                        "question": "Can I work while in an IOP?",
                        "answer": "<p>Often, yes: sessions are in the evening.</p>",
                    },
                )
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["heading"] = value.get("heading") or DEFAULT_HEADING
        context["anchor"] = unique_anchor("faq")
        context["entries"] = [
            (entry, unique_anchor(entry.anchor_base)) for entry in faq_entries(value)
        ]
        return context


def faq_entries(section):
    """The questions a FAQ section value shows, in order: in-place questions,
    and saved ones that are published (a draft-only snippet is not shown)."""
    for item in section["items"]:
        if item.block_type == "question":
            yield FAQEntry(item.value["question"], item.value["answer"])
        elif item.value is not None and item.value.live:
            faq = item.value
            yield FAQEntry(faq.question, RichText(faq.answer), faq.pk, faq.topic_id)


def page_faq_entries(body):
    """Every question a page body shows, in reading order."""
    for block in body:
        if block.block_type == "faq_section":
            yield from faq_entries(block.value)


# Only the editor's widget differs from a SnippetChooserBlock's: the stored
# value is the same, so migrations record the block as Wagtail's own and a
# change to the widget never needs one (Wagtail aliases its blocks this way).
DECONSTRUCT_ALIASES = {FAQChooserBlock: "wagtail.snippets.blocks.SnippetChooserBlock"}
