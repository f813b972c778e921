from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    """Site search: the /search/ page over live pages and saved questions.
    (Wagtail's own search app is "wagtailsearch"; this one uses it.)"""

    name = "search"
    verbose_name = "Site search"
