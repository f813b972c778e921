"""Citations on the public page: numbering, markers, the reference list, and
what happens when a cited reference is gone."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.models import ContentVersion
from pages.models import ArticlePage
from pages.tests.factories import ArticleIndexPageFactory, ArticlePageFactory
from references.tests.factories import ReferenceFactory, cite

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def refs():
    return [ReferenceFactory() for _ in range(4)]


def publish_article(library, body, slug="cited"):
    page = ArticlePageFactory(parent=library, slug=slug, body=body)
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def markers(soup):
    return [a.get_text() for a in soup.select("article sup.citation a")]


def test_numbers_follow_first_appearance_and_are_reused(client, library, refs):
    a, b, c, uncited = refs
    body = [
        ("heading", {"heading": "First?", "level": "h2", "anchor": ""}),
        ("paragraph", f"<p>One{cite(b)} and two{cite(a)}.</p>"),
        (
            "callout",
            {"kind": "important", "title": "", "text": f"<p>Again{cite(b)}.</p>"},
        ),
        ("paragraph", f"<p>Three{cite(c)}, and one more{cite(a)}.</p>"),
    ]
    page = publish_article(library, body)
    soup = parse(client, page.url)

    assert markers(soup) == ["[1]", "[2]", "[1]", "[3]", "[2]"]
    entries = soup.select("section.references ol > li")
    # Only cited references, in order of first citation.
    titles = [b.title, a.title, c.title]
    assert [next(t for t in titles if t in li.get_text()) for li in entries] == titles
    assert uncited.title not in soup.get_text()
    assert soup.select_one("section.references h2").get_text() == "References"

    # Markers and list match one to one, and every link lands somewhere.
    ids = {tag["id"] for tag in soup.select("[id]")}
    for link in soup.select("sup.citation a"):
        number = link.get_text().strip("[]")
        assert link["href"] == f"#ref-{number}"
        assert link["aria-label"] == f"Reference {number}"
        assert link["href"][1:] in ids
    assert [li["id"] for li in entries] == ["ref-1", "ref-2", "ref-3"]

    # Back-links: one per place a reference is cited, to that very marker.
    backlinks = {
        li["id"]: [a["href"][1:] for a in li.select(".references__back a")]
        + (
            [li.select_one("a.references__back")["href"][1:]]
            if li.select_one("a.references__back")
            else []
        )
        for li in entries
    }
    assert backlinks == {
        "ref-1": ["cite-1-1", "cite-1-2"],
        "ref-2": ["cite-2-1", "cite-2-2"],
        "ref-3": ["cite-3-1"],
    }
    marker_ids = [a["id"] for a in soup.select("sup.citation a")]
    assert sorted(marker_ids) == sorted(sum(backlinks.values(), []))
    assert page.cited_references() == [b, a, c]  # for structured data


def test_a_page_without_citations_has_no_reference_list(client, library, refs):
    page = publish_article(library, [("paragraph", "<p>Nothing cited.</p>")])
    soup = parse(client, page.url)
    assert soup.select_one("section.references") is None
    assert "References" not in [h.get_text() for h in soup.select("h2")]


def article_body(references, citations):
    """Stored stream data citing `citations` times, cycling over references."""
    blocks = []
    for number in range(citations):
        reference = references[number % len(references)]
        blocks.append(
            {"type": "paragraph", "value": f"<p>Claim {number}{cite(reference)}.</p>"}
        )
    return json.dumps(blocks)


def rendered_query_count(client, url):
    assert client.get(url).status_code == 200  # warm Wagtail's caches
    ContentVersion.bump()  # render the page, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("no_page_cache")
def test_queries_do_not_grow_with_citations(client, library):
    references = [ReferenceFactory() for _ in range(10)]
    few = publish_article(library, article_body(references[:3], 3), slug="few")
    many = publish_article(library, article_body(references, 30), slug="many")
    assert rendered_query_count(client, many.url) == rendered_query_count(
        client, few.url
    )
    assert len(markers(parse(client, many.url))) == 30


def test_a_deleted_reference_shows_as_broken_in_preview(library, refs):
    page = publish_article(
        library, [("paragraph", f"<p>Claim{cite(refs[0], 'Gone 2001')}.</p>")]
    )
    refs[0].delete()
    response = ArticlePage.objects.get(pk=page.pk).make_preview_request()
    soup = BeautifulSoup(response.content, "html.parser")
    broken = soup.select_one("sup.citation--broken")
    assert broken.get_text() == "[missing reference: Gone 2001]"
    assert soup.select_one("section.references") is None


def test_demo_article_cites_tip47_asam_and_nida_three_times(client, demo):
    soup = parse(client, "/resources/what-is-an-iop/")
    # The last [1] is in an FAQ answer: it shares the page's numbering.
    assert markers(soup) == ["[1]", "[1]", "[2]", "[3]", "[3]", "[3]", "[1]"]
    assert soup.select_one("section.faq sup.citation a")["href"] == "#ref-1"
    entries = [li.get_text(" ", strip=True) for li in soup.select(".references li")]
    assert entries[0].startswith("Substance Abuse and Mental Health Services")
    assert "Treatment Improvement Protocol (TIP) Series 47" in entries[0]
    assert entries[1].startswith("American Society of Addiction Medicine")
    assert entries[2].startswith("National Institute on Drug Abuse")
    # The other demo articles reuse the same snippets.
    assert (
        "American Society of Addiction Medicine"
        in parse(client, "/resources/php-vs-iop/").select_one(".references").get_text()
    )
    assert (
        "National Institute on Drug Abuse"
        in parse(client, "/resources/co-occurring-conditions/")
        .select_one(".references")
        .get_text()
    )
