"""StreamField blocks for page bodies.

Every block sets an icon, a label, a template and a preview value, so the
editor's block picker shows a real preview.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from faq.blocks import FAQSectionBlock
from references.blocks import CitableRichTextBlock
from richtext.features import PARAGRAPH_FEATURES  # noqa: F401 (the one list)
from richtext.page_links import PrefetchedPageChooserBlock


class SectionHeadingBlock(blocks.StructBlock):
    """A section heading. Editors phrase h2 sections as the reader's question
    ("How is an IOP different from weekly therapy?"); h3 marks a subsection.
    Each heading has a stable anchor id, from its text unless set by hand, so
    "On this page" and links from elsewhere keep working.
    """

    heading = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")],
        default="h2",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        validators=[validate_slug],
        help_text="Optional: the id used in links to this section, e.g. "
        "'cost'. Leave blank to derive it from the heading.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = heading_anchor(value)
        return context

    class Meta:
        icon = "title"
        label = "Section heading"
        template = "pages/blocks/section_heading_block.html"
        preview_value = {
            "heading": "How is an IOP different from weekly therapy?",
            "level": "h2",
        }
        description = "A heading that starts a new section of the page."


def heading_anchor(value):
    """The id of a section heading block's value."""
    return value.get("anchor") or slugify(value["heading"]) or "section"


class ParagraphBlock(CitableRichTextBlock):
    """Running text with links, bold, italic, lists and citations."""

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        template = "pages/blocks/paragraph_block.html"
        preview_value = (
            "<p>An intensive outpatient program gives you several hours of "
            "structured treatment a week while you keep living at home.</p>"
        )
        description = "Rich text: paragraphs, links, bold, italic, lists, citations."


class FigureBlock(blocks.StructBlock):
    """An image in the body, with alt text (or marked decorative) and an
    optional caption. Loaded lazily, in modern formats, at the size needed."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    def get_preview_value(self):
        # Show the newest picture in the library, if there is one yet.
        image = get_image_model().objects.order_by("-created_at").first()
        if image is None:
            return None
        return self.to_python(
            {
                "image": {
                    "image": image.pk,
                    "decorative": False,
                    "alt_text": image.default_alt_text,
                },
                "caption": image.title,
            }
        )

    class Meta:
        icon = "image"
        label = "Image"
        template = "pages/blocks/figure_block.html"
        description = "A picture with its alt text and an optional caption."


class CalloutBlock(blocks.StructBlock):
    """A boxed note that stands out from the text: "information" for helpful
    context, "important" for what a reader must not miss."""

    kind = blocks.ChoiceBlock(
        choices=[("information", "Information"), ("important", "Important")],
        default="information",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = CitableRichTextBlock()

    class Meta:
        icon = "info-circle"
        label = "Callout"
        template = "pages/blocks/callout_block.html"
        preview_value = {
            "kind": "information",
            "title": "Good to know",
            "text": "<p>Most PPO and POS plans cover IOP after the deductible.</p>",
        }
        description = "A highlighted note: information or important."


class CrisisCalloutBlock(blocks.StructBlock):
    """Where to turn in a crisis. The numbers come from the practice details
    (site settings), so one change there updates every page."""

    heading = blocks.CharBlock(max_length=120, default="If you are in crisis right now")
    text = blocks.TextBlock(
        required=False,
        max_length=400,
        default=(
            "This page is not the right first stop. Help is available right "
            "now, and treatment works."
        ),
    )

    class Meta:
        icon = "warning"
        label = "Crisis callout"
        template = "pages/blocks/crisis_callout_block.html"
        preview_value = {
            "heading": "If you are in crisis right now",
            "text": "This page is not the right first stop. Help is available "
            "right now, and treatment works.",
        }
        description = (
            "The crisis lines from the practice details, as tap-to-call links."
        )


class CallToActionBlock(blocks.StructBlock):
    """Invites the reader to call (the practice's phone, from site settings)
    and links to a page such as a program or the admissions form."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    page = PrefetchedPageChooserBlock(required=False, label="Link to page")
    link_text = blocks.CharBlock(required=False, max_length=60)

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and not value.get("link_text"):
            raise StructBlockValidationError(
                {"link_text": ValidationError("Give the link a text.")}
            )
        return value

    class Meta:
        icon = "mail"
        label = "Call to action"
        template = "pages/blocks/call_to_action_block.html"
        preview_value = {
            "heading": "Talk to our admissions team",
            "text": "We can check your insurance benefits free and confidentially.",
        }
        description = "The practice's phone number, a short text and a link."


class QuoteBlock(blocks.StructBlock):
    """A short quotation, with who said or wrote it."""

    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "pages/blocks/quote_block.html"
        preview_value = {
            "quote": "Treatment works, and help is available.",
            "attribution": "Manifest Behavioral Health",
        }
        description = "A quotation with its source."


class BodyBlock(blocks.StreamBlock):
    """The blocks of a page body. Section anchors must be unique on a page."""

    heading = SectionHeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    callout = CalloutBlock()
    crisis_callout = CrisisCalloutBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    faq_section = FAQSectionBlock()

    def clean(self, value):
        # Report duplicate anchors together with any errors inside the blocks,
        # so the editor sees every problem at once.
        anchor_errors = self.duplicate_anchor_errors(value)
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as error:
            raise blocks.StreamBlockValidationError(
                block_errors={**anchor_errors, **error.block_errors},
                non_block_errors=error.non_block_errors,
            ) from error
        if anchor_errors:
            raise blocks.StreamBlockValidationError(block_errors=anchor_errors)
        return cleaned

    @staticmethod
    def duplicate_anchor_errors(value):
        seen = {}
        errors = {}
        for index, child in enumerate(value):
            if child.block_type != "heading":
                continue
            anchor = heading_anchor(child.value)
            if anchor in seen:
                errors[index] = ValidationError(
                    f"Another section already uses the anchor '{anchor}' "
                    f"(block {seen[anchor] + 1}). Change the heading or set "
                    "a different anchor."
                )
            seen.setdefault(anchor, index)
        return errors
