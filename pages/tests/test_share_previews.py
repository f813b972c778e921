"""A link to any page, shared in a message or on social media, shows an
image, a title and a description; and every page has a meta description.

The demo is loaded and each page type rendered once for the module; the
rendered HTML goes through structured-data-testing-tool (npm, installed by
`make test` into node_modules/) with its Twitter and Facebook presets.
"""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.models import Page, get_page_models

from caching.models import ContentVersion
from conftest import missing_tool
from pages.models import SiteSettings
from pages.seo import (
    DEFAULT_SHARE_IMAGE,
    DEFAULT_SHARE_IMAGE_ALT,
    DESCRIPTION_LENGTH,
    opening,
)
from pages.tests.factories import ImageFactory, StandardPageFactory

# The rendered pages are read without the database; the database is set up
# for the module all the same, for the fixture that renders them.
pytestmark = pytest.mark.django_db

PAGE_TYPES = sorted(model.__name__ for model in get_page_models() if model is not Page)
# Views outside the page tree that extend the site's base template.
OTHER_VIEWS = {"search": ("/search/", 200), "not-found": ("/no-such-page/", 404)}
TOOL = Path(settings.BASE_DIR) / "node_modules" / "structured-data-testing-tool"
# The tool's library, on each rendered file; one Node start-up for all of them.
CHECK_SCRIPT = """
const fs = require("fs");
const { structuredDataTest } = require("structured-data-testing-tool");
const { Twitter, Facebook } = require("structured-data-testing-tool/presets");
(async () => {
  const report = {};
  for (const file of process.argv.slice(1)) {
    let result;
    try {
      result = await structuredDataTest(fs.readFileSync(file), {
        presets: [Twitter, Facebook],
      });
    } catch (error) {
      if (error.type !== "VALIDATION_FAILED") throw error;
      result = error.res;
    }
    const name = (test) => `${test.group}: ${test.description}`;
    report[file] = {
      passed: result.passed.length,
      failed: result.failed.map(name),
      warnings: result.warnings.map(name),
    };
  }
  process.stdout.write(JSON.stringify(report));
})();
"""
# Warnings the site accepts: the practice has no Twitter account to name.
ACCEPTED_WARNINGS = {
    "Twitter: should have account username",
    "Twitter: should have username of content creator",
}


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{name: HTML} of one page of every page type and of the other views,
    rendered from the demo content, which is rolled back afterwards."""
    documents = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        client = Client()
        for model in get_page_models():
            pages = list(model.objects.live().order_by("path"))
            # One with a hero image, where the type has one and the demo uses it.
            page = next((p for p in pages if getattr(p, "hero_image_id", None)), None)
            page = page or (pages[0] if pages else None)
            if model is not Page and page is not None:
                response = client.get(page.url)
                assert response.status_code == 200, page.url
                documents[model.__name__] = response.content.decode()
        for name, (path, status) in OTHER_VIEWS.items():
            response = client.get(path)
            assert response.status_code == status, path
            documents[name] = response.content.decode()
        transaction.set_rollback(True)
    return documents


@pytest.fixture(scope="module")
def heads(rendered):
    """{name: meta tags} of each rendered page, parsed once."""
    return {name: tags(html) for name, html in rendered.items()}


def tags(html):
    """{property or name: content} of the page's meta tags."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for tag in soup.select("head meta[content]"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, tag["content"])
    return found


def visible_text(html):
    main = BeautifulSoup(html, "html.parser").select_one("main")
    return " ".join(main.get_text(" ").split())


def test_every_page_type_has_a_demo_page(rendered):
    assert set(PAGE_TYPES) <= set(rendered)


def test_every_page_passes_the_twitter_and_facebook_checks(rendered, tmp_path):
    node = shutil.which("node")
    if node is None or not TOOL.is_dir():
        missing_tool(
            "structured-data-testing-tool not found: `make test` installs it "
            "with npm ci (Node.js and npm)"
        )
    files = []
    for name, html in rendered.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 (our own script and files)
        [node, "-e", CHECK_SCRIPT, *files],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = {
        Path(file).stem: found for file, found in json.loads(result.stdout).items()
    }
    assert set(report) == set(rendered)
    failed = {
        name: found["failed"] for name, found in report.items() if found["failed"]
    }
    assert failed == {}
    warned = {
        name: sorted(set(found["warnings"]) - ACCEPTED_WARNINGS)
        for name, found in report.items()
    }
    assert warned == dict.fromkeys(report, [])
    assert all(found["passed"] >= 11 for found in report.values())


