"""Factories for the page types and snippets (wagtail-factories, factory_boy)."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    SiteTextSettings,
    StandardPage,
    Topic,
)


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


def local_line(name, number, note=""):
    """A local crisis line, as the crisis lines' stream holds it."""
    return ("other", {"name": name, "number": number, "note": note})


def publish_site_text(site, **changes):
    """Publish crisis lines and notices with `changes`, as the Medical
    Director does (a revision, published with every signal); returns them."""
    site_text = SiteTextSettings.for_site(site).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(site_text, name, value)
    site_text.save_revision().publish()
    return site_text


def site_text_form(site_text, **changes):
    """The editor's form of crisis lines and notices as staff post it: the
    values of `site_text` (the draft they opened), with `changes` (the
    crisis lines as a list of (block type, value))."""
    data = {
        "crisis_lines": [
            (child.block_type, child.block.get_prep_value(child.value))
            for child in site_text.crisis_lines
        ],
        "availability_note": site_text.availability_note,
        "contact_label": site_text.contact_label,
        "pending_review_note": site_text.pending_review_note,
    }
    data.update(changes)
    data["crisis_lines"] = streamfield(data["crisis_lines"])
    return nested_form_data(data)
