"""Site search (/search/): what it finds and never lists, the saved questions
it links to, pagination, highlighting, the empty states, privacy, queries
and valid HTML."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from faq.models import FAQ
from faq.tests.test_faq import published_faq, section, standard_page
from pages.tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    StandardPageFactory,
    TopicFactory,
)
from pages.tests.test_browser import SCREENSHOTS
from search.results import (
    MAX_QUERY_LENGTH,
)

pytestmark = pytest.mark.django_db

IOP_ARTICLE = "/resources/what-is-an-iop/"


def get(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def search(client, query, page=None, **extra):
    params = {"q": query}
    if page is not None:
        params["page"] = page
    return get(client, "/search/", data=params, **extra)[1]


def page_results(soup):
    """(title, href) of each page result, in order."""
    return [
        (" ".join(link.get_text().split()), link["href"])
        for link in soup.select(".search-pages .search-result h3 a")
    ]


def result_urls(client, query, page=None):
    return [href for _, href in page_results(search(client, query, page))]


def count_text(soup):
    return " ".join(soup.select_one(".search-count").get_text().split())


# The backend ---------------------------------------------------------------


def test_the_database_backend_is_full_text_search(demo):
    """PostgreSQL's full-text search, or SQLite's FTS5: not the fallback
    backend, which only looks for the text with LIKE."""
    backend = get_search_backend()
    if connection.vendor == "postgresql":
        assert type(backend).__name__ == "PostgresSearchBackend"
        assert backend.config == "english"  # stemming, whatever the server's default
        marker = "@@"  # tsvector @@ tsquery
    else:
        assert connection.vendor == "sqlite"
        assert type(backend).__name__ == "SQLiteSearchBackend"
        marker = " MATCH "  # the FTS5 table
    with CaptureQueriesContext(connection) as queries:
        assert Page.objects.live().search("outpatient").count() > 0
    assert any(marker in query["sql"] for query in queries)


@pytest.mark.parametrize("query", ["intensive outpatient", "evening sessions"])
def test_visitors_words_find_the_iop_article_on_the_first_page(client, demo, query):
    assert IOP_ARTICLE in result_urls(client, query)


def test_postgresql_finds_other_forms_of_a_word(client, demo):
    """The article says "sessions". PostgreSQL stems English words, so
    "session" finds it; SQLite's FTS5 (development only) matches whole
    words."""
    found = IOP_ARTICLE in result_urls(client, "session")
    assert found is (connection.vendor == "postgresql")


def test_every_word_must_match_before_any_word_will(client, demo):
    soup = search(client, "evening sessions")
    assert soup.select_one(".notice") is None
    soup = search(client, "evening zzzzqx")
    assert "No page contains every word of “evening zzzzqx”" in (
        soup.select_one(".notice").get_text()
    )
    assert IOP_ARTICLE in [href for _, href in page_results(soup)]


def test_a_result_shows_its_kind_and_a_highlighted_excerpt(client, demo):
    soup = search(client, "evening sessions")
    link = soup.select_one(f".search-pages h3 a[href='{IOP_ARTICLE}']")
    result = link.find_parent("li")
    assert result.select_one(".eyebrow").get_text() == "Article"
    marked = {mark.get_text().lower() for mark in result.select("mark")}
    assert marked == {"evening", "sessions"}
    # Programs say what they are.
    soup = search(client, "intensive outpatient")
    program = soup.select_one(
        ".search-pages h3 a[href='/levels-of-care/intensive-outpatient-program/']"
    ).find_parent("li")
    assert program.select_one(".eyebrow").get_text() == "Program"


# What is never listed --------------------------------------------------------


def test_only_live_public_pages_of_this_site_are_listed(client, home_page):
    StandardPageFactory(parent=home_page, title="Live quixotic page", slug="live")
    StandardPageFactory(
        parent=home_page, title="Never published quixotic", slug="draft", live=False
    )
    unpublished = StandardPageFactory(
        parent=home_page, title="Unpublished quixotic", slug="gone"
    )
    unpublished.unpublish()
    private = StandardPageFactory(
        parent=home_page, title="Private quixotic", slug="private"
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    StandardPageFactory(parent=private, title="Below a private quixotic", slug="in")
    # A live page whose unpublished draft has the word.
    steady = StandardPageFactory(parent=home_page, title="Steady page", slug="steady")
    draft = steady.get_latest_revision_as_object()
    draft.title = "Steady quixotic draft"
    draft.save_revision()
    # Another site, answering to another host name.
    other_home = StandardPageFactory(
        parent=Page.get_first_root_node(), title="Other home", slug="other-home"
    )
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home)
    StandardPageFactory(parent=other_home, title="Other quixotic page", slug="other")

    assert page_results(search(client, "quixotic")) == [
        ("Live quixotic page", "/live/")
    ]
    other = search(client, "quixotic", HTTP_HOST="127.0.0.1")
    assert [title for title, _ in page_results(other)] == ["Other quixotic page"]


# Saved questions ---------------------------------------------------------------


def test_saved_questions_link_to_where_they_are_answered(client, demo):
    soup = search(client, "work while")
    group = soup.select_one("section.search-questions")
    assert group.select_one("h2").get_text() == "Questions and answers"
    # Above the pages.
    assert soup.select("main h2")[0].get_text() == "Questions and answers"
    first = group.select_one(".search-result")
    question = first.select_one("h3 a")
    assert question.get_text() == "Can I work while in an IOP?"
    sources = first.select(".search-result__meta a")
    # The IOP program page, the PHP vs IOP guide and the IOP article.
    assert len(sources) == 3
    assert question["href"] == sources[0]["href"]
    for source in sources:
        path, anchor = source["href"].split("#")
        _, page = get(client, path)
        answered = page.select_one(f"details#{anchor} summary")
        assert answered.get_text(strip=True) == "Can I work while in an IOP?"
    assert group.select_one("a[href='/faq/']")  # every question, on the hub


def test_only_published_questions_are_shown(client, home_page):
    draft = FAQ.objects.create(
        question="Is there quixotic parking?", answer="<p>Draft.</p>", live=False
    )
    draft.save_revision()
    published = published_faq("Is the quixotic room quiet?", "<p>Yes.</p>")
    changed = published_faq("Is the garden open?", "<p>In summer.</p>")
    changing = changed.get_latest_revision_as_object()
    changing.question = "Is the quixotic garden open?"
    changing.save_revision()  # a draft change, not published
    standard_page(home_page, [section(draft, published, changed)])

    soup = search(client, "quixotic")
    questions = [a.get_text() for a in soup.select(".search-questions h3 a")]
    assert questions == ["Is the quixotic room quiet?"]


def test_a_question_no_page_shows_is_not_listed(client, home_page):
    published_faq("Is there a quixotic lift?", "<p>Yes.</p>")
    soup = search(client, "quixotic")
    assert soup.select_one(".search-questions") is None


# Pagination --------------------------------------------------------------------


@pytest.fixture
def many_pages(home_page):
    for number in range(23):
        StandardPageFactory(
            parent=home_page,
            title=f"Paginated page {number}",
            slug=f"paginated-{number}",
            summary="A page about heliotropes.",
        )


def test_results_come_ten_a_page_with_an_accessible_nav(client, many_pages):
    first = search(client, "heliotropes")
    assert count_text(first) == "Results 1–10 of 23 for “heliotropes”"
    assert len(page_results(first)) == 10
    nav = first.select_one("nav.search-pagination")
    assert nav["aria-label"] == "Pages of search results"
    current = nav.select_one("[aria-current=page]")
    assert current.get_text() == "Page 1"
    assert nav.select_one("a[rel=prev]") is None
    assert nav.select_one("a[rel=next]")["href"] == "?q=heliotropes&page=2"

    second = search(client, "heliotropes", page=2)
    assert count_text(second) == "Results 11–20 of 23 for “heliotropes”"
    nav = second.select_one("nav.search-pagination")
    assert nav.select_one("[aria-current=page]").get_text() == "Page 2"
    assert nav.select_one("a[rel=prev]")["href"] == "?q=heliotropes&page=1"
    assert nav.select_one("a[rel=next]")["href"] == "?q=heliotropes&page=3"
    assert second.select_one("ol.search-results")["start"] == "11"

    third = search(client, "heliotropes", page=3)
    assert count_text(third) == "Results 21–23 of 23 for “heliotropes”"
    assert third.select_one("nav.search-pagination a[rel=next]") is None

    everything = [
        href for soup in (first, second, third) for _, href in page_results(soup)
    ]
    assert len(everything) == len(set(everything)) == 23


@pytest.mark.parametrize(("page", "shown"), [("99", "21–23"), ("abc", "1–10")])
def test_a_page_past_the_end_shows_the_last_and_a_word_the_first(
    client, many_pages, page, shown
):
    soup = search(client, "heliotropes", page=page)
    assert count_text(soup) == f"Results {shown} of 23 for “heliotropes”"


# Highlighting ------------------------------------------------------------------


def test_the_page_escapes_the_query(client, demo):
    response, soup = get(client, "/search/", data={"q": "<script>alert(1)</script>"})
    assert b"<script>alert" not in response.content
    assert soup.select_one("h1").get_text() == (
        "Search results for “<script>alert(1)</script>”"
    )
    response, soup = get(client, "/search/", data={"q": '"><b>iop'})
    assert soup.select("main b") == []
    assert soup.select_one("#search-page-query")["value"] == '"><b>iop'


@pytest.mark.parametrize(
    "query", ['a"b', '"', "NEAR(iop evening)", "title:iop", "*", "iop AND", "-iop"]
)
def test_query_syntax_is_never_an_error(client, demo, query):
    soup = search(client, query)
    assert soup.select_one("h1").get_text() == f"Search results for “{query}”"


def test_long_and_odd_queries_are_trimmed_not_refused(client, demo):
    soup = search(client, "iop " + "x" * 500)
    assert len(soup.select_one("#search-page-query")["value"]) == MAX_QUERY_LENGTH
    soup = search(client, "intensive\x00 outpatient")
    assert IOP_ARTICLE in [href for _, href in page_results(soup)]


# Empty states --------------------------------------------------------------------


@pytest.mark.parametrize("query", [None, "", "   "])
def test_no_query_prompts_and_links_the_levels_of_care_and_faq(client, demo, query):
    data = {} if query is None else {"q": query}
    _, soup = get(client, "/search/", data=data)
    assert soup.select_one("h1").get_text() == "Search"
    assert soup.select_one("title").get_text().startswith("Search | ")
    main = soup.select_one("main")
    assert main.select(".search-result") == []
    links = {a["href"] for a in main.select(".search-browse a")}
    assert {"/levels-of-care/", "/faq/"} <= links


def test_nothing_found_gives_the_phone_and_the_crisis_lines(client, demo):
    soup = search(client, "zzzzqx")
    main = soup.select_one("main")
    assert "We found nothing for “zzzzqx”." in main.get_text()
    phone = main.select_one("a[href='tel:+19497355705']")
    assert phone.get_text() == "(949) 735-5705"  # the number as text too
    crisis = main.select_one(".callout--crisis")
    assert crisis.select_one("a[href='tel:988']").get_text() == "Call 988"
    assert crisis.select_one("a[href='sms:988']").get_text() == "Text 988"
    assert crisis.select_one("a[href='tel:911']").get_text() == "Call 911"
    assert "It is not a crisis line." in crisis.get_text()
    assert main.select_one(".search-browse a[href='/levels-of-care/']")


# The header's search box --------------------------------------------------------


def test_every_page_has_a_labelled_search_box(client, demo):
    for path in ("/", IOP_ARTICLE, "/faq/"):
        _, soup = get(client, path)
        form = soup.select_one("header form[role=search]")
        assert form["action"] == "/search/"
        assert form["method"] == "get"
        field = form.select_one("input[type=search][name=q]")
        label = form.select_one(f"label[for={field['id']}]")
        assert label.get_text() == "Search this site"
        assert form.select_one("button[type=submit]").get_text() == "Search"


def test_the_search_page_has_one_box_with_the_query(client, demo):
    soup = search(client, "evening sessions")
    boxes = soup.select("form[role=search]")
    assert len(boxes) == 1
    assert boxes[0].select_one("input[name=q]")["value"] == "evening sessions"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_header_box_searches_from_any_page(demo_site, visit):
    """Typed into the header on a phone (behind the menu) and on a desktop;
    the results page fits the screen. Screenshots in test-artifacts/ for
    people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (320, 1280):
        tab = visit(width)
        tab.goto(IOP_ARTICLE)
        box = tab.page.get_by_role("searchbox", name="Search this site")
        # On a phone the box sits behind the one "Menu" button; on a desktop
        # it is always in view.
        assert box.is_visible() == (width > 1000)
        if width < 1000:
            tab.page.get_by_text("Menu", exact=True).click()
            assert box.is_visible()
        box.fill("evening sessions")
        box.press("Enter")
        tab.page.wait_for_url(lambda url: "/search/?q=evening+sessions" in url)
        tab.page.wait_for_load_state("networkidle")
        assert tab.page.locator(f".search-pages a[href='{IOP_ARTICLE}']").is_visible()
        assert tab.page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        ), width
        assert tab.foreign_requests() == []
        assert tab.context.cookies() == []
        tab.page.screenshot(
            path=str(SCREENSHOTS / f"search-{width}.png"), full_page=True
        )


