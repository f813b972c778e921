"""Clinical articles: the editor's path, the anatomy a reader sees,
typography, previews and routing. (The cost of a page: test_article_queries;
"Last updated" and the library: test_library.)"""

import datetime
from unittest import mock

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from accounts.tests.sign_in import second_factor_off, sign_in
from pages.blocks import BodyBlock
from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
)
from pages.tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TopicFactory,
    local_line,
    publish_site_text,
)
from review.tests.admin import publish_as_awaiting_review


def every_block(image, link_page):
    """Form data for a body that uses every block type once."""
    return streamfield(
        [
            ("heading", {"heading": "What is it?", "level": "h2", "anchor": ""}),
            ("paragraph", rich_text("<p>Plain words.</p>")),
            (
                "image",
                {
                    "image": {
                        "image": image.pk,
                        "decorative": "",
                        "alt_text": "Chairs",
                    },
                    "caption": "A room",
                },
            ),
            (
                "callout",
                {"kind": "important", "title": "Note", "text": rich_text("<p>Hi</p>")},
            ),
            ("crisis_callout", {"heading": "In crisis?", "text": "Call now."}),
            (
                "call_to_action",
                {
                    "heading": "Talk to us",
                    "text": "We can help.",
                    "page": link_page.pk,
                    "link_text": "Our programs",
                },
            ),
            ("quote", {"quote": "Treatment works.", "attribution": "SAMHSA"}),
            (
                "faq_section",
                {
                    "heading": "",
                    "items": streamfield(
                        [
                            (
                                "question",
                                {
                                    "question": "Can I work?",
                                    "answer": rich_text("<p>Often, yes.</p>"),
                                },
                            )
                        ]
                    ),
                },
            ),
        ]
    )


def article_form(topic, **fields):
    data = {
        "title": "What is an IOP?",
        "slug": "what-is-an-iop",
        "summary": "An IOP is structured outpatient treatment.",
        "topic": topic.pk,
        "hero_alt_text": "",
        "hero_caption": "",
        "key_takeaways": streamfield(
            [("takeaway", "One"), ("takeaway", "Two"), ("takeaway", "Three")]
        ),
        "body": streamfield([("paragraph", rich_text("<p>Text</p>"))]),
        "author": "",
        "closing_link_text": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


class ArticleEditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)
        cls.library = ArticleIndexPageFactory(parent=cls.home)
        cls.topic = TopicFactory(name="Level of care", slug="level-of-care")
        cls.image = ImageFactory(title="Room", description="A sunlit room")

    def setUp(self):
        sign_in(self.client, self.create_test_user())

    def test_page_tree_rules(self):
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_editor_creates_an_article_with_every_block(self):
        self.assertCanCreate(
            self.library,
            ArticlePage,
            article_form(
                self.topic,
                hero_image=self.image.pk,
                body=every_block(self.image, self.home),
            ),
            # A clinical page is published only after a question (review/editor.py):
            # saved as a draft here, which is what creating it means.
            publish=False,
        )
        article = ArticlePage.objects.get(slug="what-is-an-iop")
        assert [block.block_type for block in article.body] == [
            name for name, _ in BodyBlock.base_blocks.items()
        ]
        assert article.hero_alt == "A sunlit room"

    @second_factor_off()  # Wagtail's helpers sign in a superuser of their own
    def test_article_is_previewable(self):
        article = ArticlePageFactory(parent=self.library, slug="preview-me")
        self.assertPageIsPreviewable(
            article,
            post_data=article_form(
                self.topic,
                slug="preview-me",
                body=every_block(self.image, self.home),
            ),
        )

    def test_editor_schedules_an_article(self):
        go_live = timezone.now() + datetime.timedelta(days=1)
        response = self.client.post(
            f"/admin/pages/add/pages/articlepage/{self.library.pk}/",
            article_form(
                self.topic,
                go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
                **{"action-publish": "publish"},
            ),
        )
        response = publish_as_awaiting_review(self.client, response)
        assert response.status_code == 302
        article = ArticlePage.objects.get(slug="what-is-an-iop")
        assert not article.live
        revision = article.latest_revision
        assert revision.approved_go_live_at is not None
        # A day later the scheduled publisher (a cron job) publishes it.
        later = go_live + datetime.timedelta(minutes=5)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled")
        article.refresh_from_db()
        assert article.live
        assert article.last_updated is not None

    def test_editor_sees_clear_errors_and_keeps_input(self):
        response = self.client.post(
            f"/admin/pages/add/pages/articlepage/{self.library.pk}/",
            article_form(
                self.topic,
                hero_image=ImageFactory(title="No description").pk,
                key_takeaways=streamfield([("takeaway", "Only one")]),
                body=streamfield(
                    [
                        ("heading", {"heading": "Cost", "level": "h2", "anchor": ""}),
                        ("heading", {"heading": "Cost", "level": "h2", "anchor": ""}),
                        (
                            "call_to_action",
                            {
                                "heading": "Go",
                                "text": "",
                                "page": self.home.pk,
                                "link_text": "",
                            },
                        ),
                    ]
                ),
                **{"action-publish": "publish"},
            ),
        )
        assert response.status_code == 200
        assert not ArticlePage.objects.filter(slug="what-is-an-iop").exists()
        form = response.context["form"]
        assert "Describe the image" in str(form.errors["hero_alt_text"])
        assert "key_takeaways" in form.errors
        body_errors = form.errors["body"].as_data()[0]
        assert "anchor 'cost'" in str(body_errors.block_errors[1])
        assert "link_text" in body_errors.block_errors[2].block_errors
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("#id_title")["value"] == "What is an IOP?"


