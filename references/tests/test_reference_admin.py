"""References in the admin: citing from the editor, usage, protection from
deletion, the chooser, search and filters, and the staff roles."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from pages.models import ArticlePage
from pages.tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    TopicFactory,
)
from references.models import Reference
from references.tests.factories import ReferenceFactory, cite
from review.tests.admin import publish_as_awaiting_review
from richtext.features import PARAGRAPH_FEATURES

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(Reference.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def library(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def marketing(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="marketing", password="a-long-password", first_name="Mia"
    )
    user.groups.add(Group.objects.get(name="Marketing"))
    sign_in(client, user)
    return user


def article_form(topic, paragraph_html, **fields):
    return nested_form_data(
        {
            "title": "What is an IOP?",
            "slug": "what-is-an-iop",
            "summary": "An IOP is structured outpatient treatment.",
            "topic": topic.pk,
            "hero_alt_text": "",
            "hero_caption": "",
            "key_takeaways": streamfield(
                [("takeaway", "One"), ("takeaway", "Two"), ("takeaway", "Three")]
            ),
            "body": streamfield(
                [
                    (
                        "paragraph",
                        rich_text(paragraph_html, features=PARAGRAPH_FEATURES),
                    )
                ]
            ),
            "author": "",
            "closing_link_page": "",
            "closing_link_text": "",
            **fields,
        }
    )


def test_an_editor_cites_a_reference_and_the_index_records_it(
    client, marketing, library, django_capture_on_commit_callbacks
):
    reference = ReferenceFactory(title="Clinical Issues in IOP")
    topic = TopicFactory()
    # Wagtail updates its reference index in a task run after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/add/pages/articlepage/{library.pk}/",
            article_form(
                topic,
                f"<p>Nine hours a week{cite(reference)}.</p>",
                **{"action-publish": "publish"},
            ),
        )
        response = publish_as_awaiting_review(client, response)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ArticlePage.objects.get(slug="what-is-an-iop")
    source = page.body[0].value.source
    assert f'<a linktype="citation" id="{reference.pk}">' in source
    assert f"[{reference.short_label}]</a>" in source

    sources = [obj for obj, _ in ReferenceIndex.get_grouped_references_to(reference)]
    assert [s.pk for s in sources] == [page.pk]
    usage = client.get(url("usage", reference.pk))
    assert usage.status_code == 200
    assert "What is an IOP?" in usage.content.decode()
    assert "[1]" in client.get(page.url).content.decode()


def test_editing_the_page_shows_the_citation_in_the_editor(client, marketing, library):
    reference = ReferenceFactory(authors="National Institute on Drug Abuse (NIDA)")
    page = ArticlePageFactory(
        parent=library, body=[("paragraph", f"<p>Treat both{cite(reference)}.</p>")]
    )
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "references/js/citation-editor.js" in html
    # The stored citation became a CITATION entity with the reference's label.
    assert "CITATION" in html
    assert "NIDA 2020" in html


def test_publishing_a_citation_of_a_deleted_reference_is_refused(
    client, marketing, library
):
    gone = ReferenceFactory()
    gone_id = gone.pk
    gone.delete()
    topic = TopicFactory()
    response = client.post(
        f"/admin/pages/add/pages/articlepage/{library.pk}/",
        article_form(
            topic,
            f'<p>A claim<a linktype="citation" id="{gone_id}">[Gone 2001]</a>.</p>',
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "These citations point to references that no longer exist" in html
    assert "[Gone 2001]" in html
    assert not ArticlePage.objects.filter(slug="what-is-an-iop").exists()


def test_a_cited_reference_cannot_be_deleted(
    client, marketing, library, django_capture_on_commit_callbacks
):
    reference = ReferenceFactory(title="Principles of Treatment")
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(
            parent=library,
            title="Co-occurring conditions",
            body=[("paragraph", f"<p>Both{cite(reference)}.</p>")],
        )
        page.save_revision().publish()

    for response in (
        client.get(url("delete", reference.pk)),
        client.post(url("delete", reference.pk)),
        client.post(
            reverse("wagtail_bulk_action", args=("references", "reference", "delete"))
            + f"?id={reference.pk}"
        ),
    ):
        assert response.status_code == 302
        assert response["Location"] == url("usage", reference.pk)
        assert Reference.objects.filter(pk=reference.pk).exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        "“Principles of Treatment” cannot be deleted: it is cited on "
        "“Co-occurring conditions”" in message
        for message in messages
    )


def test_an_uncited_reference_can_be_deleted(client, marketing):
    reference = ReferenceFactory()
    response = client.post(url("delete", reference.pk))
    assert response.status_code == 302
    assert not Reference.objects.filter(pk=reference.pk).exists()


def test_the_chooser_searches_and_creates_and_answers_with_a_label(client, marketing):
    ReferenceFactory(title="Clinical Issues in Intensive Outpatient Treatment")
    ReferenceFactory(title="Something else")
    choose_url = reverse("wagtailsnippetchoosers_references_reference:choose")
    response = client.get(choose_url)
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert "Add a reference" in html  # the create tab

    results = client.get(
        reverse("wagtailsnippetchoosers_references_reference:choose_results"),
        {"q": "Intensive"},
    )
    assert "Clinical Issues" in results.content.decode()
    assert "Something else" not in results.content.decode()

    created = client.post(
        reverse("wagtailsnippetchoosers_references_reference:create"),
        {
            "kind": "web",
            "authors": "American Society of Addiction Medicine (ASAM)",
            "title": "What Are the ASAM Levels of Care?",
            "year": "2015",
            "url": "https://example.org/asam",
            "accessed": "2026-11-02",
        },
    )
    answer = json.loads(created.content)
    assert answer["step"] == "chosen", answer
    assert answer["result"]["label"] == "ASAM 2015"
    reference = Reference.objects.get(title="What Are the ASAM Levels of Care?")
    chosen = client.get(
        reverse(
            "wagtailsnippetchoosers_references_reference:chosen", args=[reference.pk]
        )
    )
    assert json.loads(chosen.content)["result"] == {
        "id": str(reference.pk),
        "string": str(reference),
        "edit_url": url("edit", reference.pk),
        "label": "ASAM 2015",
    }


def test_the_listing_searches_filters_and_keeps_revisions(client, marketing):
    ReferenceFactory(title="A guideline", kind=Reference.Kind.REPORT)
    web = ReferenceFactory(title="A web page", kind=Reference.Kind.WEB_PAGE)
    listing = client.get(url("list"), {"kind": "web"}).content.decode()
    assert "A web page" in listing and "A guideline" not in listing
    searched = client.get(url("list"), {"q": "guideline"}).content.decode()
    assert "A guideline" in searched and "A web page" not in searched

    response = client.post(
        url("edit", web.pk),
        {
            "kind": "web",
            "authors": web.authors,
            "title": "A web page, renamed",
            "year": "2021",
            "url": web.url,
            "accessed": "2026-11-02",
            # A reference has drafts: its changes show once published.
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    web.refresh_from_db()
    assert web.title == "A web page, renamed"
    assert web.latest_revision is not None
    assert client.get(url("history", web.pk)).status_code == 200


def test_bad_input_is_explained_and_kept(client, marketing):
    response = client.post(
        url("add"),
        {
            "kind": "article",
            "authors": "McCarty D",
            "title": "Substance abuse intensive outpatient programs",
            "year": "2014",
            "doi": "https://example.org/10.1176/x",
            "pmid": "abc",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the DOI, e.g. 10.1176/appi.ps.201300249" in html
    assert "A PMID is a number" in html
    assert "Name the journal the article appeared in." in html
    assert 'value="Substance abuse intensive outpatient programs"' in html


def test_a_pasted_doi_link_and_pmid_label_are_saved_cleaned(client, marketing):
    form = client.get(url("add"))
    soup = BeautifulSoup(form.content, "html.parser")
    # A browser cuts what is pasted at the input's maxlength: a link must fit.
    for name in ("doi", "pmid"):
        assert not soup.select_one(f"input[name={name}]").has_attr("maxlength")

    response = client.post(
        url("add"),
        nested_form_data(
            {
                "kind": "article",
                "authors": "McCarty D, Braude L, Lyman DR",
                "title": "Substance abuse intensive outpatient programs",
                "container": "Psychiatric Services",
                "year": "2014",
                "doi": "https://doi.org/10.1176/appi.ps.201300249",
                "pmid": "PMID: 24445678",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reference = Reference.objects.get(container="Psychiatric Services")
    assert reference.doi == "10.1176/appi.ps.201300249"
    assert reference.pmid == "24445678"
    # The revision the admin keeps holds the cleaned values too.
    revision = reference.latest_revision.content
    assert (revision["doi"], revision["pmid"]) == (
        "10.1176/appi.ps.201300249",
        "24445678",
    )


def test_a_pubmed_link_is_saved_as_its_pmid(client, marketing):
    reference = ReferenceFactory(kind=Reference.Kind.WEB_PAGE)
    response = client.post(
        url("edit", reference.pk),
        nested_form_data(
            {
                "kind": "web",
                "authors": reference.authors,
                "title": reference.title,
                "year": "2020",
                "url": reference.url,
                "accessed": "2026-11-01",
                "doi": "http://dx.doi.org/10.1176/appi.ps.201300249",
                "pmid": "https://pubmed.ncbi.nlm.nih.gov/24445678/",
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reference.refresh_from_db()
    assert (reference.doi, reference.pmid) == (
        "10.1176/appi.ps.201300249",
        "24445678",
    )
