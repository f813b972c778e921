"""What the Medical Director approves, as text to read, compare and
fingerprint.

The approved content of a clinical page (or of the site-wide text) is:

- its clinical fields (`clinical_fields` of the model), as stored;
- the text of every snippet those fields show (a topic by its name, a byline
  by the clinician's name, credentials and role, a saved question by its
  question and answer), read through the snippet's `shown_text()`, or, for a
  model that does not say, through all of its text fields: a snippet added
  later is covered without a declaration;
- the entries of the reference list, as the page shows them.

`clinical_parts` gives that content as labelled text in reading order (what
the differences view compares and an approval keeps); `clinical_fingerprint`
digests the stored values and that text, so any change a visitor could read,
in the page or in a snippet it shows, changes the fingerprint.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import extract_attrs
from wagtail.snippets.blocks import SnippetChooserBlock

from pages.content_hash import fields_hash
from references.citations import Citations

# A paragraph-level element of rich text: each becomes a line of its own.
PARAGRAPH_BREAK = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.I)
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.I | re.S)


@dataclass(frozen=True)
class Part:
    """One labelled piece of approved content: a field, or the references."""

    label: str
    text: str

    def as_list(self):
        return [self.label, self.text]


def link_text(match):
    """A link as a reviewer needs to read it: its words and where it goes,
    from the stored attributes (no query: a linked page's own title is not
    part of this page's content)."""
    attrs = extract_attrs(match.group(1))
    words = strip_tags(match.group(2)).strip()
    kind = attrs.get("linktype")
    if kind == "citation":
        return f"[cites reference #{attrs.get('id', '?')}]"
    if kind == "page":
        return f"{words} (link to page #{attrs.get('id', '?')})"
    if kind == "document":
        return f"{words} (link to document #{attrs.get('id', '?')})"
    if attrs.get("href"):
        return f"{words} (link to {attrs['href']})"
    return words


def rich_text_lines(source):
    """Each paragraph, heading and list item of rich text source, as a line
    of plain text with its links spelled out."""
    source = source.source if isinstance(source, RichText) else str(source or "")
    source = LINK.sub(link_text, source)
    for chunk in PARAGRAPH_BREAK.split(source):
        line = " ".join(strip_tags(chunk).split())
        if line:
            yield line


def text_fields(obj):
    """The names of a model's text fields (not identifiers such as slugs)."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.editable
    ]


def shown_text(obj):
    """What a page shows of a snippet, as lines of text: the snippet's own
    `shown_text()`, else every text field of it (a page may show even a
    snippet never published: its row is what it shows)."""
    if obj is None:
        return []
    own = getattr(obj, "shown_text", None)
    if callable(own):
        return [line for text in own() for line in rich_text_lines(text)]
    lines = []
    for name in text_fields(obj):
        value = getattr(obj, name)
        if isinstance(obj._meta.get_field(name), RichTextField):
            lines.extend(rich_text_lines(value))
        elif value:
            lines.append(str(value))
    return lines


def object_label(obj):
    if isinstance(obj, Page):
        return f"page #{obj.pk}"
    if isinstance(obj, AbstractImage):
        return f"image #{obj.pk}"
    return f"{obj._meta.verbose_name} #{obj.pk}"


def block_lines(block, value):
    """Lines of text a block's value shows, each led by the block's label."""
    if value is None or value == "":
        return
    label = capfirst(str(block.label or block.name or ""))
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from block_lines(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from block_lines(block.child_block, item)
    elif isinstance(block, ImageBlock):
        alt = "decorative" if value.decorative else f"“{value.contextual_alt_text}”"
        yield f"{label}: image #{value.pk}, alt text {alt}"
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from block_lines(child_block, value.get(name))
    elif isinstance(block, blocks.RichTextBlock):
        for line in rich_text_lines(value):
            yield f"{label}: {line}"
    elif isinstance(block, SnippetChooserBlock):
        for line in shown_text(value):
            yield f"{label}: {line}"
    elif isinstance(block, blocks.ChooserBlock):
        yield f"{label}: {object_label(value)}"
    elif isinstance(block, blocks.ChoiceBlock):
        choices = dict(block.field.choices)
        yield f"{label}: {choices.get(value, value)}"
    elif isinstance(block, blocks.BooleanBlock):
        yield f"{label}: {'yes' if value else 'no'}"
    else:
        yield f"{label}: {value}"


def field_lines(obj, field):
    """Lines of text a model field's value shows."""
    if isinstance(field, StreamField):
        stream = getattr(obj, field.name)
        return list(block_lines(stream.stream_block, stream))
    if isinstance(field, RichTextField):
        return list(rich_text_lines(getattr(obj, field.name)))
    if field.is_relation:
        related = getattr(obj, field.name)
        if related is None or isinstance(related, Page | AbstractImage):
            return [object_label(related)] if related is not None else []
        return shown_text(related)
    value = field.value_from_object(obj)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return [str(value)] if value not in (None, "") else []


def clinical_parts(obj):
    """The approved content of `obj` as labelled text, in reading order: its
    clinical fields, then its reference list."""
    parts = []
    for name in obj.clinical_fields:
        field = obj._meta.get_field(name)
        parts.append(
            Part(capfirst(str(field.verbose_name)), "\n".join(field_lines(obj, field)))
        )
    if hasattr(obj, "rich_text_values"):
        citations = Citations(obj.rich_text_values())
        citations.load()
        entries = [
            f"{number}. {' '.join(strip_tags(reference.formatted()).split())}"
            for number, reference in enumerate(citations.references, start=1)
        ]
        if entries:
            parts.append(Part("References", "\n".join(entries)))
    return parts


def clinical_fingerprint(obj, parts=None):
    """A digest of the approved content of `obj` as it stands: its clinical
    fields as stored and the text of its parts; equal content, equal digest,
    however it was saved (`pages.content_hash.fields_hash`)."""
    parts = clinical_parts(obj) if parts is None else parts
    return fields_hash(
        obj, obj.clinical_fields, extra=[part.as_list() for part in parts]
    )
