from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types, site settings and the demo content."""

    name = "pages"
    verbose_name = "Pages"
