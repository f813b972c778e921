"""Factories for the page types and snippets (wagtail-factories, factory_boy)."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from pages.models import ArticleIndexPage, ArticlePage, StandardPage, Topic


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "About us"
    summary = "Who we are."

    class Meta:
        model = StandardPage


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A one-sentence summary."
    topic = factory.SubFactory(TopicFactory)
    key_takeaways = factory.LazyFunction(
        lambda: [("takeaway", f"Point {n}") for n in range(1, 4)]
    )
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"heading": "A question?", "level": "h2", "anchor": ""}),
            ("paragraph", "<p>An answer.</p>"),
        ]
    )

    class Meta:
        model = ArticlePage


ImageFactory = wagtail_factories.ImageFactory


def publish_edit(page, **changes):
    """Publish a new revision of `page` with `changes`, as an editor does in
    the admin (with every signal); returns the published page."""
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page
