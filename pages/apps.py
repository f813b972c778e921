from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types, site settings and the demo content."""

    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from pages import page_cache, review, signals  # noqa: F401  (receivers)
        from pages.models import SiteSettings

        # Settings link pages (the privacy notice, the enquiry form) shown on
        # every page: the page cache learns of them from the reference index.
        ReferenceIndex.register_model(SiteSettings)
