"""Inline citations: stored, numbered and rendered.

In the database a citation is a link of its own type inside rich text,
`<a linktype="citation" id="12">[SAMHSA 2006]</a>`, so Wagtail's reference
index records which pages cite which Reference. The text inside is only the
editor's marker.

On the public page each citation becomes a superscript `[n]` that links to
the nth entry of the page's reference list. Numbers follow the order in which
references are first cited across the page's rich text in reading order (the
page says which fields, `citation_sources()`); citing a reference again reuses
its number. `numbered_citations(page)` makes the numbering available while a
page renders; the `cited` filter and the `{% reference_list %}` tag use it.
"""

import re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.rich_text import LinkHandler, RichText
from wagtail.rich_text.rewriters import extract_attrs

from references.models import Reference
from richtext.values import rich_texts

LINK_TYPE = "citation"
ENTITY_TYPE = "CITATION"

# A whole citation element as stored: its attributes and the editor's marker.
CITATION_ELEMENT = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)


def citation_elements(source):
    """(reference id or None, marker text) for each citation in rich text
    source, in order, repeats kept."""
    for match in CITATION_ELEMENT.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == LINK_TYPE:
            reference_id = str(attrs.get("id", ""))
            label = re.sub(r"<[^>]+>", "", match.group(2)).strip()
            yield (int(reference_id) if reference_id.isdigit() else None), label


def without_citations(source):
    """Rich text source with its citations taken out (for plain-text uses
    such as structured data, and pages that do not number citations)."""

    def drop(match):
        attrs = extract_attrs(match.group(1))
        return "" if attrs.get("linktype") == LINK_TYPE else match.group(0)

    return CITATION_ELEMENT.sub(drop, source)


def citation_ids(source):
    """Reference ids cited in rich text source, in order, repeats kept."""
    return [ref for ref, _ in citation_elements(source) if ref is not None]


def validate_citations(value):
    """Rich text may only cite references that exist: a citation of a deleted
    one is named, so the editor can find it and cite another."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    cited = list(citation_elements(source))
    if not cited:
        return
    ids = {ref for ref, _ in cited if ref is not None}
    found = set(Reference.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [label or "?" for ref, label in cited if ref not in found]
    if missing:
        raise ValidationError(
            "These citations point to references that no longer exist: %(list)s. "
            "Remove them or cite another reference.",
            params={"list": ", ".join(dict.fromkeys(missing))},
            code="missing_reference",
        )


class CitationLinkHandler(LinkHandler):
    """Registers the link type, so the reference index counts citations.
    Pages render citations themselves (see `Citations.render`); where rich
    text is shown outside a page, a citation links to its source."""

    identifier = LINK_TYPE

    @staticmethod
    def get_model():
        return Reference

    @classmethod
    def extract_references(cls, attrs):
        # (model, object id, model path, content path) for the reference index.
        if str(attrs.get("id", "")).isdigit():
            yield Reference, attrs["id"], "", ""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        references = cls.get_many(attrs_list)
        return [
            format_html('<a class="citation-source" href="{}">', reference.link)
            if reference is not None and reference.link
            else "<a>"
            for reference in references
        ]


class Citations:
    """The citations of one page: numbering, references and occurrences,
    worked out on first use from the page's rich text in reading order."""

    def __init__(self, values):
        self.values = values
        self._loaded = False

    def load(self):
        if self._loaded:
            return
        cited = [
            reference_id
            for value in self.values
            for richtext in rich_texts(value)
            for reference_id in citation_ids(richtext.source)
        ]
        found = Reference.objects.in_bulk(set(cited)) if cited else {}
        self.numbers = {}
        for reference_id in cited:
            if reference_id in found and reference_id not in self.numbers:
                self.numbers[reference_id] = len(self.numbers) + 1
        self.references = [found[reference_id] for reference_id in self.numbers]
        self.counts = Counter(r for r in cited if r in self.numbers)
        self.rendered = Counter()
        self._loaded = True

    def entries(self):
        """The reference list: (number, reference, back-link anchors)."""
        self.load()
        return [
            (
                number,
                reference,
                [
                    citation_anchor(number, occurrence)
                    for occurrence in range(1, self.counts[reference.pk] + 1)
                ],
            )
            for number, reference in enumerate(self.references, start=1)
        ]

    def marker(self, reference_id, label):
        """The superscript for one citation, in rendering order."""
        self.load()
        number = self.numbers.get(reference_id)
        if number is None:
            return broken_marker(label)
        self.rendered[reference_id] += 1
        return format_html(
            '<sup class="citation"><a href="#{}" id="{}" aria-label="Reference {}">'
            "[{}]</a></sup>",
            reference_anchor(number),
            citation_anchor(number, self.rendered[reference_id]),
            number,
            number,
        )

    def render(self, source):
        """Rich text source with each citation replaced by its marker."""

        def replace(match):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") != LINK_TYPE:
                return match.group(0)
            reference_id = attrs.get("id", "")
            if not str(reference_id).isdigit():
                return broken_marker(match.group(2))
            return self.marker(int(reference_id), match.group(2))

        return CITATION_ELEMENT.sub(replace, source)


def reference_anchor(number):
    return f"ref-{number}"


def citation_anchor(number, occurrence):
    return f"cite-{number}-{occurrence}"


def broken_marker(label):
    """What a citation of a reference that no longer exists shows (in previews:
    publishing such a page is refused)."""
    return format_html(
        '<sup class="citation citation--broken">[missing reference: {}]</sup>',
        re.sub(r"<[^>]+>", "", label).strip().strip("[]") or "?",
    )


_citations = ContextVar("citations", default=None)


@contextmanager
def numbered_citations(citations):
    """While the block runs, `citations` (a page's) number the markers."""
    token = _citations.set(citations)
    try:
        yield
    finally:
        _citations.reset(token)


def current_citations():
    return _citations.get()


def render_cited(value):
    """Rich text (a RichText or its source) rendered with citation markers:
    numbered for the page being rendered; outside one, as source links."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    citations = current_citations()
    if citations is not None:
        source = citations.render(source)
    return mark_safe(RichText(source).__html__())  # noqa: S308 (expanded by Wagtail)


def render_without_citations(value):
    """Rich text rendered with its citations left out."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    return mark_safe(RichText(without_citations(source)).__html__())  # noqa: S308
