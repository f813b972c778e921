from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types, their blocks, site settings, and what pages show to
    visitors and search engines."""

    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        # Imported once the apps are loaded, as Django requires of models and
        # of the signal receivers they carry.
        from wagtail.models import ReferenceIndex

        from pages import signals  # noqa: F401
        from pages.forms import PracticeDetailsForm
        from pages.models import SiteSettings

        # The practice details confirm a new phone number before saving it.
        SiteSettings.base_form_class = PracticeDetailsForm

        # Settings link pages (the privacy notice, the inquiry form) shown on
        # every page: the reference index records them, so that whatever
        # reacts to a linked page's change (caches) finds the settings.
        ReferenceIndex.register_model(SiteSettings)
