"""The home page's sections (blocks staff arrange), what they draw from other
pages, what they cost in queries, and the site-wide layout fixes that go with
them (header, reference list, 404)."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.models import ContentVersion
from pages.models import ArticleIndexPage, HomePage, ProgramPage, SiteSettings
from pages.models.programs import continuing
from pages.tests.factories import ArticlePageFactory, ImageFactory, publish_edit

HOME_SECTIONS = [
    "program_cards",
    "how_to_start",
    "pillars",
    "location",
    "latest_articles",
    "credentials",
]


def parse(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def program_cards(soup):
    return {
        card.select_one(".card__title").get_text(strip=True): {
            item.dt.get_text(strip=True): item.dd.get_text(strip=True)
            for item in card.select("dl > div")
        }
        for card in soup.select(".program-card")
    }


def test_the_demo_home_page_is_built_from_sections(client, demo):
    home = HomePage.objects.get()
    assert [block.block_type for block in home.body] == HOME_SECTIONS
    soup = parse(client.get("/"))
    headings = [h2.get_text(strip=True) for h2 in soup.select("main h2")]
    assert headings[:5] == [
        "Four levels of outpatient care",
        "How to start",
        "What makes us different",
        "Where to find us",
        "Answers to common questions",
    ]
    # The hero keeps its modern-format, responsive picture.
    sources = soup.select(".hero picture source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    assert all("480w" in source["srcset"] for source in sources)


def test_program_cards_show_each_program_pages_own_facts(client, demo):
    soup = parse(client.get("/"))
    cards = program_cards(soup)
    assert list(cards) == [
        program.title for program in ProgramPage.objects.live().order_by("path")
    ]
    iop = ProgramPage.objects.get(slug="intensive-outpatient-program")
    assert cards[iop.title] == {
        "Hours a week": iop.hours_display,
        "Schedule": iop.schedule_display,
        "Format": iop.get_delivery_display(),
    }
    # Edited on the program page, changed on the home page: nothing retyped.
    publish_edit(iop, hours_per_week_min=11, schedule_days="Four evenings a week")
    cards = program_cards(parse(client.get("/")))
    assert cards[iop.title]["Hours a week"] == "11 or more hours"
    assert cards[iop.title]["Schedule"].startswith("Four evenings a week; ")


def test_an_unpublished_program_leaves_the_cards(client, demo):
    aftercare = ProgramPage.objects.get(slug="aftercare")
    aftercare.unpublish()
    assert aftercare.title not in program_cards(parse(client.get("/")))


def test_how_to_start_has_numbered_steps_and_no_unstated_promise(client, demo):
    soup = parse(client.get("/"))
    steps = soup.select(".steps > li")
    assert [step.h3.get_text(" ", strip=True) for step in steps] == [
        "Step 1: Call or send an inquiry",
        "Step 2: Free benefits check and assessment",
        "Step 3: Start your program",
    ]
    # "Within days" is said only when staff enter it as a fact.
    assert "within days" not in soup.main.get_text().lower()
    assert soup.select_one(".steps-section a[href='tel:+19497355705']")


def test_location_links_to_the_visitors_maps_app_without_an_embed(client, demo):
    soup = parse(client.get("/"))
    link = soup.find("a", string="Get directions")
    url = urlsplit(link["href"])
    assert (url.scheme, url.netloc) == ("https", "www.google.com")
    assert parse_qs(url.query)["query"] == [
        "Manifest Behavioral Health, Laguna Hills, CA"
    ]
    assert soup.find("iframe") is None
    assert "Laguna Hills, CA" in soup.select_one(".location address").get_text()


def test_credentials_show_only_what_staff_enter(client, demo):
    soup = parse(client.get("/"))
    assert soup.select_one(".credentials") is None  # the demo enters none

    home = HomePage.objects.get()
    body = [(block.block_type, block.value) for block in home.body]
    body.append(
        (
            "credentials",
            {
                "heading": "Licensed and accredited",
                "credentials": [
                    {
                        "kind": "license",
                        "name": "State license for outpatient care",
                        "number": "123456",
                        "url": "",
                    }
                ],
            },
        )
    )
    publish_edit(home, body=body)
    section = parse(client.get("/")).select_one(".credentials")
    assert section.select_one(".credential").get_text(" ", strip=True) == (
        "License State license for outpatient care No. 123456"
    )


def test_latest_articles_are_cards_and_a_new_one_reaches_the_home_page(client, demo):
    soup = parse(client.get("/"))
    assert len(soup.select(".article-tile")) == 3
    article = ArticlePageFactory(
        parent=ArticleIndexPage.objects.get(), title="Sleep and recovery"
    )
    article.save_revision().publish()
    # The home page is purged from the page cache (it aggregates articles).
    titles = [
        h3.get_text(strip=True)
        for h3 in parse(client.get("/")).select(".article-tile h3")
    ]
    assert titles[0] == "Sleep and recovery"


def count_home_queries(client):
    ContentVersion.bump()  # render the page, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_queries_do_not_grow_with_sections_or_cards(client, demo, no_page_cache):
    home = HomePage.objects.get()
    one_each = [(block.block_type, block.value) for block in home.body]
    client.get("/")  # warm Wagtail's per-process caches
    before = count_home_queries(client)
    # Every section twice, and more program cards in each.
    cards = one_each[0][1]
    cards["programs"] = list(cards["programs"]) * 2
    publish_edit(home, body=one_each * 2)
    assert len(HomePage.objects.get().body) == 2 * len(HOME_SECTIONS)
    assert count_home_queries(client) == before


def test_the_header_puts_menu_and_search_behind_one_button(client, demo):
    soup = parse(client.get("/about/"))
    header = soup.select_one("header.site-header")
    menu = header.select_one("details.site-menu")
    assert menu.summary.get_text(strip=True) == "Menu"
    assert menu.select_one("nav[aria-label='Main']")
    assert menu.select_one("form[role=search]")
    # The logo and the call button stay outside it, always in view.
    assert header.select_one(".brand").find_parent("details") is None
    assert header.select_one("a.header-phone").find_parent("details") is None
    assert header.select_one(".brand").get_text() == "Manifest Behavioral Health"
    assert header.select_one(".brand svg[aria-hidden=true]")


def test_an_uploaded_logo_replaces_the_built_in_mark(client, site, demo):
    settings = SiteSettings.for_site(site)
    settings.logo = ImageFactory(title="Our logo")
    settings.save()
    brand = parse(client.get("/")).select_one(".brand")
    assert brand.select_one("img.brand__logo")["alt"] == ""
    assert brand.select_one("svg") is None
    assert brand.get_text() == "Manifest Behavioral Health"


def test_the_404_page_has_the_main_menu(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("nav[aria-label='Main'] a[href='/levels-of-care/']")


def test_reference_back_links_and_long_addresses(client, demo):
    soup = parse(client.get("/resources/what-is-an-iop/"))
    items = soup.select(".references__item")
    several = [item for item in items if item.select_one("span.references__back")]
    assert several, "the article cites a source more than once"
    back = several[0].select_one("span.references__back").get_text()
    assert back.replace("\xa0", " ").startswith("↩ 1, 2")
    assert "  " not in back and not back.endswith(" ")
    link = next(a for item in items for a in item.select("a[href^=http]"))
    # A long address may break after a slash, and nowhere else.
    assert link.find("wbr") is not None
    assert all(wbr.previous_sibling.endswith("/") for wbr in link.find_all("wbr"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About three hours each evening", "about three hours each evening"),
        ("Most of the day", "most of the day"),
        ("Monday to Thursday", "Monday to Thursday"),
        ("IOP hours vary", "IOP hours vary"),
        ("6 pm to 9 pm", "6 pm to 9 pm"),
    ],
)
def test_program_facts_read_on_after_a_semicolon(text, expected):
    assert continuing(text) == expected


def page_weight(client, path):
    """Bytes of HTML, CSS and JavaScript a visitor downloads for `path`,
    before images (uncompressed)."""
    response = client.get(path)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    total = len(response.content)
    for tag in soup.select("link[rel=stylesheet][href], script[src]"):
        url = urlsplit(tag.get("href") or tag.get("src")).path
        assert url.startswith(settings.STATIC_URL), url  # nothing third-party
        total += (
            Path(finders.find(url.removeprefix(settings.STATIC_URL))).stat().st_size
        )
    return total


def test_the_article_stays_light_and_the_home_hero_is_modern_images(client, demo):
    assert page_weight(client, "/resources/what-is-an-iop/") < 60_000
    soup = parse(client.get("/"))
    sources = {
        source["type"]: source["srcset"]
        for source in soup.select(".hero__media picture source")
    }
    assert set(sources) == {"image/avif", "image/webp"}
    for srcset in sources.values():
        assert len(srcset.split(",")) == 3  # 480, 800 and 1200 px wide
    assert soup.select_one(".hero__media img")["srcset"]
