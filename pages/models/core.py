"""The home page and plain content pages."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import PARAGRAPH_FEATURES, BodyBlock
from pages.home_blocks import LATEST_ARTICLES_MAX, HomeBlock
from pages.models.articles import ArticleIndexPage, ArticlePage
from pages.models.programs import ProgramIndexPage, ProgramPage
from pages.rendering import PrefetchedLinksMixin
from references.citations import validate_citations


class ThroughRouteMixin:
    """Route through a child page in one query instead of Wagtail's two.

    Wagtail looks a child up as a plain Page, then fetches it again as its
    specific class. When the request is for a page further down, the child's
    own fields are not needed, so `specific(defer=True)` gives the right class
    in the first query; the child's route() then carries on. A request for
    the child itself keeps Wagtail's full fetch.
    """

    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        child = (
            self.get_children()
            .filter(slug=path_components[0])
            .specific(defer=True)
            .first()
        )
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # as Wagtail's own route() does
        return child.route(request, path_components[1:])


class HomeListings:
    """What the home page's blocks show of other pages, each fetched once per
    render, when a block first needs it (never on a render served from the
    fragment cache): however many program cards or article cards, one query
    for each kind."""

    def __init__(self, home):
        self.home = home

    @cached_property
    def programs_by_id(self):
        programs = ProgramPage.objects.live().public().descendant_of(self.home)
        return {program.pk: program for program in programs}

    @cached_property
    def program_index(self):
        return ProgramIndexPage.objects.live().child_of(self.home).first()

    @cached_property
    def latest_articles(self):
        return list(
            ArticlePage.objects.live()
            .public()
            .descendant_of(self.home)
            .select_related("topic")
            .order_by("-first_published_at", "-pk")[:LATEST_ARTICLES_MAX]
        )

    @cached_property
    def library(self):
        return ArticleIndexPage.objects.live().child_of(self.home).first()


class HomePage(ThroughRouteMixin, PrefetchedLinksMixin, Page):
    """The front page: a hero that says what the practice does, an
    introduction, and sections staff arrange (program cards, how to start,
    what makes the practice different, location, latest articles,
    credentials, and any body block)."""

    rich_text_fields = ("intro", "body")
    # Program cards and the latest articles show these pages: publishing,
    # changing or removing one purges the home page (caching.purge).
    page_cache_aggregates = (ArticlePage, ProgramPage)

    hero_heading = models.CharField(
        max_length=160,
        help_text="The page's one big heading. Defaults to the page title.",
        blank=True,
    )
    hero_text = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under it."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Hero link",
        help_text="Optional second button, e.g. to the levels of care.",
    )
    hero_link_text = models.CharField(max_length=60, blank=True)
    intro = RichTextField(
        features=PARAGRAPH_FEATURES, blank=True, validators=[validate_citations]
    )
    body = StreamField(
        HomeBlock(),
        blank=True,
        verbose_name="Sections",
        help_text="The home page's sections, in order: program cards, how to "
        "start, what makes us different, location, latest articles, "
        "credentials, and any body block.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_text"),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.ArticleIndexPage",
        "pages.ProgramIndexPage",
        "pages.StandardPage",
        "pages.TeamPage",
        "faq.FAQIndexPage",
        "admissions.EnquiryPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Home page"

    def listings(self):
        return HomeListings(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_listings"] = self.listings()
        return context

    def clean(self):
        super().clean()
        if self.hero_link_page and not self.hero_link_text:
            raise ValidationError(
                {"hero_link_text": "Give the hero link a text, or remove the link."}
            )


class StandardPage(PrefetchedLinksMixin, Page):
    """A plain content page, such as About us or the privacy notice."""

    summary = models.TextField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown under the title.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "Standard page"
