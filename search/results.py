"""Site search: the live, public pages of the current site, and the saved
questions (FAQ snippets) they answer.

The search itself is Wagtail's database backend: PostgreSQL's full-text
search (English stemming, so "sessions" finds "session") in production,
SQLite's FTS5 in development (whole words only). Visitors' queries are
private: nothing here records, logs or caches them.

A results page costs the same number of queries however many results it
shows: the specific pages come per page type, their topics together, and
the questions' pages from the FAQ hub's one pass over the site.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from faq.hub import published_questions
from faq.models import FAQ, FAQIndexPage
from faq.structured_data import plain_text
from pages.models import ArticleIndexPage, ProgramIndexPage, SiteSettings
from pages.seo import meta_description, page_title
from richtext.page_links import PAGE_LINK_FIELDS

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
MAX_QUESTIONS = 3
EXCERPT_LENGTH = 240  # characters, about two lines on a phone

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"\w+")

# What a result's eyebrow calls each kind of page, in visitors' words (a
# type not listed: its name). The saved questions' results say "Question".
KIND_LABELS = {
    "pages.homepage": "Home page",
    "pages.standardpage": "Page",
    "pages.teampage": "Our team",
    "pages.articleindexpage": "Resources",
    "pages.articlepage": "Article",
    "pages.programindexpage": "Levels of care",
    "pages.programpage": "Program",
    "faq.faqindexpage": "Questions and answers",
    "admissions.enquirypage": "Contact admissions",
}
QUESTION_LABEL = "Question"

# Words too common to be worth highlighting (the search still uses them).
STOP_WORDS = frozenset(
    (  # noqa: SIM905 (a list of words reads best as words)
        "a an and are as at be by can do does for from how i if in is it me my "
        "no not of on or so that the this to was what when where which who why "
        "will with you your"
    ).split()
)
# The commonest English endings, longest first. Enough for "sessions" to
# highlight "session" and the other way round, and "therapy" "therapies".
SUFFIXES = (
    "ations",
    "ation",
    "ings",
    "ing",
    "ies",
    "ied",
    "es",
    "ed",
    "ly",
    "s",
    "y",
)


def clean_query(raw):
    """The query as searched and shown: control characters removed,
    whitespace collapsed, at most MAX_QUERY_LENGTH characters; "" if blank."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())
    return text[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """The words of a query. Only words go to the backend: quotes, stars,
    colons and brackets are query syntax to FTS5 (a stray quote is an error)."""
    return WORD.findall(query)


def word_stem(word):
    """`word` without its commonest inflection, keeping at least 3 letters."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight_pattern(query):
    """A regular expression matching the words of `text` that the query's
    words stem from or to (case-insensitive), or None."""
    words = {term.lower() for term in search_terms(query)}
    words = {word for word in words if word not in STOP_WORDS} or words
    alternatives = []
    for word in words:
        if len(word) < 3:  # "a", "12": the whole word, not every word it starts
            alternatives.append(re.escape(word) + r"\b")
        else:
            alternatives.append(re.escape(word_stem(word)) + r"\w*")
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def highlight(text, query):
    """Plain `text` as HTML: escaped, with the words matching the query in
    <mark>. Matching happens on the text, escaping on each piece, so neither
    the text nor the query can inject markup or break an entity."""
    pattern = highlight_pattern(query)
    if pattern is None:
        return escape(text)
    pieces = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped)


def shorten(text, start=0, length=EXCERPT_LENGTH):
    """About `length` characters of `text` from `start`, cut between words,
    with an ellipsis where it was cut."""
    end = min(len(text), start + length)
    if start > 0 and text[start - 1] != " ":  # inside a word: from the next
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < len(text) and text[end] != " ":  # inside a word: to the last
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end].strip()
    return ("… " if start > 0 else "") + window + (" …" if end < len(text) else "")


def excerpt(summary, text, query):
    """What a result shows of a page: its summary if the query matches it,
    else the part of its text around the first match (all of it if short,
    as answers are), else the summary or the start of the text; highlighted."""
    pattern = highlight_pattern(query)
    if summary and (pattern is None or pattern.search(summary)):
        return highlight(summary, query)
    match = pattern.search(text) if pattern else None
    if match is None:
        return highlight(summary or shorten(text), query)
    if len(text) <= EXCERPT_LENGTH:
        return highlight(text, query)
    # A little before the match; from the start of its sentence if near.
    start = max(0, match.start() - 80)
    sentence = text.rfind(". ", start, match.start())
    start = sentence + 2 if sentence != -1 else start
    return highlight(shorten(text, start), query)


def block_text(block, raw):
    """The text a stream block's stored data shows, read without converting
    it (which could fetch chosen snippets, one query per page)."""
    if raw is None or not getattr(block.meta, "search_index", True):
        return
    if isinstance(block, blocks.RichTextBlock):
        yield plain_text(raw)
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        yield str(raw)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from block_text(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield from block_text(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            if isinstance(item, dict) and item.get("type") == "item":
                item = item.get("value")
            yield from block_text(block.child_block, item)


def page_text(page):
    """A page's indexed text but its title, as plain text: what its
    excerpt is cut from."""
    parts = []
    for field in type(page).get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        value = getattr(page, field.field_name, None)
        if isinstance(value, StreamValue):
            parts.extend(block_text(value.stream_block, list(value.raw_data)))
        elif isinstance(value, str):
            try:
                model_field = page._meta.get_field(field.field_name)
            except FieldDoesNotExist:
                model_field = None
            rich = isinstance(model_field, RichTextField)
            parts.append(plain_text(value) if rich else value)
    return as_sentences(parts)


def as_sentences(parts):
    """Texts joined into one, each ending as a sentence, so that a heading
    or a takeaway does not run into what follows it."""
    sentences = []
    for part in parts:
        part = " ".join(part.split())
        if part:
            sentences.append(part if part[-1] in ".!?:;…" else part + ".")
    return " ".join(sentences)


def eyebrow(page):
    """What kind of page a result is, in visitors' words: "Article",
    "Program"."""
    meta = type(page)._meta
    return KIND_LABELS.get(meta.label_lower, capfirst(meta.verbose_name))


@dataclass
class PageResult:
    title: str
    url: str
    eyebrow: str
    excerpt: str


@dataclass
class QuestionResult:
    question: str
    url: str
    answer: str
    places: list  # (title, url) of each page that answers it
    eyebrow: str = QUESTION_LABEL


def searchable_pages(site):
    return Page.objects.live().public().in_site(site)


def search_pages(site, query):
    """(results, all_words): the site's pages matching every word of the
    query, best first; if none does, those matching any of them."""
    terms = search_terms(query)
    if not terms:
        return [], True
    pages = searchable_pages(site).specific()
    results = pages.search(" ".join(terms), operator="and")
    if len(terms) > 1 and not results.count():
        return pages.search(" ".join(terms), operator="or"), False
    return results, True


def page_results(pages, request, query):
    """Results for one page of specific pages (from `search_pages`)."""
    settings = SiteSettings.for_request(request)  # cached on the request
    return [
        PageResult(
            title=highlight(page_title(page, settings, request), query),
            url=page.get_url(request),
            eyebrow=eyebrow(page),
            excerpt=excerpt(meta_description(page), page_text(page), query),
        )
        for page in pages
    ]


def matching_questions(site, request, query, all_words=True):
    """Published saved questions matching the query (a few at most), each
    linked to where the site answers it."""
    terms = search_terms(query)
    if not terms:
        return []
    found = get_search_backend().search(
        " ".join(terms),
        FAQ.objects.filter(live=True),
        operator="and" if all_words else "or",
    )
    # A few more than shown: a question no page of this site shows is left out.
    found = list(found[: MAX_QUESTIONS * 3])
    if not found:
        return []
    answered = published_questions(within=site.root_page)
    results = []
    for faq in found:
        question = answered.get(("faq", faq.pk))
        if question is None:
            continue
        places = [
            (page.title, f"{page.get_url(request)}#{anchor}")
            for page, anchor in question.appearances
        ]
        results.append(
            QuestionResult(
                question=highlight(faq.question, query),
                url=places[0][1],
                answer=excerpt("", plain_text(faq.answer), query),
                places=places,
            )
        )
        if len(results) == MAX_QUESTIONS:
            break
    return results


def browse_pages(site):
    """The pages that list what the site offers (levels of care, resources,
    questions), for when there is no query or nothing was found."""
    if site is None:
        return []
    return list(
        searchable_pages(site)
        .type(ProgramIndexPage, ArticleIndexPage, FAQIndexPage)
        .order_by("path")
        .only(*PAGE_LINK_FIELDS)
    )


def search_context(request, query):
    """The search page's context for a cleaned query ("" for none)."""
    site = Site.find_for_request(request)
    context = {
        "search_query": query,
        "results": [],
        "questions": [],
        "page_obj": None,
        "all_words": True,
        "browse_pages": [],
    }
    if not query or site is None:
        context["browse_pages"] = browse_pages(site)
        return context
    pages, all_words = search_pages(site, query)
    paginator = Paginator(pages, RESULTS_PER_PAGE)
    # Not a number: the first page; past the end: the last.
    page_obj = paginator.get_page(request.GET.get("page"))
    context.update(
        page_obj=page_obj,
        page_range=paginator.get_elided_page_range(
            page_obj.number, on_each_side=1, on_ends=1
        ),
        all_words=all_words,
        results=page_results(list(page_obj.object_list), request, query),
    )
    if page_obj.number == 1:
        context["questions"] = matching_questions(site, request, query, all_words)
    if not context["results"] and not context["questions"]:
        context["browse_pages"] = browse_pages(site)
    elif context["questions"]:
        context["faq_hub"] = next(
            (p for p in browse_pages(site) if p.specific_class is FAQIndexPage), None
        )
    return context
