"""The text of search: queries cleaned and split into words, highlighting
that never injects markup, and excerpts cut around the first match."""

from search.results import (
    MAX_QUERY_LENGTH,
    clean_query,
    excerpt,
    highlight,
    search_terms,
)


def test_highlight_marks_whole_words_case_insensitively():
    assert highlight("Three evening sessions a week", "SESSIONS") == (
        "Three evening <mark>sessions</mark> a week"
    )
    assert highlight("Evening Sessions", "evening sessions") == (
        "<mark>Evening</mark> <mark>Sessions</mark>"
    )


def test_highlight_matches_other_forms_of_a_word():
    assert highlight("One session, two sessions", "sessions") == (
        "One <mark>session</mark>, two <mark>sessions</mark>"
    )
    assert highlight("Group therapies", "therapy") == "Group <mark>therapies</mark>"
    # Not inside another word.
    assert highlight("Obsessions", "sessions") == "Obsessions"


def test_highlight_leaves_common_and_short_words_alone():
    assert highlight("What is an IOP and an IOU?", "what is an iop") == (
        "What is an <mark>IOP</mark> and an IOU?"
    )
    assert highlight("A to Z", "a") == "<mark>A</mark> to Z"


def test_highlight_escapes_the_text_and_the_query():
    assert highlight("<script>alert(1)</script> runs", "<script>") == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; runs"
    )
    assert highlight('Say "><b> twice', '"><b>') == (
        "Say &quot;&gt;&lt;<mark>b</mark>&gt; twice"
    )
    # Matching happens before escaping: no mark inside an entity.
    assert highlight("Fish & chips", "amp") == "Fish &amp; chips"
    assert highlight("a < b", "!!!") == "a &lt; b"


def test_excerpt_is_the_summary_or_the_text_around_the_first_match():
    text = ("Filler words here. " * 30) + "Groups meet on three evenings. " * 10
    assert excerpt("Summary about evenings.", text, "evenings") == (
        "Summary about <mark>evenings</mark>."
    )
    window = excerpt("A summary.", text, "evenings")
    # From the start of the sentence with the first match, cut between words.
    assert window.startswith("… Groups meet on three <mark>evenings</mark>. ")
    assert window.endswith(" …")
    assert len(window.replace("<mark>", "").replace("</mark>", "")) <= 240 + 4
    assert excerpt("A summary.", text, "zzzzqx") == "A summary."
    # A short text (a saved answer) is shown whole.
    assert excerpt("", "Yes. Sessions are at night.", "night") == (
        "Yes. Sessions are at <mark>night</mark>."
    )


def test_queries_are_cleaned_and_limited():
    assert clean_query("  evening \t\n sessions ") == "evening sessions"
    assert clean_query("iop\x00\x1b") == "iop"
    assert clean_query("   ") == ""
    assert len(clean_query("x" * 500)) == MAX_QUERY_LENGTH
    # Only words reach the backend: quotes and operators are FTS5 syntax.
    assert search_terms('"intensive" title:iop NEAR(a*)') == [
        "intensive",
        "title",
        "iop",
        "NEAR",
        "a",
    ]
