"""The resource library (newest first, topic filter, pages) and the
"Last updated" rule of its articles."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page

from pages.models import (
    ArticleIndexPage,
    ArticlePage,
)
from pages.tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    TopicFactory,
)
from pages.tests.test_articles import article_form
from review.tests.admin import publish_as_awaiting_review


@pytest.mark.django_db
class TestLastUpdated:
    def publish(self, page, when):
        page.last_published_at = None
        revision = page.save_revision()
        revision.publish()
        page.refresh_from_db()
        ArticlePage.objects.filter(pk=page.pk).update(last_published_at=when)
        return page

    def test_moves_only_when_published_content_changes(self, home_page):
        library = ArticleIndexPageFactory(parent=home_page)
        page = ArticlePageFactory(parent=library, slug="a")
        page.save_revision().publish()
        page.refresh_from_db()
        first = page.last_updated
        assert first is not None

        # Re-publishing identical content leaves the date alone.
        old = timezone.now() - datetime.timedelta(days=30)
        ArticlePage.objects.filter(pk=page.pk).update(last_updated=old)
        page.refresh_from_db()
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.last_updated == old

        # So does publishing a change to SEO fields only.
        page.seo_title = "IOP explained"
        page.search_description = "What an intensive outpatient program is."
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.last_updated == old

        # A draft (saved, not published) leaves it alone too.
        page.summary = "A changed summary, not yet published."
        page.save_revision()
        page.refresh_from_db()
        assert page.last_updated == old

        # Publishing the change moves it to the publication time.
        page.latest_revision.publish()
        page.refresh_from_db()
        assert page.last_updated == page.last_published_at
        assert page.last_updated > old

    def test_restoring_an_old_revision_is_a_change(self, home_page):
        library = ArticleIndexPageFactory(parent=home_page)
        page = ArticlePageFactory(parent=library, slug="b", summary="First.")
        first_revision = page.save_revision()
        first_revision.publish()
        page.refresh_from_db()
        page.summary = "Second."
        page.save_revision().publish()
        old = timezone.now() - datetime.timedelta(days=30)
        ArticlePage.objects.filter(pk=page.pk).update(last_updated=old)
        first_revision.publish()
        page.refresh_from_db()
        assert page.summary == "First."
        assert page.last_updated > old

    def test_republishing_through_the_editor_leaves_it_alone(
        self, admin_client, home_page
    ):
        """The admin's edit form gives every block a new id and the rich-text
        editor new paragraph keys: the same words, saved again, are not an
        update."""
        library = ArticleIndexPageFactory(parent=home_page)
        topic = TopicFactory(name="Level of care", slug="level-of-care")
        url = f"/admin/pages/add/pages/articlepage/{library.pk}/"
        form = article_form(topic, **{"action-publish": "publish"})
        response = publish_as_awaiting_review(
            admin_client, admin_client.post(url, form)
        )
        assert response.status_code == 302
        page = ArticlePage.objects.get(slug="what-is-an-iop")
        old = timezone.now() - datetime.timedelta(days=30)
        ArticlePage.objects.filter(pk=page.pk).update(last_updated=old)

        edit = f"/admin/pages/{page.pk}/edit/"
        response = publish_as_awaiting_review(
            admin_client, admin_client.post(edit, form)
        )
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.last_updated == old
        assert page.live_revision_id == page.latest_revision_id  # republished

        changed = article_form(
            topic, summary="A new summary.", **{"action-publish": "publish"}
        )
        response = publish_as_awaiting_review(
            admin_client, admin_client.post(edit, changed)
        )
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.last_updated > old


@pytest.mark.django_db
def test_library_lists_newest_first_filters_and_paginates(
    client, home_page, monkeypatch
):
    library = ArticleIndexPageFactory(parent=home_page)
    care = TopicFactory(name="Level of care", slug="level-of-care")
    conditions = TopicFactory(name="Conditions", slug="conditions")
    now = timezone.now()
    for number, topic in enumerate([care, care, conditions]):
        page = ArticlePageFactory(parent=library, slug=f"a{number}", topic=topic)
        page.save_revision().publish()
        Page.objects.filter(pk=page.pk).update(
            first_published_at=now - datetime.timedelta(days=10 - number)
        )
    draft = ArticlePageFactory(parent=library, slug="draft", topic=care, live=False)

    def titles(query=""):
        soup = BeautifulSoup(client.get(f"/resources/{query}").content, "html.parser")
        return [h2.get_text(strip=True) for h2 in soup.select(".article-card h2")], soup

    listed, soup = titles()
    assert listed == ["Article 2", "Article 1", "Article 0"] or listed == sorted(
        listed, reverse=True
    )
    assert draft.title not in listed
    filtered, soup = titles("?topic=conditions")
    assert len(filtered) == 1
    assert (
        soup.select_one(".topic-filter a[aria-current=page]").get_text() == "Conditions"
    )
    _, soup = titles("?topic=nonsense")
    assert "no topic by that name" in soup.get_text()

    monkeypatch.setattr(ArticleIndexPage, "articles_per_page", 2)
    first, soup = titles()
    assert len(first) == 2
    assert soup.select_one("a[rel=next]")["href"] == "?page=2"
    second, soup = titles("?page=2")
    assert len(second) == 1 and second[0] not in first
    _, soup = titles("?page=99")  # out of range: the last page, not an error
    assert len(soup.select(".article-card")) == 1
