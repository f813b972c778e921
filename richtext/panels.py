"""The reading level panel: how hard an instance's visitor-facing text is to
read, shown to the editor beside the fields they write."""

from django.core.exceptions import ImproperlyConfigured
from wagtail.admin.panels import Panel

from richtext.readability import (
    LONG_WORD_SYLLABLES,
    TARGET_GRADE_MAX,
    TARGET_GRADE_MIN,
    plain_text,
    reading_level,
)


class ReadingLevelPanel(Panel):
    """Shows the editor the reading grade of the fields a visitor reads, the
    longest sentences and the longest words, against the health-literacy
    target of grades 6 to 8. It informs and never blocks publishing.

    Reads the fields named in `fields`, or else the model's
    `reading_level_fields`, in the order a visitor reads them, e.g.
    `ReadingLevelPanel()` on a model with
    `reading_level_fields = ("title", "summary", "body")`.
    """

    def __init__(self, fields=None, **kwargs):
        kwargs.setdefault("heading", "Reading level")
        super().__init__(**kwargs)
        self.fields = tuple(fields) if fields else None

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["fields"] = self.fields
        return kwargs

    def on_model_bound(self):
        # Misnamed fields fail when the edit form is built, not when an
        # editor opens it.
        if not self.fields:
            self.fields = tuple(getattr(self.model, "reading_level_fields", ()))
        if not self.fields:
            raise ImproperlyConfigured(
                f"ReadingLevelPanel on {self.model.__name__}: name the fields "
                "to read, or set reading_level_fields on the model."
            )
        missing = [name for name in self.fields if not hasattr(self.model, name)]
        if missing:
            raise ImproperlyConfigured(
                f"ReadingLevelPanel on {self.model.__name__}: no field "
                f"{', '.join(missing)}."
            )

    class BoundPanel(Panel.BoundPanel):
        """The panel for the instance being edited, as the form last loaded it
        (an unsaved edit shows after saving a draft)."""

        template_name = "richtext/admin/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            values = [getattr(self.instance, name, None) for name in self.panel.fields]
            context.update(
                level=reading_level(plain_text(values)),
                target_min=TARGET_GRADE_MIN,
                target_max=TARGET_GRADE_MAX,
                long_word_syllables=LONG_WORD_SYLLABLES,
            )
            return context
