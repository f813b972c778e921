from django.apps import AppConfig


class FaqConfig(AppConfig):
    """Frequently asked questions: blocks and reusable snippets."""

    name = "faq"
    verbose_name = "FAQ"
