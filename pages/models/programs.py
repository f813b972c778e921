"""The practice's levels of care: the "Levels of care" index and a page per
program (IOP, PHP, virtual IOP, aftercare)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import PARAGRAPH_FEATURES, BodyBlock
from pages.models.review import ClinicalReviewMixin
from pages.rich_text import PrefetchedLinksMixin
from references.citations import validate_citations


class ProgramIndexPage(Page):
    """ "Levels of care": lists the programs the practice offers."""

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
    """One level of care: who it is for, what happens in it, how to start."""

    summary = models.CharField(
        max_length=300, help_text="One sentence: what this program is."
    )
    body = StreamField(BodyBlock())

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["pages.ProgramIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Program"
