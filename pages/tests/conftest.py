"""Fixtures of the pages app's tests."""

import pytest

# Administrators sign in with their second factor, in these tests too.
from accounts.tests.sign_in import admin_client  # noqa: F401
from pages.models import ArticlePage


@pytest.fixture
def iop(demo):
    """The demo's "What Is an IOP?" article."""
    return ArticlePage.objects.get(slug="what-is-an-iop")
