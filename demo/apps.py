from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content: data files of pages, snippets and settings, and the
    loader that `make run` uses to fill an empty site."""

    name = "demo"
    verbose_name = "Demo content"
