"""What an article costs to serve: queries for a warm render, and that they
do not grow with the number of blocks and images."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.models import ContentVersion
from pages.tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ImageFactory,
    TopicFactory,
)


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def warm_query_counts(client, url):
    """Queries of a render with Wagtail's per-process caches warm: first
    with the rendered fragments evicted (a render after any content change),
    then served from them."""
    assert client.get(url).status_code == 200
    ContentVersion.bump()
    rendered = query_count(client, url)
    return rendered, query_count(client, url)


@pytest.mark.usefixtures("no_page_cache")
def test_warm_article_costs_at_most_12_queries(client, iop):
    rendered, from_fragments = warm_query_counts(client, iop.url)
    assert rendered <= 12
    # Served from fragments and the kept route: the content version, and
    # Wagtail's check of the page's and its ancestors' view restrictions.
    assert from_fragments < rendered
    assert from_fragments <= 3


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_queries_do_not_grow_with_blocks_and_images(client, home_page):
    library = ArticleIndexPageFactory(parent=home_page)
    topic = TopicFactory()
    target = ArticlePageFactory(parent=library, slug="target", topic=topic)
    images = [
        ImageFactory(title=f"Image {n}", description="A picture") for n in range(10)
    ]

    def body(sections, image_count):
        """Stored (JSON) stream data, as the editor saves it."""
        blocks = []
        for number in range(sections):
            heading = {"heading": f"Question {number}?", "level": "h2", "anchor": ""}
            blocks.append({"type": "heading", "value": heading})
            blocks.append(
                {
                    "type": "paragraph",
                    "value": f'<p>See <a linktype="page" id="{target.pk}">this</a> '
                    f'and <a linktype="page" id="{library.pk}">that</a>.</p>',
                }
            )
            cta = {"heading": "Call", "text": "", "page": target.pk, "link_text": "Go"}
            blocks.append({"type": "call_to_action", "value": cta})
            crisis = {"heading": "Crisis?", "text": ""}
            blocks.append({"type": "crisis_callout", "value": crisis})
        for image in images[:image_count]:
            figure = {
                "image": {"image": image.pk, "decorative": False, "alt_text": "x"},
                "caption": "",
            }
            blocks.append({"type": "image", "value": figure})
        quote = {"quote": "Treatment works.", "attribution": ""}
        blocks.append({"type": "quote", "value": quote})
        return json.dumps(blocks)

    small = ArticlePageFactory(
        parent=library, slug="small", topic=topic, body=body(2, 1), hero_image=images[0]
    )
    large = ArticlePageFactory(
        parent=library,
        slug="large",
        topic=topic,
        body=body(8, 10),
        hero_image=images[0],
    )
    assert (len(small.body), len(large.body)) == (10, 43)
    for page in (small, large):
        page.save_revision().publish()
    assert warm_query_counts(client, "/resources/large/") == warm_query_counts(
        client, "/resources/small/"
    )
