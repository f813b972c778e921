"""Fixtures of the pages app's tests."""

import pytest

# Administrators sign in with their second factor, in these tests too.
from accounts.tests.sign_in import admin_client  # noqa: F401
from pages.models import ArticlePage
from review.tests.admin import member


@pytest.fixture
def iop(demo):
    """The demo's "What Is an IOP?" article."""
    return ArticlePage.objects.get(slug="what-is-an-iop")


@pytest.fixture
def staff_users(db):
    """Signed-in members of each staff group (with their second factor),
    posting the admin's real forms with CSRF checks on."""

    return {
        "marketing": member("mia", "Marketing", "Mia", "Marketer"),
        "director": member("dr.lee", "Medical Director", "Robin", "Lee"),
        "admissions": member("ada", "Admissions", "Ada", "Admissions"),
    }
