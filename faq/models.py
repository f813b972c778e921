"""The reusable FAQ snippet and the FAQ hub page."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, Page, RevisionMixin
from wagtail.rich_text import RichText
from wagtail.search import index

from references.citations import validate_citations
from richtext.features import PARAGRAPH_FEATURES
from richtext.notices import EditorNoticesPanel
from richtext.panels import ReadingLevelPanel


class FAQ(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A question and its answer, written once and shown on every page that
    chooses it. Publishing it updates all of them; drafts are not shown."""

    question = models.CharField(max_length=255, unique=True)
    answer = RichTextField(features=PARAGRAPH_FEATURES, validators=[validate_citations])
    topic = models.ForeignKey(
        "pages.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Groups the question on the FAQ page.",
    )

    panels = [
        EditorNoticesPanel(),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("topic"),
        ReadingLevelPanel(),
    ]
    # What the reading level measures.
    reading_level_fields = ("question", "answer")
    search_fields = [
        # A question that asks in the visitor's words ranks above one that
        # only mentions them in its answer.
        index.SearchField("question", boost=3),
        index.SearchField("answer"),
        index.AutocompleteField("question"),
        index.FilterField("topic"),
        # Site search shows published questions only.
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        ordering = ["question"]

    def __str__(self):
        return self.question

    def shown_text(self):
        """What a page shows of a saved question: the question and answer,
        once published (a page shows no draft-only question)."""
        return [self.question, self.answer] if self.live else []

    def rich_texts(self):
        """Rich text it holds, so the page's citations number its answer."""
        yield RichText(self.answer)


class FAQIndexPage(Page):
    """The FAQ hub: every question published on the site, grouped by topic,
    each linking to the page where it is answered."""

    # Shows every published question, from every page (caching.purge).
    page_cache_aggregates = (FAQ, Page)

    intro = RichTextField(
        features=PARAGRAPH_FEATURES, blank=True, validators=[validate_citations]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "topic_order",
            label="Topic order",
            help_text="Topics in the order the page shows them; topics not "
            "listed follow in alphabetical order.",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "FAQ page"


class FAQTopicOrder(Orderable):
    page = ParentalKey(
        FAQIndexPage, on_delete=models.CASCADE, related_name="topic_order"
    )
    topic = models.ForeignKey("pages.Topic", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("topic")]
