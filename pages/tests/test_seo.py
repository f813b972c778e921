"""What search engines and link previews read: meta tags, JSON-LD that
agrees with the page, breadcrumbs, sitemap, robots.txt and the feed."""

import json

import pytest
from bs4 import BeautifulSoup
from defusedxml.ElementTree import fromstring
from django.utils import timezone
from wagtail.models import Page

from pages.models import ArticlePage
from pages.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def graph(soup):
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def meta(soup, key):
    tag = soup.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return tag["content"] if tag else None


def test_article_json_ld_agrees_with_the_visible_page(client, demo):
    soup = parse(client, "/resources/what-is-an-iop/")
    nodes = graph(soup)
    assert set(nodes) == {
        "MedicalClinic",
        "BreadcrumbList",
        "MedicalWebPage",
        "FAQPage",
    }

    clinic = nodes["MedicalClinic"]
    assert clinic["telephone"] == soup.select_one(".header-phone__number").get_text()
    assert clinic["name"] == soup.select_one(".brand").get_text()
    assert clinic["address"]["addressLocality"] == "Laguna Hills"

    page = nodes["MedicalWebPage"]
    assert page["name"] == soup.select_one("h1").get_text()
    shown_update = soup.select_one(".article__updated time")["datetime"]
    modified = timezone.localtime(
        timezone.datetime.fromisoformat(page["dateModified"].replace("Z", "+00:00"))
    )
    assert modified.date().isoformat() == shown_update
    listed = [li.select_one("cite") for li in soup.select(".references li")]
    assert [c["name"] for c in page["citation"]][0] in soup.select_one(
        ".references li"
    ).get_text()
    assert len(page["citation"]) == len(listed)
    assert "lastReviewed" not in page  # the page says it awaits review

    crumbs = [a.get_text() for a in soup.select("nav.breadcrumbs a")]
    assert [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]] == (
        crumbs
    )


def test_home_and_program_pages_have_their_graph(client, demo):
    home = graph(parse(client, "/"))
    assert set(home) == {"MedicalClinic"}  # no breadcrumb trail on the home page
    program = graph(parse(client, "/levels-of-care/intensive-outpatient-program/"))
    assert set(program) == {
        "MedicalClinic",
        "BreadcrumbList",
        "MedicalWebPage",
        "FAQPage",
    }


def test_meta_tags_fall_back_to_the_summary_and_share_the_hero(client, demo):
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    soup = parse(client, article.url)
    assert meta(soup, "description") == article.summary
    assert soup.select_one('link[rel="canonical"]')["href"] == article.full_url
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:image").endswith(".jpg")
    assert meta(soup, "og:image").startswith("http")
    assert meta(soup, "twitter:card") == "summary_large_image"

    revision = article.get_latest_revision_as_object()
    revision.search_description = "What an IOP is, in plain words."
    revision.save_revision().publish()
    soup = parse(client, article.url)
    assert meta(soup, "description") == "What an IOP is, in plain words."
    assert meta(soup, "og:description") == "What an IOP is, in plain words."


def test_breadcrumbs_show_on_inner_pages_only(client, demo):
    assert parse(client, "/").select_one("nav.breadcrumbs") is None
    crumbs = parse(client, "/resources/php-vs-iop/").select("nav.breadcrumbs a")
    assert [a.get_text() for a in crumbs] == [
        "Home",
        "Resources",
        "PHP vs IOP: Which Level of Care Fits?",
    ]
    assert crumbs[-1]["aria-current"] == "page"


def test_sitemap_lists_live_pages_and_no_draft(client, demo):
    library = ArticlePage.objects.get(slug="what-is-an-iop").get_parent()
    draft = ArticlePageFactory(parent=library, slug="a-draft", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    live = {page.full_url for page in Page.objects.live().filter(depth__gte=2)}
    assert locations == live
    assert not any(draft.slug in location for location in locations)


def test_robots_txt_points_to_the_sitemap(client, demo):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_the_feed_is_atom_xml_of_live_articles(client, demo):
    library = ArticlePage.objects.get(slug="what-is-an-iop").get_parent()
    ArticlePageFactory(parent=library, slug="a-draft", title="Draft only", live=False)
    response = client.get("/resources/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = fromstring(response.content)  # well-formed XML
    atom = {"a": "http://www.w3.org/2005/Atom"}
    titles = [
        entry.find("a:title", atom).text for entry in root.findall("a:entry", atom)
    ]
    assert set(titles) == set(
        ArticlePage.objects.live().values_list("title", flat=True)
    )
    assert "Draft only" not in titles
