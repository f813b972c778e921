"""FAQ sections: rendering, structured data, reuse, ids, queries, the admin
and the FAQ hub page."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from caching.models import ContentVersion
from faq.models import FAQ, FAQIndexPage
from pages.models import ArticlePage, HomePage, StandardPage, Topic
from pages.tests.factories import StandardPageFactory
from references.tests.factories import ReferenceFactory, cite
from richtext.features import PARAGRAPH_FEATURES

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1  # one graph per page
    return json.loads(scripts[0].string)


def faq_node(soup):
    graph = json_ld(soup)
    assert graph["@context"] == "https://schema.org"
    return next(node for node in graph["@graph"] if node["@type"] == "FAQPage")


def visible_questions(soup):
    return [
        (
            details.select_one("summary").get_text(strip=True),
            " ".join(
                details.select_one(".faq__answer").get_text(" ", strip=True).split()
            ),
        )
        for details in soup.select("section.faq details")
    ]


def published_faq(question, answer, **fields):
    faq = FAQ.objects.create(question=question, answer=answer, **fields)
    faq.save_revision().publish()
    return faq


def section(*items, heading=""):
    stream = []
    for item in items:
        if isinstance(item, FAQ):
            stream.append(("faq", item))
        else:
            question, answer = item
            stream.append(("question", {"question": question, "answer": answer}))
    return ("faq_section", {"heading": heading, "items": stream})


def standard_page(home_page, body, slug="questions"):
    page = StandardPageFactory(parent=home_page, slug=slug, body=body)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def test_demo_article_structured_data_matches_the_visible_questions(client, demo):
    soup = parse(client, "/resources/what-is-an-iop/")
    shown = visible_questions(soup)
    assert [question for question, _ in shown] == [
        "How many hours a week is an IOP?",
        "Is an IOP the same as rehab?",
        "Can I work while in an IOP?",
        "How long does an IOP last?",
    ]
    entities = faq_node(soup)["mainEntity"]
    in_data = [(e["name"], e["acceptedAnswer"]["text"]) for e in entities]
    # Plain text, the citation marker left out: "...three hours each."
    visible_without_markers = [(q, a.replace(" [1] .", ".")) for q, a in shown]
    assert in_data == visible_without_markers
    assert all("<" not in answer and "[" not in answer for _, answer in in_data)
    assert {e["@type"] for e in entities} == {"Question"}


def test_faq_section_is_an_h2_with_details_and_in_on_this_page(client, demo):
    soup = parse(client, "/resources/what-is-an-iop/")
    faq = soup.select_one("section.faq")
    heading = faq.select_one("h2")
    assert heading.get_text() == "Frequently asked questions"
    assert faq["aria-labelledby"] == heading["id"] == "faq"
    assert soup.select_one('nav.toc a[href="#faq"]') is not None
    assert all(d.select_one("summary") for d in faq.select("details"))


def test_citations_in_answers_share_the_page_numbering(client, home_page):
    first, second = ReferenceFactory(), ReferenceFactory()
    page = standard_page(
        home_page,
        [
            ("paragraph", f"<p>Claim{cite(first)}.</p>"),
            section(("Why?", f"<p>Because{cite(second)} and{cite(first)}.</p>")),
        ],
    )
    soup = parse(client, page.url)
    assert [a.get_text() for a in soup.select("sup.citation a")] == [
        "[1]",
        "[2]",
        "[1]",
    ]
    assert [li["id"] for li in soup.select(".references li")] == ["ref-1", "ref-2"]


def test_snippet_edits_show_everywhere_once_published(client, home_page):
    faq = published_faq("Can I work while in an IOP?", "<p>Often, yes.</p>")
    one = standard_page(home_page, [section(faq)], slug="one")
    two = standard_page(home_page, [section(faq)], slug="two")
    for page in (one, two):
        assert "Often, yes." in parse(client, page.url).get_text()

    faq.answer = "<p>Yes: sessions are in the evening.</p>"
    faq.save_revision()  # a draft: not shown yet
    for page in (one, two):
        assert "Often, yes." in parse(client, page.url).get_text()

    faq.get_latest_revision().publish()
    for page in (one, two):
        soup = parse(client, page.url)
        assert "Yes: sessions are in the evening." in soup.get_text()
        assert faq_node(soup)["mainEntity"][0]["acceptedAnswer"]["text"] == (
            "Yes: sessions are in the evening."
        )


def test_a_draft_only_snippet_is_not_shown(client, home_page):
    draft = FAQ.objects.create(
        question="Not yet approved?", answer="<p>Draft.</p>", live=False
    )
    page = standard_page(home_page, [section(draft, ("Shown?", "<p>Yes.</p>"))])
    soup = parse(client, page.url)
    assert [q for q, _ in visible_questions(soup)] == ["Shown?"]
    assert [e["name"] for e in faq_node(soup)["mainEntity"]] == ["Shown?"]


def test_ids_stay_unique_when_a_snippet_repeats(client, home_page):
    faq = published_faq("How long does an IOP last?", "<p>It depends.</p>")
    page = standard_page(
        home_page, [section(faq, faq), section(faq, heading="More questions")]
    )
    soup = parse(client, page.url)
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert [d["id"] for d in soup.select("details.faq__item")] == [
        "faq-how-long-does-an-iop-last",
        "faq-how-long-does-an-iop-last-2",
        "faq-how-long-does-an-iop-last-3",
    ]
    assert [h["id"] for h in soup.select("section.faq > h2")] == ["faq", "faq-2"]
    # Shown three times, listed three times: one to one.
    assert len(faq_node(soup)["mainEntity"]) == 3


def rendered_query_count(client, url):
    assert client.get(url).status_code == 200
    ContentVersion.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_faq_items(client, home_page):
    faqs = [published_faq(f"Question {n}?", f"<p>Answer {n}.</p>") for n in range(10)]

    def items(count):
        chosen = [faqs[n % len(faqs)] for n in range(count // 2)]
        written = [
            (f"Written {n}?", f"<p>In place {n}.</p>") for n in range(count // 2)
        ]
        return [x for pair in zip(chosen, written, strict=True) for x in pair]

    few = standard_page(home_page, [section(*items(2))], slug="few")
    many = standard_page(home_page, [section(*items(20))], slug="many")
    assert len(visible_questions(parse(client, many.url))) == 20
    assert rendered_query_count(client, many.url) == rendered_query_count(
        client, few.url
    )


class TestFAQAdmin(WagtailPageTestCase):
    def setUp(self):
        super().setUp()
        self.user = self.create_user("marketing", password="a-long-password")
        self.user.groups.add(Group.objects.get(name="Marketing"))
        sign_in(self.client, self.user)
        self.home = HomePage.objects.get(depth=2)

    def test_a_page_with_an_faq_section_is_created_in_the_admin(self):
        faq = published_faq("Can I work while in an IOP?", "<p>Often, yes.</p>")
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Questions",
                    "slug": "questions",
                    "summary": "Answers.",
                    "body": streamfield(
                        [
                            (
                                "faq_section",
                                {
                                    "heading": "",
                                    "items": streamfield(
                                        [
                                            (
                                                "question",
                                                {
                                                    "question": "Is an IOP rehab?",
                                                    "answer": rich_text(
                                                        "<p>No.</p>",
                                                        features=PARAGRAPH_FEATURES,
                                                    ),
                                                },
                                            ),
                                            ("faq", faq.pk),
                                        ]
                                    ),
                                },
                            )
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="questions")
        items = page.body[0].value["items"]
        assert [item.block_type for item in items] == ["question", "faq"]
        assert items[1].value == faq

    def test_faq_snippets_are_searchable_and_show_their_usage(self):
        faq = published_faq("How many hours a week is an IOP?", "<p>Nine.</p>")
        published_faq("Something else?", "<p>No.</p>")
        listing = self.client.get(
            "/admin/snippets/faq/faq/", {"q": "hours"}
        ).content.decode()
        assert "How many hours a week is an IOP?" in listing
        assert "Something else?" not in listing
        with self.captureOnCommitCallbacks(execute=True):
            page = StandardPageFactory(
                parent=self.home, slug="uses", title="Uses it", body=[section(faq)]
            )
        usage = self.client.get(f"/admin/snippets/faq/faq/usage/{faq.pk}/")
        assert "Uses it" in usage.content.decode()
        assert page.pk
        history = self.client.get(f"/admin/snippets/faq/faq/history/{faq.pk}/")
        assert history.status_code == 200

    def test_the_faq_page_sits_under_home_only(self):
        self.assertAllowedParentPageTypes(FAQIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(FAQIndexPage, set())


def test_hub_groups_questions_by_topic_in_staff_order(client, demo):
    hub = FAQIndexPage.objects.get()
    conditions = Topic.objects.get(slug="conditions")
    in_conditions = published_faq(
        "Can you treat depression and drinking together?",
        "<p>Yes, together.</p>",
        topic=conditions,
    )
    article = ArticlePage.objects.get(slug="co-occurring-conditions")
    revision = article.get_latest_revision_as_object()
    revision.body.append(("faq_section", {"heading": "", "items": []}))
    revision.body[-1].value["items"].append(("faq", in_conditions))
    revision.save_revision().publish()
    # Staff put "Conditions" first.
    hub.topic_order.all().delete()
    hub.topic_order.create(topic=conditions, sort_order=0)
    hub.topic_order.create(topic=Topic.objects.get(slug="level-of-care"), sort_order=1)
    hub.save_revision().publish()

    soup = parse(client, hub.url)
    groups = [h.get_text() for h in soup.select(".faq-hub__group > h2")]
    # Topics staff did not order follow alphabetically; questions written in
    # place on pages without a topic (the programs) come last.
    assert groups == [
        "Conditions",
        "Level of care",
        "Cost and insurance",
        "Getting started",
        "Privacy and confidentiality",
        "Other questions",
    ]
    first = soup.select_one(".faq-hub__group")
    assert "Can you treat depression and drinking together?" in first.get_text()

    # Each question links to where it is answered, and the anchor exists there.
    hours = next(
        q
        for q in soup.select(".faq-hub__question")
        if "How many hours" in q.select_one("h3").get_text()
    )
    links = [a["href"] for a in hours.select(".faq-hub__source a")]
    assert sorted(links) == [
        "/levels-of-care/intensive-outpatient-program/#faq-how-many-hours-a-week-is-an-iop",
        "/resources/what-is-an-iop/#faq-how-many-hours-a-week-is-an-iop",
    ]
    for link in links:
        path, anchor = link.split("#")
        assert parse(client, path).find(id=anchor) is not None
    # Answers on the hub carry no citation markers: they belong to other pages.
    assert not soup.select("sup.citation")
