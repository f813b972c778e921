"""Fixtures of the pages app's tests."""

import pytest

from pages.models import ArticlePage


@pytest.fixture
def iop(demo):
    """The demo's "What Is an IOP?" article."""
    return ArticlePage.objects.get(slug="what-is-an-iop")
