"""Query strings and the page cache: a parameter a page does not use (a
tracking tag, a cache-buster) neither makes a new entry nor gets past the
cache, and the visitor gets the page itself; a page keeps the parameters it
declares (`page_cache_query_params`), and only those, in one order."""

import secrets

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django_redis import get_redis_connection

from caching import page_cache
from caching.purge import purge_paths
from caching.tests.visits import ARTICLE, UNRELATED, state
from pages.models import ArticleIndexPage, StandardPage

LIBRARY = "/resources/"


def redis_keys(pattern="*"):
    """The keys this test stored, under its own prefix."""
    prefix = caches["default"].key_prefix
    return list(get_redis_connection("default").scan_iter(f"{prefix}:*{pattern}"))


def article_titles(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".article-list h2 a")]


def test_tracking_parameters_get_the_page_itself_from_its_entry(site_cached):
    client = site_cached
    page = client.get(ARTICLE).content
    keys = set(redis_keys())
    for query in (
        "utm_source=newsletter&utm_medium=email&utm_campaign=spring",
        "gclid=abc123",
        "fbclid=IwAR0x",
        "msclkid=42&mc_cid=7&mc_eid=9&_ga=2.1&ref=partner",
    ):
        response = client.get(f"{ARTICLE}?{query}")
        assert response["X-Page-Cache"] == "hit", query
        assert response.content == page, query
    assert set(redis_keys()) == keys  # not one new entry


def test_an_unused_parameter_neither_busts_nor_bypasses_the_cache(site_cached):
    client = site_cached
    page = client.get(UNRELATED).content
    for value in ("1", "random", secrets.token_hex(8)):
        response = client.get(f"{UNRELATED}?x={value}")
        assert response["X-Page-Cache"] == "hit", value
        assert response.content == page


def test_a_flood_of_random_query_strings_leaves_the_cache_small(site_cached):
    client = site_cached
    for _ in range(10):
        client.get(f"{ARTICLE}?{secrets.token_hex(4)}={secrets.token_hex(8)}")
    keys_after_ten = len(redis_keys())
    for _ in range(1000):
        query = f"{secrets.token_hex(4)}={secrets.token_hex(8)}&utm_id={_}"
        assert client.get(f"{ARTICLE}?{query}")["X-Page-Cache"] == "hit"
    assert len(redis_keys()) == keys_after_ten
    # Of the article itself: its entry, and which parameters it uses.
    assert len(redis_keys("pc:*what-is-an-iop*")) <= 3


def test_after_a_purge_a_tagged_visit_refills_the_plain_entry(site_cached):
    client = site_cached
    purge_paths([ARTICLE])  # which parameters the article reads is forgotten
    response = client.get(f"{ARTICLE}?x={secrets.token_hex(4)}")
    assert response["X-Page-Cache"] == "miss"
    assert state(client, ARTICLE) == "hit"
    assert len(redis_keys("pc:page:*what-is-an-iop*")) == 1
    assert client.get(f"{ARTICLE}?x={secrets.token_hex(4)}")["X-Page-Cache"] == "hit"


def test_tracking_parameters_are_ignored_before_the_page_is_known(site_cached):
    client = site_cached
    # Which parameters the article reads is lost (evicted, say): a tagged
    # link is still its plain entry, with no need to render it to find out.
    redis = get_redis_connection("default")
    (learned,) = redis_keys("pc:params:*what-is-an-iop*")
    redis.delete(learned)
    response = client.get(f"{ARTICLE}?utm_source=x&gclid=1&fbclid=2")
    assert response["X-Page-Cache"] == "hit"


def test_declared_parameters_are_kept_sorted_and_alone(site_cached):
    client = site_cached
    filtered = f"{LIBRARY}?topic=level-of-care&page=1"
    titles = article_titles(client, filtered)
    assert titles
    assert titles != article_titles(client, f"{LIBRARY}?topic=conditions")
    for same in (
        f"{LIBRARY}?page=1&topic=level-of-care",
        f"{LIBRARY}?page=1&utm_source=x&topic=level-of-care&x=2",
    ):
        response = client.get(same)
        assert response["X-Page-Cache"] == "hit", same
        assert article_titles(client, same) == titles
    # An undeclared parameter alone is the unfiltered library.
    assert state(client, f"{LIBRARY}?x=level-of-care") == "hit"
    assert len(article_titles(client, f"{LIBRARY}?x=1")) > len(titles)


def test_random_values_of_a_declared_parameter_are_bounded(site_cached, monkeypatch):
    client = site_cached
    monkeypatch.setattr(page_cache, "MAX_VARIANTS_PER_PAGE", 5)
    for _ in range(40):
        client.get(f"{LIBRARY}?topic={secrets.token_hex(6)}")
    assert len(redis_keys("pc:page:*/resources/[?]*")) <= 5
    # The plain library is still served from the cache.
    assert state(client, LIBRARY) == "hit"


def test_search_is_never_cached_and_keeps_its_query(site_cached):
    client = site_cached
    keys = set(redis_keys("pc:*"))
    for _ in range(2):
        response = client.get("/search/?q=intensive+outpatient&utm_source=x")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "What Is an IOP" in response.content.decode()
    assert set(redis_keys("pc:*")) == keys


def record_what_pages_see(monkeypatch, *models):
    """Each render of a page of `models`: its GET and its full path."""
    seen = []
    for model in models:
        original = model.get_context

        def get_context(self, request, *args, _original=original, **kwargs):
            seen.append((request.GET.dict(), request.get_full_path()))
            return _original(self, request, *args, **kwargs)

        monkeypatch.setattr(model, "get_context", get_context)
    return seen


@pytest.mark.usefixtures("no_page_cache")
def test_a_page_reads_only_the_parameters_it_declares(client, demo, monkeypatch):
    seen = record_what_pages_see(monkeypatch, StandardPage, ArticleIndexPage)
    assert client.get("/about/?utm_source=x&x=1").status_code == 200
    # So an ignored parameter cannot change the page, even through a link
    # built from the request's address.
    assert seen == [({}, "/about/")]
    seen.clear()
    # The library sees its topic and page, sorted, and nothing else.
    filtered = article_titles(client, f"{LIBRARY}?x=1&topic=conditions&gclid=2&page=1")
    assert seen == [
        ({"page": "1", "topic": "conditions"}, f"{LIBRARY}?page=1&topic=conditions")
    ]
    assert 0 < len(filtered) < len(article_titles(client, LIBRARY))


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize(
    "path",
    ["/", ARTICLE, UNRELATED, LIBRARY, "/levels-of-care/", "/team/", "/faq/"],
)
def test_every_page_type_is_the_same_with_an_ignored_parameter(client, demo, path):
    client.get(path)  # fragments stored, so both renders use them alike
    plain = client.get(path)
    tagged = client.get(f"{path}?utm_source=x&x=1&ref=y")
    assert tagged.status_code == plain.status_code == 200
    assert tagged.content == plain.content


def test_a_cdn_keeps_only_addresses_it_can_be_told_to_forget(site_cached, cdn):
    client = site_cached
    # The plain address: the CDN may keep it (a hit says so too), no longer
    # than the page cache may.
    response = client.get(UNRELATED)
    assert response["X-Page-Cache"] == "hit"
    assert "s-maxage" in response["Cache-Control"]
    # With any query string it is served from the page cache, but a CDN,
    # which purges exact URLs, is not asked to keep it: a purge (a page made
    # private) could not reach it.
    for path in (f"{UNRELATED}?utm_source=x", f"{LIBRARY}?topic=conditions"):
        response = client.get(path)
        assert "s-maxage" not in response.get("Cache-Control", ""), path
