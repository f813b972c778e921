from django.apps import AppConfig


class RichTextConfig(AppConfig):
    """The rich-text machinery every app that shows content builds on: the
    paragraph feature list, page links fetched once per render, unique
    anchors, and walking stream values for their rich text."""

    name = "richtext"
    verbose_name = "Rich text"
