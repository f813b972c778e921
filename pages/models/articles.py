"""Clinical articles: the resource library, its topics, and the article page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index

from faq.blocks import DEFAULT_HEADING
from pages.blocks import PARAGRAPH_FEATURES, BodyBlock, heading_anchor
from pages.content_hash import fields_hash
from pages.models.clinical import ClinicalReviewMixin
from pages.rendering import PrefetchedLinksMixin
from references.citations import validate_citations
from richtext.notices import EditorNoticesPanel
from richtext.panels import ReadingLevelPanel


class Topic(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A subject area such as "Level of care": the eyebrow above an article's
    title and a filter in the resource library. Its name is part of the
    clinical content of every article in it: a change is a draft until
    published, and publishing it sends reviewed articles back to review."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, max_length=400)

    panels = [
        EditorNoticesPanel(),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def shown_text(self):
        """What an article shows of its topic: the eyebrow."""
        return [self.name]


class LastUpdatedMixin(models.Model):
    """A page whose "Last updated" date moves only when a publication changes
    what readers see (the fields in `last_updated_fields`); publishing the same
    content again, or saving drafts, leaves it alone."""

    last_updated = models.DateTimeField(null=True, blank=True, editable=False)
    published_content_hash = models.CharField(max_length=64, blank=True, editable=False)

    # What the reading level measures: the text a reader reads first.
    reading_level_fields = ("title", "summary", "key_takeaways", "body")

    last_updated_fields = ()

    class Meta:
        abstract = True

    def content_hash(self):
        return fields_hash(self, self.last_updated_fields)

    def with_content_json(self, content):
        # These two record what is live. A revision (a draft, or an old one
        # being restored) carries the values from when it was saved, which must
        # not overwrite them.
        page = super().with_content_json(content)
        page.last_updated = self.last_updated
        page.published_content_hash = self.published_content_hash
        return page

    def record_publication(self):
        """After a publish: move `last_updated` if the published content changed."""
        digest = self.content_hash()
        if digest == self.published_content_hash:
            return False
        self.last_updated = self.last_published_at or timezone.now()
        self.published_content_hash = digest
        type(self).objects.filter(pk=self.pk).update(
            last_updated=self.last_updated, published_content_hash=digest
        )
        return True


class ArticleIndexPage(Page):
    """The resource library: every published article, newest first,
    filterable by topic."""

    # Its topic filter names every topic (caching.purge).
    page_cache_aggregates = (Topic,)
    # The query parameters it reads (get_context); it sees no others, and the
    # page cache keys it by these alone (caching.cache_keys).
    page_cache_query_params = ("topic", "page")

    intro = RichTextField(
        features=PARAGRAPH_FEATURES, blank=True, validators=[validate_citations]
    )

    articles_per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ArticlePage"]

    class Meta:
        verbose_name = "Resource library"

    def route(self, request, path_components):
        # An article is one level down: fetch it in one query with what its
        # page shows (topic, hero image), instead of Wagtail's
        # generic child lookup followed by `.specific` and one query per
        # foreign key. Anything else goes through Wagtail's own routing.
        if len(path_components) == 1:
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("topic", "hero_image", "reviewer", "author")
                .first()
            )
            if article is not None:
                # Treebeard caches a node's parent under this name; the
                # eyebrow links back here, so save that query too.
                article._cached_parent_obj = self
                return article.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.live()
            .public()
            .child_of(self)
            .select_related("topic")
            .order_by("-first_published_at", "-pk")
        )
        topics = Topic.objects.filter(pk__in=articles.values("topic_id")).order_by(
            "name"
        )
        current_topic = None
        topic_slug = request.GET.get("topic")
        if topic_slug:
            current_topic = next((t for t in topics if t.slug == topic_slug), None)
            if current_topic is not None:
                articles = articles.filter(topic=current_topic)
        paginator = Paginator(articles, self.articles_per_page)
        context.update(
            articles=paginator.get_page(request.GET.get("page")),
            topics=topics,
            current_topic=current_topic,
            unknown_topic=bool(topic_slug) and current_topic is None,
        )
        return context


class ArticlePage(PrefetchedLinksMixin, ClinicalReviewMixin, LastUpdatedMixin, Page):  # noqa: DJ008 (Page has __str__)
    """A clinical article, built to one anatomy: eyebrow, title and summary,
    hero, review notice, last updated, key takeaways, "On this page", body,
    FAQ, references and a closing call to action."""

    summary = models.CharField(
        max_length=300,
        help_text="One sentence that answers the title's question.",
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Shown above the title, e.g. Level of care.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt_text = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="Hero alt text",
        help_text="Leave blank to use the image's own description.",
    )
    hero_caption = models.CharField(max_length=250, blank=True)
    key_takeaways = StreamField(
        [("takeaway", blocks.CharBlock(max_length=200, label="Takeaway"))],
        min_num=3,
        max_num=7,
        help_text="Three to seven short points a reader should leave with.",
    )
    body = StreamField(BodyBlock())
    author = models.ForeignKey(
        "pages.Clinician",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_written",
        verbose_name="Byline",
        help_text="Who wrote the article: choose a clinician's profile, or "
        "leave empty for the practice's editorial team.",
    )
    closing_link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Closing link",
        help_text="The program page or the admissions form, offered at the end.",
    )
    closing_link_text = models.CharField(max_length=80, blank=True)

    linked_page_fields = ("closing_link_page",)
    # Every text a reader or a search engine reads about health or treatment.
    clinical_fields = (
        "title",
        "summary",
        "topic",
        "hero_caption",
        "key_takeaways",
        "body",
        "author",
        "closing_link_text",
        "seo_title",
        "search_description",
    )
    og_type = "article"

    last_updated_fields = (
        "title",
        "summary",
        "topic",
        "hero_image",
        "hero_alt_text",
        "hero_caption",
        "key_takeaways",
        "body",
        "author",
        "closing_link_page",
        "closing_link_text",
    )

    content_panels = [
        EditorNoticesPanel(),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("topic"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt_text"),
                FieldPanel("hero_caption"),
            ],
            heading="Hero image",
        ),
        FieldPanel("key_takeaways"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("closing_link_page"), FieldPanel("closing_link_text")],
            heading="Closing call to action",
        ),
        FieldPanel("author"),
        # Last: it reads the body as the editor drew it (saved questions too).
        ReadingLevelPanel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("key_takeaways"),
        index.SearchField("body"),
        index.FilterField("topic"),
        index.RelatedFields("topic", [index.SearchField("name")]),
    ]

    parent_page_types = ["pages.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Article"

    def clean(self):
        super().clean()
        errors = {}
        if self.hero_image_id and not self.hero_alt:
            errors["hero_alt_text"] = (
                "Describe the image for readers who cannot see it: here, or "
                "in the image's description."
            )
        if self.closing_link_page_id and not self.closing_link_text:
            errors["closing_link_text"] = "Give the closing link a text."
        if errors:
            raise ValidationError(errors)

    @property
    def hero_alt(self):
        if self.hero_alt_text:
            return self.hero_alt_text
        # The description, not Wagtail's default_alt_text: that falls back to
        # the title, which is often a file name and no help to a reader.
        return self.hero_image.description if self.hero_image else ""

    def sections(self):
        """The h2 sections of the body, for "On this page": (anchor, heading).
        FAQ sections count too, with the ids their blocks give themselves."""
        sections = []
        faq_sections = 0
        for block in self.body:
            if block.block_type == "heading" and block.value["level"] == "h2":
                sections.append((heading_anchor(block.value), block.value["heading"]))
            elif block.block_type == "faq_section":
                faq_sections += 1
                anchor = "faq" if faq_sections == 1 else f"faq-{faq_sections}"
                sections.append((anchor, block.value["heading"] or DEFAULT_HEADING))
        return sections