def test_demo_article_renders_every_part_in_order(client, iop):
    response = client.get("/resources/what-is-an-iop/")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    soup = BeautifulSoup(response.content, "html.parser")
    article = soup.select_one("main article")
    parts = [
        article.select_one(".eyebrow"),
        article.select_one("h1"),
        article.select_one(".summary"),
        article.select_one(".article__hero img"),
        article.select_one(".review-notice"),
        article.select_one(".article__updated time"),
        article.select_one(".takeaways"),
        article.select_one("nav.toc"),
        article.select_one(".article__body"),
        article.select_one(".cta--closing"),
    ]
    assert all(parts), parts
    order = {id(tag): index for index, tag in enumerate(article.find_all(True))}
    positions = [order[id(part)] for part in parts]
    assert positions == sorted(positions)

    assert len(soup.find_all("h1")) == 1
    assert parts[0].get_text(strip=True) == "Level of care"
    hero = parts[3]
    assert hero["alt"].startswith("A calm, sunlit room")
    assert hero["width"] and hero["height"] and hero["loading"] == "eager"
    sources = {source["type"] for source in hero.parent.select("source")}
    assert sources == {"image/avif", "image/webp"}
    assert "awaiting clinical review" in parts[4].get_text()
    local_date = timezone.localtime(iop.last_updated).strftime("%Y-%m-%d")
    assert parts[5]["datetime"] == local_date  # the practice's own time zone
    assert len(parts[6].select("li")) == 5

    toc_targets = [link["href"] for link in parts[7].select("a")]
    h2_ids = [f"#{h2['id']}" for h2 in parts[8].select("h2")]
    assert toc_targets == h2_ids
    assert "#how-is-an-iop-different-from-weekly-therapy" in toc_targets

    crisis = article.select_one(".callout--crisis")
    links = {a["href"]: a.get_text(" ", strip=True) for a in crisis.select("a[href]")}
    assert links["tel:988"] == "Call 988"
    assert links["sms:988"] == "Text 988"
    assert links["tel:911"] == "Call 911"
    closing = parts[9]
    assert closing.select_one("a[href='tel:+19497355705']").get_text() == (
        "(949) 735-5705"
    )
    assert "Laguna Hills, CA" in closing.get_text()

    # Internal links resolve to live pages.
    for href in {a["href"] for a in parts[8].select("a[href^='/']")}:
        assert client.get(href).status_code == 200, href


def test_crisis_callout_follows_the_crisis_lines(client, site, iop):
    lines = [("national", "988"), ("national", "911")]
    publish_site_text(
        site, crisis_lines=[*lines, local_line("Warmline", "(800) 555-0199")]
    )
    soup = BeautifulSoup(client.get(iop.url).content, "html.parser")
    crisis = soup.select_one(".callout--crisis")
    assert crisis.select_one("a[href='tel:+18005550199']")


def test_typography_survives_from_editor_to_page(admin_client, iop):
    topic = iop.topic
    response = admin_client.post(
        f"/admin/pages/{iop.pk}/edit/",
        article_form(
            topic,
            title="What’s an IOP — and who is it for?",
            slug="what-is-an-iop",
            summary="“Intensive” means hours — not a hospital stay.",
            body=streamfield(
                [("paragraph", rich_text("<p>It’s 9+ hours — “real” care.</p>"))]
            ),
            **{"action-publish": "publish"},
        ),
    )
    response = publish_as_awaiting_review(admin_client, response)
    assert response.status_code == 302
    page = admin_client.get(iop.url)
    html = page.content.decode("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").get_text() == "What’s an IOP — and who is it for?"
    assert "“Intensive” means hours — not a hospital stay." in soup.get_text()
    assert "It’s 9+ hours — “real” care." in soup.get_text()
    for mojibake in ("β€", "â€", "Ã"):
        assert mojibake not in html


def test_search_covers_takeaways_and_body(iop):
    found = ArticlePage.objects.live().search("distress tolerance")
    assert iop in list(found)
    found = ArticlePage.objects.live().search("round-the-clock")
    assert iop in list(found)


def test_every_block_has_its_admin_preview(admin_client, demo):
    for name, block in BodyBlock.base_blocks.items():
        meta = block.meta
        assert meta.icon and meta.label and meta.template, name
        response = admin_client.get(
            "/admin/block-preview/", {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("link[href$='site.css']"), name
        assert soup.select_one("main").get_text(strip=True), name


def test_routing_finds_live_pages_and_nothing_else(client, iop):
    assert client.get("/resources/what-is-an-iop/").status_code == 200
    assert client.get("/resources/no-such-article/").status_code == 404
    assert client.get("/no-such-section/what-is-an-iop/").status_code == 404
    assert client.get("/resources/what-is-an-iop/extra/").status_code == 404
    assert client.get("/levels-of-care/virtual-iop/").status_code == 200
    iop.unpublish()
    assert client.get("/resources/what-is-an-iop/").status_code == 404
