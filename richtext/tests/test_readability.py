"""The reading level an editor sees: the grade, the longest sentences and the
long words of known texts, how fields are read as text, and the panel."""

import socket
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import validate_slug
from wagtail import blocks
from wagtail.blocks.stream_block import StreamValue
from wagtail.rich_text import RichText

from richtext.panels import ReadingLevelPanel
from richtext.readability import (
    EMPTY_MESSAGE,
    LONG_WORDS_SHOWN,
    TARGET_GRADE_MAX,
    LongWord,
    ReadingLevel,
    Sentence,
    plain_text,
    reading_level,
)

# Three sentences of six one-syllable words each.
SHORT_WORDS = "The cat sat on the mat. The dog ran to the park. We had fun in the sun."

LONG_AND_HARD = (
    "Comprehensive psychiatric evaluation and individualized medication "
    "management, coordinated across intensive outpatient and partial "
    "hospitalization programs, require consistent communication between "
    "interdisciplinary clinicians, participating families and community "
    "organizations responsible for continuity of care."
)


def flesch_kincaid(words, sentences, syllables):
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def test_short_one_syllable_words_read_at_a_low_grade():
    level = reading_level(SHORT_WORDS)

    assert (level.words, level.sentences) == (18, 3)
    assert level.grade == round(flesch_kincaid(18, 3, 18), 1) == -1.4
    assert level.target == "below"
    assert level.long_words == ()


def test_long_sentences_of_long_words_read_at_a_high_grade():
    level = reading_level(LONG_AND_HARD)

    assert level.sentences == 1
    assert level.grade > TARGET_GRADE_MAX + 8
    assert level.target == "above"


@pytest.mark.parametrize(
    ("grade", "target"),
    [(5.9, "below"), (6.0, "within"), (8.9, "within"), (9.0, "above")],
)
def test_a_grade_of_eight_point_something_is_within_grades_six_to_eight(grade, target):
    assert ReadingLevel(grade=grade, words=1, sentences=1).target == target


def test_the_longest_sentences_come_longest_first_earliest_first_when_as_long():
    text = (
        "Call us today. "
        "We can help you find the right kind of care for you. "
        "Our team answers calls in the day. "
        "You do not need a referral to book your first visit here. "
        "Most plans cover part of the cost of care."
    )

    level = reading_level(text)

    assert level.longest_sentences == (
        Sentence("We can help you find the right kind of care for you.", 12),
        Sentence("You do not need a referral to book your first visit here.", 12),
        Sentence("Most plans cover part of the cost of care.", 9),
    )


def test_long_words_have_more_than_three_syllables_most_frequent_first():
    text = (
        "Therapy can help. Information about medication is here. "
        "Medication works for many people. Medical care and medication go together."
    )

    level = reading_level(text)

    # "therapy" and "medical" have three syllables: not long words.
    assert level.long_words == (
        LongWord("medication", 3, 4),
        LongWord("Information", 1, 4),
    )


def test_the_long_word_list_is_capped_and_says_how_many_more():
    # Fifteen words of four or more syllables.
    words = [
        "medication",
        "information",
        "evaluation",
        "psychiatrist",
        "comprehensive",
        "communication",
        "recommendation",
        "hospitalization",
        "individual",
        "individualized",
        "responsibility",
        "opportunity",
        "availability",
        "accessibility",
        "confidentiality",
    ]

    level = reading_level(" ".join(f"We talk about {word} today." for word in words))

    assert len(level.long_words) == LONG_WORDS_SHOWN
    assert level.more_long_words == len(words) - LONG_WORDS_SHOWN


def test_empty_text_has_no_grade_and_says_so():
    for text in ("", "   ", plain_text([None, "", RichText("<p></p>")])):
        level = reading_level(text)
        assert level.grade is None
        assert level.target is None
        assert level.message == EMPTY_MESSAGE


