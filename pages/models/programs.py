"""The practice's levels of care: the "Levels of care" index, which compares
the programs side by side, and a page per program (IOP, PHP, virtual IOP,
aftercare)."""

import calendar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import PARAGRAPH_FEATURES, BodyBlock
from pages.models.clinical import ClinicalReviewMixin
from pages.rendering import PrefetchedLinksMixin
from references.citations import validate_citations
from richtext.notices import EditorNoticesPanel
from richtext.panels import ReadingLevelPanel

ASK_ADMISSIONS = "Ask admissions"


class ProgramFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual, by secure video"
    BOTH = "both", "In person or virtual"


class ProgramIndexPage(Page):
    """ "Levels of care": introduces the programs and compares them in a
    table (hours a week, schedule, format, typical length)."""

    intro = RichTextField(
        features=PARAGRAPH_FEATURES, blank=True, validators=[validate_citations]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ProgramPage"]

    class Meta:
        verbose_name = "Levels of care"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programs"] = ProgramPage.objects.live().public().child_of(self)
        return context


class ProgramPage(PrefetchedLinksMixin, ClinicalReviewMixin, Page):
    """One level of care, with what a visitor decides on: who it is for, the
    weekly schedule, what happens in it, how long it lasts, in person or
    virtual, paying for it, and how to start."""

    # Reading order on the page, for citation numbers.
    rich_text_fields = ("audience", "body", "insurance_note")
    # What the Medical Director approves: every text a visitor or a search
    # engine reads about health or treatment. The schedule, format and
    # insurance note are practical details the practice may change without a
    # review.
    clinical_fields = (
        "title",
        "summary",
        "audience",
        "hours_per_week_min",
        "hours_per_week_max",
        "typical_length",
        "body",
        "cta_text",
        "seo_title",
        "search_description",
    )

    # What the reading level measures.
    reading_level_fields = ("title", "summary", "audience", "typical_length", "body")

    summary = models.CharField(
        max_length=300, help_text="One sentence: what this program is."
    )
    audience = RichTextField(
        "Who it is for",
        features=PARAGRAPH_FEATURES,
        blank=True,
        validators=[validate_citations],
        help_text="Who this level of care suits, and when another fits better.",
    )
    delivery = models.CharField(
        "Format",
        max_length=10,
        choices=ProgramFormat.choices,
        default=ProgramFormat.IN_PERSON,
    )
    hours_per_week_min = models.PositiveSmallIntegerField(
        "Hours a week, at least",
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text="Leave both hour fields empty to show “Ask admissions”.",
    )
    hours_per_week_max = models.PositiveSmallIntegerField(
        "Hours a week, at most",
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text="Leave empty for “or more”.",
    )
    schedule_days = models.CharField(
        "Days",
        max_length=120,
        blank=True,
        help_text="e.g. Three evenings a week, or Monday to Friday.",
    )
    schedule_times = models.CharField(
        "Times",
        max_length=120,
        blank=True,
        help_text="e.g. About three hours each evening, or 9 am to 3 pm.",
    )
    typical_length = models.CharField(
        max_length=160,
        blank=True,
        help_text="e.g. Usually 8 to 12 weeks. Leave empty if it varies too much "
        "to say.",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name="What happens in it",
        help_text="Sections on what the program involves; end with an FAQ section.",
    )
    insurance_note = RichTextField(
        features=PARAGRAPH_FEATURES,
        blank=True,
        validators=[validate_citations],
        help_text="What plans usually cover, and that admissions checks "
        "benefits before enrollment.",
    )
    cta_text = models.CharField(
        "Call to action",
        max_length=160,
        blank=True,
        help_text="One sentence inviting the reader to call or write to "
        "admissions, shown with the phone number and the contact form link.",
    )

    content_panels = [
        EditorNoticesPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("hours_per_week_min"), FieldPanel("hours_per_week_max")]
                ),
                FieldPanel("schedule_days"),
                FieldPanel("schedule_times"),
                FieldPanel("delivery"),
                FieldPanel("typical_length"),
            ],
            heading="At a glance",
        ),
        FieldPanel("body"),
        FieldPanel("insurance_note"),
        FieldPanel("cta_text"),
        # Last: it reads the body as the editor drew it (saved questions too).
        ReadingLevelPanel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("schedule_days"),
        index.SearchField("schedule_times"),
        index.SearchField("typical_length"),
        index.SearchField("body"),
        index.SearchField("insurance_note"),
        index.FilterField("delivery"),
    ]

    parent_page_types = ["pages.ProgramIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Program"

    def clean(self):
        super().clean()
        low, high = self.hours_per_week_min, self.hours_per_week_max
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"hours_per_week_max": "Make this at least the hours in “at least”."}
            )

    @property
    def hours_display(self):
        """ "9 or more hours", "20 to 30 hours", "Up to 4 hours", or None."""
        low, high = self.hours_per_week_min, self.hours_per_week_max
        if low is not None and high is not None and low != high:
            return f"{low} to {high} hours"
        if low is not None:
            return f"{low} hours" if high == low else f"{low} or more hours"
        if high is not None:
            return f"Up to {high} hours"
        return None

    @property
    def schedule_display(self):
        """Days and times in one phrase, or None: "Three evenings a week;
        about three hours each evening" (lower case after the semicolon)."""
        days, times = self.schedule_days, self.schedule_times
        if days and times:
            return f"{days}; {continuing(times)}"
        return days or times or None


# Words that keep their capital in mid-sentence: day names.
DAY_NAMES = {*calendar.day_name, *(f"{day}s" for day in calendar.day_name)}


def continuing(text):
    """`text` as it reads after a semicolon: "About three hours" becomes
    "about three hours"; a day name, "I" or an abbreviation such as "IOP"
    keeps its capital."""
    words = text.split(maxsplit=1)
    first = words[0].rstrip(",;:.") if words else ""
    if not first[:1].isupper() or first in DAY_NAMES or first == "I":
        return text
    if first[1:2].isupper():  # IOP, PHP, AM
        return text
    return text[0].lower() + text[1:]
