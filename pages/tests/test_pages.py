"""Home and standard pages: the page tree, the editor, and what visitors get."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import second_factor_off, sign_in
from caching.models import ContentVersion
from pages.models import HomePage, StandardPage
from pages.tests.factories import StandardPageFactory


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)

    def setUp(self):
        sign_in(self.client, self.create_test_user())

    def test_tree_is_enforced(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_editor_creates_a_standard_page_with_a_body(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Our approach",
                    "slug": "our-approach",
                    "summary": "How we work.",
                    "body": streamfield(
                        [
                            ("heading", {"heading": "Groups", "level": "h2"}),
                            ("paragraph", rich_text("<p>Group therapy.</p>")),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="our-approach")
        assert [block.block_type for block in page.body] == ["heading", "paragraph"]

    @second_factor_off()  # Wagtail's helpers sign in a superuser of their own
    def test_pages_render_edit_and_preview(self):
        page = StandardPageFactory(parent=self.home, slug="about-test")
        body = streamfield(
            [
                ("heading", {"heading": "A section", "level": "h2"}),
                ("paragraph", rich_text("<p>Some text.</p>")),
            ]
        )
        # StreamFields are drawn by JavaScript, so the helpers cannot scrape
        # their form data from the editor's HTML: give it to them.
        forms = {
            self.home: {
                "title": "Home",
                "slug": "home",
                "hero_heading": "Outpatient care",
                "hero_text": "Close to home.",
                "intro": rich_text("<p>Welcome.</p>"),
                "body": body,
            },
            page: {
                "title": "About",
                "slug": "about-test",
                "summary": "Who we are.",
                "body": body,
            },
        }
        for each, fields in forms.items():
            post_data = nested_form_data(fields)
            self.assertPageIsRenderable(each)
            self.assertPageIsEditable(each, post_data=post_data)
            self.assertPageIsPreviewable(each, post_data=post_data)


def parse(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_structure(client, demo):
    soup = parse(client.get("/"))
    assert len(soup.find_all("h1")) == 1
    assert soup.find("html")["lang"] == "en"
    skip = soup.select_one("a.skip-link")
    assert skip == soup.find("body").find("a")  # first thing a keyboard reaches
    assert soup.select_one(skip["href"]).name == "main"
    assert soup.select_one("header") and soup.select_one("footer")
    assert soup.select_one("nav[aria-label='Main']")
    assert soup.select_one("aside.crisis-strip[aria-label]")
    # The stylesheets are our own (the home page's sections have their own);
    # there are no scripts, only the JSON-LD data block.
    sheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert sheets == ["/static/css/site.css", "/static/css/home.css"]
    scripts = soup.find_all("script")
    assert [script["type"] for script in scripts] == ["application/ld+json"]
    assert soup.find(style=True) is None


def test_home_page_content_is_editable_fields(client, home_page, demo):
    home_page.refresh_from_db()
    home_page.hero_heading = "A new heading for the hero"
    home_page.save_revision().publish()
    soup = parse(client.get("/"))
    assert soup.find("h1").get_text(strip=True) == "A new heading for the hero"


def test_navigation_lists_live_pages_marked_for_menus(client, home_page, demo):
    hidden = StandardPageFactory(
        parent=home_page, title="Hidden", slug="hidden", show_in_menus=False
    )
    draft = StandardPageFactory(
        parent=home_page, title="Draft", slug="draft", show_in_menus=True
    )
    draft.unpublish()
    soup = parse(client.get("/about/"))
    nav = soup.select_one("nav[aria-label='Main']")
    titles = [link.get_text(strip=True) for link in nav.select("a")]
    assert titles == ["Levels of care", "Resources", "FAQ", "About us", "Our team"]
    assert hidden.title not in titles
    assert nav.select_one("a[aria-current=page]").get_text(strip=True) == "About us"


def test_footer_links_the_privacy_notice(client, demo):
    soup = parse(client.get("/"))
    link = soup.select_one("footer a[href='/privacy/']")
    assert link.get_text(strip=True) == "Privacy notice"


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_blocks(client, home_page):
    def page_with_blocks(slug, count):
        body = []
        for number in range(count):
            body.append(("heading", {"heading": f"Section {number}", "level": "h2"}))
            body.append(("paragraph", f"<p>Paragraph {number}</p>"))
        page = StandardPageFactory(parent=home_page, slug=slug, body=body)
        page.save_revision().publish()
        return page

    page_with_blocks("short", 1)
    page_with_blocks("long", 20)
    client.get("/short/")  # warm Wagtail's per-process caches
    ContentVersion.bump()  # and render the pages, not their cached fragments
    assert count_queries(client, "/long/") == count_queries(client, "/short/")


def test_page_tree_has_one_home(home_page):
    assert Page.objects.filter(depth=2).count() == 1
    assert home_page.get_site().is_default_site
