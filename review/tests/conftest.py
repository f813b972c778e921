"""Fixtures of the review app's tests: staff in each role, and a clinical
article written, submitted and approved through the admin."""

import pytest
from django.urls import reverse

# Administrators sign in with their second factor, in these tests too.
from accounts.tests.sign_in import admin_client  # noqa: F401
from pages.models import ArticlePage, Clinician, HomePage, ReviewStatus
from pages.tests.factories import ArticleIndexPageFactory, TopicFactory
from review.tests.admin import (
    approve_in_editor,
    article_form,
    edit,
    fresh,
    member,
    open_editor,
    publish_as_awaiting_review,
)


def staff_members():
    """Mia (Marketing), Robin Lee, MD (the Medical Director, with a clinician
    profile) and Ava (Admissions), signed in."""
    director = member("dr.lee", "Medical Director", "Robin", "Lee")
    Clinician.objects.create(
        name="Robin Lee", credentials="MD", role="Medical Director", user=director.user
    )
    return {
        "marketing": member("mia", "Marketing", "Mia", "Marketer"),
        "director": director,
        "admissions": member("ava", "Admissions", "Ava", "Ito"),
    }


@pytest.fixture
def staff(db):
    return staff_members()


@pytest.fixture
def team(demo):
    """The staff, on the demo site (whose own demo accounts' profiles are
    unlinked: Robin Lee reviews)."""
    Clinician.objects.filter(user__isnull=False).update(user=None)
    return staff_members()


@pytest.fixture
def article(staff):
    """A live article that marketing wrote through the admin."""
    library = ArticleIndexPageFactory(parent=HomePage.objects.get(depth=2))
    draft = ArticlePage(
        title="What is partial hospitalization?",
        slug="what-is-php",
        summary="A PHP is treatment most of the weekday.",
        topic=TopicFactory(name="Level of care", slug="level-of-care"),
        key_takeaways=[("takeaway", "One"), ("takeaway", "Two"), ("takeaway", "Three")],
    )
    marketing = staff["marketing"]
    response = marketing.post(
        reverse("wagtailadmin_pages:add", args=["pages", "articlepage", library.pk]),
        {**article_form(draft), "action-publish": "publish"},
    )
    response = publish_as_awaiting_review(marketing, response)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(slug="what-is-php")


@pytest.fixture
def reviewed(staff, article):
    edit(staff["marketing"], article, "submit")
    loaded = open_editor(staff["director"], article)
    assert approve_in_editor(staff["director"], article, loaded).status_code == 302
    assert fresh(article).review_status == ReviewStatus.REVIEWED
    return fresh(article)
