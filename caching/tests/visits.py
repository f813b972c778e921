"""What an anonymous visitor gets, for the page-cache tests: whether a page
came from the cache, and what it says."""

from bs4 import BeautifulSoup

REDIS = "redis://127.0.0.1:6379/0"
ARTICLE = "/resources/what-is-an-iop/"
UNRELATED = "/levels-of-care/aftercare/"


def state(client, path):
    """The page's X-Page-Cache ("hit" or "miss"), None unless it is a 200."""
    response = client.get(path)
    return response.get("X-Page-Cache") if response.status_code == 200 else None


def text(client, path):
    return BeautifulSoup(client.get(path).content, "html.parser").get_text(" ")


def assert_purged(client, *paths):
    for path in paths:
        assert state(client, path) == "miss", path
