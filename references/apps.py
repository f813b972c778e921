from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    """Citation snippets and the rich-text citation feature."""

    name = "references"
    verbose_name = "References"
