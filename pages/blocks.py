"""StreamField blocks for page bodies.

Every block sets an icon, a label, a template and a preview value, so the
editor's block picker shows a real preview.
"""

from django.utils.text import slugify
from wagtail import blocks

# The one list of rich-text features for body paragraphs (and, later, FAQ
# answers): internal and external links, document links, bold, italic, lists.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class SectionHeadingBlock(blocks.StructBlock):
    """A section heading. Editors phrase h2 sections as the reader's question;
    h3 marks a subsection. Each heading gets a stable anchor id from its text.
    """

    heading = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")],
        default="h2",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value["heading"])
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


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with links, bold, italic and lists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        template = "pages/blocks/paragraph_block.html"
        preview_value = (
            "<p>An intensive outpatient program gives you several hours of "
            "structured treatment a week while you keep living at home.</p>"
        )
        description = "Rich text: paragraphs, links, bold, italic and lists."


class BodyBlock(blocks.StreamBlock):
    """The blocks available in the body of home and standard pages."""

    heading = SectionHeadingBlock()
    paragraph = ParagraphBlock()
