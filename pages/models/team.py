"""The team page: the practice's clinicians, in the order staff choose.

Profiles are `Clinician` snippets, the same ones a clinical review names, so
"Medically reviewed by …" on a clinical page links to the reviewer's entry
here.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import PARAGRAPH_FEATURES
from pages.models.review import Clinician


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