@pytest.mark.parametrize("name", [*PAGE_TYPES, *OTHER_VIEWS])
def test_every_page_describes_itself_in_its_own_words(rendered, heads, name):
    meta = heads[name]
    description = meta.get("description")
    assert description, f"{name} has no meta description"
    assert meta["og:description"] == meta["twitter:description"] == description
    # What the visitor reads on the page itself.
    assert description.rstrip("….") in visible_text(rendered[name])


@pytest.mark.parametrize("name", [*PAGE_TYPES, *OTHER_VIEWS])
def test_every_page_shares_an_image_a_title_and_its_address(heads, name):
    meta = heads[name]
    assert meta["og:image"] == meta["twitter:image"]
    assert meta["og:image"].startswith("http://localhost/")
    assert meta["og:image"].endswith((".jpg", ".png"))  # not AVIF or WebP
    assert meta["og:image:alt"] == meta["twitter:image:alt"] != ""
    assert int(meta["og:image:width"]) * 630 == int(meta["og:image:height"]) * 1200
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:title"] == meta["twitter:title"] != ""
    assert meta["og:url"].startswith("http://localhost/")
    assert meta["og:locale"] == "en_US"
    assert meta["og:site_name"] == "Manifest Behavioral Health"


def test_the_home_page_and_an_article_share_their_hero(rendered, heads):
    for name in ("HomePage", "ArticlePage"):
        meta = heads[name]
        assert "fill-1200x630" in meta["og:image"]
        assert meta["og:image"].endswith(".jpg")
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    home = heads["HomePage"]
    # The title staff wrote for search engines and previews; never "Home".
    assert home["og:title"] == (
        "Outpatient mental health and addiction treatment in Laguna Hills"
    )
    assert home["og:url"] == "http://localhost/"
    article = heads["ArticlePage"]
    assert article["og:type"] == "article"
    hero = BeautifulSoup(rendered["ArticlePage"], "html.parser").select_one(
        ".article__hero img"
    )
    assert article["og:image:alt"] == hero["alt"]


def test_pages_without_a_hero_share_the_built_in_image(heads):
    meta = heads["ProgramPage"]
    assert Path(meta["og:image"]).name == Path(DEFAULT_SHARE_IMAGE).name
    assert meta["og:image:alt"] == DEFAULT_SHARE_IMAGE_ALT
    assert meta["og:type"] == "website"
    with Image.open(finders.find(DEFAULT_SHARE_IMAGE)) as image:
        assert image.size == (1200, 630)
    assert Path(finders.find(DEFAULT_SHARE_IMAGE)).stat().st_size < 60_000


def test_views_outside_the_tree_point_to_themselves_or_home(heads):
    search = heads["search"]
    assert search["og:title"] == "Search"
    assert search["og:url"] == "http://localhost/search/"
    # One cached head serves every missing address: it names none of them.
    assert heads["not-found"]["og:url"] == "http://localhost/"


@pytest.mark.usefixtures("no_page_cache")
def test_the_default_share_image_setting_is_shared_without_a_query(
    client, home_page, site
):
    StandardPageFactory(parent=home_page, slug="about")
    settings_ = SiteSettings.for_site(site)

    def render():
        client.get("/about/")  # warm Wagtail's per-process caches
        ContentVersion.bump()  # and render the page, not its cached fragments
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/about/").content.decode()
        return tags(html), len(queries)

    before, built_in_queries = render()
    assert before["og:image:alt"] == DEFAULT_SHARE_IMAGE_ALT

    settings_.share_image = ImageFactory(
        title="Group room", description="A sunlit room set for a group session."
    )
    settings_.save()
    after, setting_queries = render()
    assert "fill-1200x630" in after["og:image"]
    assert after["og:image"].endswith(".jpg")
    assert after["og:image:alt"] == "A sunlit room set for a group session."
    assert setting_queries == built_in_queries


def test_a_page_with_no_text_of_its_own_still_has_a_description(client, home_page):
    StandardPageFactory(parent=home_page, slug="empty", title="Directions", summary="")
    meta = tags(client.get("/empty/").content.decode())
    assert meta["description"].startswith("Directions: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", "One. Two."),
        ("Short first. " + "x" * 150 + ".", "Short first."),
        ("word " * 60, ("word " * 30).strip() + "…"),
    ],
)
def test_the_opening_is_whole_sentences_or_cut_between_words(text, expected):
    assert opening(text) == expected
    assert len(opening(text)) <= DESCRIPTION_LENGTH


@pytest.mark.django_db
def test_a_home_page_without_its_own_title_shares_the_practice_name(client, home_page):
    assert home_page.seo_title == ""
    settings = SiteSettings.for_site(home_page.get_site())
    soup = BeautifulSoup(client.get(home_page.url).content, "html.parser")
    title = soup.select_one("meta[property='og:title']")["content"]
    assert title == settings.display_name != home_page.title
