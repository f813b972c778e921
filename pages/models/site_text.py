"""The site-wide text that clinically reviewed pages show: the crisis lines,
the availability note, the contact button's label and the note on a page
awaiting review. Changes wait as drafts until the Medical Director approves
(or publishes) them; meanwhile every page keeps the approved text."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import format_html
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from pages.crisis_line_blocks import CrisisLinesBlock
from pages.crisis_lines import DEFAULT_LINES, EMERGENCY, LIFELINE
from pages.models.articles import ArticlePage
from pages.models.clinical import ReviewStatus
from pages.panels import SiteTextStatusPanel
from richtext.notices import EditorNoticesPanel

# A preview hands its draft to the `site_text` context processor on the
# request, under this name (only previews are read from it).
PREVIEW_ATTRIBUTE = "site_text_preview"
ARTICLE_PREVIEW, PENDING_PREVIEW = "article", "pending"

DEFAULT_CONTACT_LABEL = "Contact admissions"
DEFAULT_PENDING_REVIEW_NOTE = (
    "This page is awaiting clinical review by our Medical Director. Its "
    "information comes from the sources listed under References on this page."
)
HOW_CHANGES_GO_LIVE = format_html(
    "<p><strong>{}</strong> {}</p>",
    "Changes here go live only when the Medical Director approves them.",
    "Every page shows this text, clinically reviewed pages included. Save "
    "your change as a draft, check it with Preview, then choose “Submit to "
    "Clinical review”: until it is approved, the live site keeps showing the "
    "text approved last.",
)


class SiteTextSettings(
    WorkflowMixin, DraftStateMixin, RevisionMixin, PreviewableMixin, BaseSiteSetting
):
    """Crisis lines and notices (Settings → Crisis lines and notices): what
    every page says about where to turn in a crisis and how to reach
    admissions, and what a page awaiting review says about itself. Marketing
    saves drafts and submits them to clinical review; the live site shows
    the approved version (this row) until the Medical Director approves."""

    crisis_lines = StreamField(
        CrisisLinesBlock(),
        default=[("national", key) for key in DEFAULT_LINES],
        help_text="Listed in this order in every page's footer, in crisis "
        "callouts and on error pages. National lines are chosen, not typed: "
        "the 988 Lifeline and 911 are always listed.",
    )
    availability_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="When and how to reach admissions, shown beside the phone.",
    )
    contact_label = models.CharField(
        max_length=60,
        default=DEFAULT_CONTACT_LABEL,
        verbose_name="Contact button text",
        help_text="The text of every button that leads to the admissions "
        "contact page (chosen in Practice details).",
    )
    pending_review_note = models.CharField(
        max_length=300,
        default=DEFAULT_PENDING_REVIEW_NOTE,
        verbose_name="Note on a page awaiting review",
        help_text="Shown after “Editor's note:” on a clinical page until the "
        "Medical Director reviews it. It must be true of every such page.",
    )

    # What the Medical Director approves: every field a visitor reads.
    clinical_fields = (
        "crisis_lines",
        "availability_note",
        "contact_label",
        "pending_review_note",
    )

    panels = [
        # What the editor shows, for an approval made from it (review).
        EditorNoticesPanel(),
        SiteTextStatusPanel(),
        HelpPanel(content=HOW_CHANGES_GO_LIVE, heading="How changes go live"),
        FieldPanel("crisis_lines"),
        FieldPanel("availability_note"),
        FieldPanel("contact_label"),
        FieldPanel("pending_review_note"),
    ]

    class Meta:
        verbose_name = "Crisis lines and notices"
        verbose_name_plural = "Crisis lines and notices"

    def __str__(self):
        # One practice: the admin's listing names the site of each.
        return str(self._meta.verbose_name)

    @property
    def lines(self):
        """The crisis lines as pages show them (`pages.crisis_lines.CrisisLine`),
        in order."""
        lines = (child.block.crisis_line(child.value) for child in self.crisis_lines)
        return [line for line in lines if line is not None]

    # The lines every page's crisis strip names: always listed (see
    # CrisisLinesBlock), so read from the catalogue.
    lifeline = LIFELINE
    emergency = EMERGENCY

    # Previews: a clinical article of the site, as it would read.

    @property
    def preview_modes(self):
        return [
            (ARTICLE_PREVIEW, "A clinical article"),
            (PENDING_PREVIEW, "A page awaiting review"),
        ]

    def preview_article(self):
        """The site's first live article (by its place in the tree)."""
        return (
            ArticlePage.objects.live()
            .descendant_of(self.site.root_page)
            .order_by("path")
            .first()
        )

    def serve_preview(self, request, mode_name):
        setattr(request, PREVIEW_ATTRIBUTE, self)
        article = self.preview_article()
        if article is None:
            return TemplateResponse(request, "pages/site_text_preview.html", {})
        if mode_name == PENDING_PREVIEW:
            # Shown as if awaiting review, in memory only.
            article.review_status = ReviewStatus.PENDING
            article.review_due_at = None
        return article.serve_preview(request, article.default_preview_mode)
