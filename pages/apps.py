from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types, site settings and the demo content."""

    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from pages import review, signals  # noqa: F401  (connect the receivers)
