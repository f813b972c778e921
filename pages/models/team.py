"""The team page: the practice's clinicians, in the order staff choose.

Profiles are `Clinician` snippets, the same ones a clinical review names, so
"Medically reviewed by …" on a clinical page links to the reviewer's entry
here.
"""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import DraftStateMixin, Orderable, Page, RevisionMixin
from wagtail.search import index

from richtext.features import PARAGRAPH_FEATURES
from richtext.notices import EditorNoticesPanel
from richtext.page_links import PAGE_LINK_FIELDS


class Clinician(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A clinician's public profile: the name a review shows, and (with the
    team page) who treats patients. As an article's byline it is part of the
    article's clinical content: a change is a draft until published."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=140,
        unique=True,
        blank=True,
        help_text="The profile's address on the team page (…/team/#slug). "
        "Filled in from the name when left empty.",
    )
    credentials = models.CharField(
        max_length=80, blank=True, help_text="e.g. MD, LMFT, PsyD"
    )
    role = models.CharField(max_length=120, help_text="e.g. Medical Director")
    bio = models.TextField(blank=True, max_length=1200)
    photo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician",
        help_text="The admin account of this clinician: reviews they approve "
        "show this profile.",
    )

    panels = [
        EditorNoticesPanel(),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def shown_text(self):
        """What an article shows of its author: the byline."""
        return [f"{self.public_name}, {self.role}" if self.role else self.public_name]

    @property
    def public_name(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def unique_slug(self):
        base = slugify(self.name)[:130] or "clinician"
        taken = set(
            Clinician.objects.exclude(pk=self.pk)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def profile_page(self):
        """The live, public team page that shows this profile, if any."""
        return (
            TeamPage.objects.live()
            .public()
            .filter(members__clinician=self)
            .only(*PAGE_LINK_FIELDS)
            .first()
        )


class TeamPage(Page):
    """ "Our team": an introduction and the clinicians' profiles (name,
    credentials, role, photo and biography, edited under Snippets →
    Clinicians)."""

    intro = RichTextField(features=PARAGRAPH_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("members", heading="Clinicians", label="Clinician", min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields(
            "members",
            [
                index.RelatedFields(
                    "clinician",
                    [
                        index.SearchField("name"),
                        index.SearchField("role"),
                        index.SearchField("bio"),
                    ],
                )
            ],
        ),
    ]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Team page"

    def clinicians(self):
        """The clinicians in the order staff set, each once."""
        seen = {}
        for member in self.members.all():
            if member.clinician_id is not None:
                seen.setdefault(member.clinician_id, member)
        # Photos and their renditions come in two queries, however many.
        by_id = (
            Clinician.objects.select_related("photo")
            .prefetch_related("photo__renditions")
            .in_bulk(list(seen))
        )
        return [by_id[pk] for pk in seen if pk in by_id]


class TeamMember(Orderable):
    """One clinician's place on the team page."""

    page = ParentalKey(TeamPage, on_delete=models.CASCADE, related_name="members")
    clinician = models.ForeignKey(
        Clinician, on_delete=models.CASCADE, related_name="team_memberships"
    )

    panels = [FieldPanel("clinician")]