def test_counting_syllables_needs_no_network(monkeypatch):
    """The dictionary comes with the installed packages: an editor's request
    never waits on a download (and the count is the dictionary's)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    level = reading_level("Behavioral health information.")
    assert level.grade is not None
    assert [word.word.lower() for word in level.long_words] == [
        "behavioral",
        "information",
    ]
    assert [word.syllables for word in level.long_words] == [4, 4]


def test_rich_text_is_read_as_text_each_heading_and_item_a_sentence():
    source = (
        "<h2>What to expect</h2>"
        '<p>You meet your <b>team</b> <a linktype="citation" id="4">[SAMHSA 2006]'
        "</a>and plan your care:</p>"
        "<ul><li>Group therapy</li><li>One visit a week!</li></ul>"
        "<p>Ask us &amp; we will help.</p>"
    )
    expected = (
        "What to expect. You meet your team and plan your care. Group therapy. "
        "One visit a week! Ask us & we will help."
    )

    assert plain_text(source) == expected
    assert plain_text(RichText(source)) == expected


def test_plain_text_lines_and_fields_each_end_as_a_sentence():
    assert plain_text(["What is an IOP", "Call 988\nText HOME\n", "Fine."]) == (
        "What is an IOP. Call 988. Text HOME. Fine."
    )


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock()
    anchor = blocks.CharBlock(required=False, validators=[validate_slug])
    level = blocks.ChoiceBlock(choices=[("h2", "h2"), ("h3", "h3")])
    text = blocks.RichTextBlock()


@dataclass
class SavedQuestion:
    question: str
    answer: str


SAVED_QUESTIONS = {
    7: SavedQuestion("Do I need a referral?", "<p>No, you can call us.</p>")
}


class SavedQuestionBlock(blocks.ChooserBlock):
    """A chooser of saved questions, kept in memory rather than the database."""

    target_model = "wagtailcore.Page"

    def bulk_to_python(self, values):
        return [SAVED_QUESTIONS.get(value) for value in values]


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock()
    paragraph = blocks.RichTextBlock()
    section = SectionBlock()
    takeaways = blocks.ListBlock(blocks.CharBlock())
    quote = blocks.TextBlock()
    page = blocks.PageChooserBlock()
    saved_question = SavedQuestionBlock()
    items = blocks.StreamBlock([("paragraph", blocks.RichTextBlock())])


BODY_DATA = [
    {"type": "heading", "value": "How it works", "id": "1"},
    {"type": "paragraph", "value": "<p>You come three days a week</p>", "id": "2"},
    {
        "type": "section",
        "value": {
            "heading": "Cost",
            "anchor": "cost-of-care",
            "level": "h2",
            "text": "<p>Most plans pay.</p>",
        },
        "id": "3",
    },
    {
        "type": "takeaways",
        "value": [
            {"type": "item", "value": "It is short", "id": "a"},
            {"type": "item", "value": "It is near home", "id": "b"},
        ],
        "id": "4",
    },
    {"type": "takeaways", "value": ["Stored the old way"], "id": "5"},
    {"type": "page", "value": 3, "id": "6"},
    {"type": "saved_question", "value": 7, "id": "7"},
    {"type": "items", "value": [{"type": "paragraph", "value": "<p>Inner</p>"}]},
    {"type": "quote", "value": "It helped me\nI am back at work", "id": "8"},
]
BODY_TEXT = (
    "How it works. You come three days a week. Cost. Most plans pay. It is short. "
    "It is near home. Stored the old way. Inner. It helped me. I am back at work."
)


@pytest.mark.django_db
def test_stream_data_is_read_as_text_without_queries(django_assert_num_queries):
    body = BodyBlock().to_python(BODY_DATA)

    # The anchor, the level, the page and the saved question (still an id)
    # are not read, and nothing is fetched.
    with django_assert_num_queries(0):
        assert plain_text(body) == BODY_TEXT


def test_a_saved_question_already_converted_is_read():
    body = BodyBlock().to_python(BODY_DATA)
    assert body[6].value == SAVED_QUESTIONS[7]  # Wagtail converts it on use

    assert plain_text(body) == BODY_TEXT.replace(
        "Inner.", "Do I need a referral? No, you can call us. Inner."
    )


def test_converted_values_and_snippets_holding_rich_text_are_read():
    class Snippet:
        def rich_texts(self):
            yield RichText("<p>From a snippet</p>")

    body = StreamValue(
        BodyBlock(),
        [("heading", "Made in code"), ("section", {"heading": "Step", "text": None})],
    )

    assert plain_text([body, Snippet()]) == "Made in code. Step. From a snippet."


@dataclass
class StandIn:
    """What the panel reads from the instance being edited."""

    title: str = ""
    body: str = ""
    reading_level_fields = ("title", "body")


def render_panel(instance, **kwargs):
    panel = ReadingLevelPanel(**kwargs).bind_to_model(StandIn)
    bound = panel.get_bound_panel(instance=instance, request=None, form=None)
    return BeautifulSoup(bound.render_html(), "html.parser")


def test_the_panel_shows_the_grade_the_target_and_what_to_shorten():
    soup = render_panel(StandIn("Getting help", f"<p>{LONG_AND_HARD}</p>"))
    text = " ".join(soup.get_text().split())
    level = reading_level(plain_text(["Getting help", f"<p>{LONG_AND_HARD}</p>"]))

    assert f"Reading grade {level.grade} (Flesch-Kincaid)" in text
    assert "above the target" in text
    assert "Aim for grade 6 to 8:" in text
    assert "it never blocks publishing" in text
    headings = [heading.get_text(strip=True) for heading in soup.find_all("h3")]
    assert headings == ["Longest sentences", "Words of more than 3 syllables"]
    sentences_table, words_table = soup.find_all("table")
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in sentences_table.tbody.find_all("tr")
    ]
    assert rows == [[LONG_AND_HARD, "31"], ["Getting help.", "2"]]
    assert [sentence.words for sentence in level.longest_sentences] == [31, 2]
    assert sentences_table["aria-labelledby"] == soup.find("h3")["id"]
    words = [row.td.get_text(strip=True) for row in words_table.tbody.find_all("tr")]
    assert "Comprehensive" in words
    assert "therapy" not in words
    assert not soup.find(style=True)


def test_the_panel_reads_only_the_fields_it_is_given():
    soup = render_panel(StandIn("Getting help", LONG_AND_HARD), fields=["title"])
    text = " ".join(soup.get_text().split())

    assert "from 2 words in 1 sentence:" in text
    assert "below the target" in text


def test_the_panel_on_empty_fields_says_there_is_nothing_to_measure():
    soup = render_panel(StandIn("", ""))

    assert EMPTY_MESSAGE in soup.get_text()
    assert "Reading grade" not in soup.get_text()
    assert soup.find("table") is None
    assert "never blocks publishing" in soup.get_text()


def test_the_panel_needs_fields_that_exist():
    class Bare:
        title = ""

    with pytest.raises(ImproperlyConfigured, match="reading_level_fields"):
        ReadingLevelPanel().bind_to_model(Bare)
    with pytest.raises(ImproperlyConfigured, match="no field summary"):
        ReadingLevelPanel(fields=["title", "summary"]).bind_to_model(Bare)
