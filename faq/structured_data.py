"""schema.org FAQPage for the questions a page shows."""

import re

from wagtail.rich_text import RichText, get_text_for_indexing

from references.citations import without_citations


def plain_text(answer):
    """An answer as plain text: no markup, no citation markers."""
    source = answer.source if isinstance(answer, RichText) else str(answer)
    text = get_text_for_indexing(without_citations(source))
    return re.sub(r"\s+", " ", text).strip()


def faq_page_node(entries):
    """The FAQPage node listing `entries` one to one, in order; None if none."""
    entries = list(entries)
    if not entries:
        return None
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(entry.answer)},
            }
            for entry in entries
        ],
    }
