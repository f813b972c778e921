"""Rich text that may cite references."""

from wagtail import blocks

from references.citations import validate_citations
from richtext.features import PARAGRAPH_FEATURES


class CitableRichTextBlock(blocks.RichTextBlock):
    """Rich text with the paragraph features, whose citations must point to
    references that exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        kwargs.setdefault("validators", [validate_citations])
        super().__init__(**kwargs)