# Privacy -------------------------------------------------------------------------


def row_counts():
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {name}")  # noqa: S608 (our tables)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_queries_are_not_recorded(client, demo, caplog):
    query = "privatewordforthistest evening"
    search(client, "warm up")
    before = row_counts()
    caplog.set_level(logging.DEBUG)
    response, soup = get(client, "/search/", data={"q": query})
    # Nothing written anywhere: no query log (Wagtail's search promotions,
    # which would count hits, are not even installed).
    assert row_counts() == before
    assert not apps.is_installed("wagtail.contrib.search_promotions")
    assert "privatewordforthistest" not in caplog.text
    for key, value in cache._cache.items():  # the fragment cache, among others
        assert "privatewordforthistest" not in key
        assert b"privatewordforthistest" not in value
    assert response.cookies == {}
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    # Not for search engines.
    assert response["X-Robots-Tag"] == "noindex"
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert soup.select_one("title").get_text() == (
        f"Search results for “{query}” | Manifest Behavioral Health"
    )


# Queries -------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_results(client, home_page):
    library = ArticleIndexPageFactory(parent=home_page)
    answered = published_faq("Are the groups small?", "<p>Heron and kestrel: yes.</p>")

    def pages(word, count):
        for number in range(count):
            if number % 2:
                StandardPageFactory(
                    parent=home_page, title=f"{word} {number}", slug=f"{word}-{number}"
                )
            else:  # each article with its own topic
                ArticlePageFactory(
                    parent=library,
                    title=f"{word} {number}",
                    slug=f"{word}-{number}",
                    topic=TopicFactory(),
                )
        standard_page(home_page, [section(answered)], slug=f"{word}-questions")

    pages("heron", 3)
    pages("kestrel", 10)

    def query_count(word):
        with CaptureQueriesContext(connection) as queries:
            soup = search(client, word)
        return len(queries), len(page_results(soup)), soup

    search(client, "heron")  # warm Wagtail's per-process caches
    few, few_results, few_soup = query_count("heron")
    many, many_results, many_soup = query_count("kestrel")
    assert (few_results, many_results) == (3, 10)
    for soup in (few_soup, many_soup):
        assert soup.select_one(".search-questions h3").get_text() == (
            "Are the groups small?"
        )
    assert many == few
    # The version, site, settings and menu; the count, the results and their
    # specific pages (one query per page type); the questions and
    # the pages that answer them; a view-restriction check per page query.
    assert many <= 20


# Valid HTML ------------------------------------------------------------------------


def test_search_pages_are_valid_html5(client, demo, many_pages, html_validator):
    documents = {
        "search-results": client.get("/search/?q=intensive+outpatient"),
        "search-questions": client.get("/search/?q=work+while"),
        "search-second-page": client.get("/search/?q=heliotropes&page=2"),
        "search-nothing": client.get("/search/?q=zzzzqx"),
        "search-empty": client.get("/search/"),
    }
    assert (
        html_validator(
            {name: response.content.decode() for name, response in documents.items()}
        )
        == []
    )
