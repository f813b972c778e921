"""Factories for the page types (wagtail-factories)."""

import wagtail_factories

from pages.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "About us"
    summary = "Who we are."

    class Meta:
        model = StandardPage
