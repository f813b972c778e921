"""What a clinical page (an article, a program page) stores about its
clinical review, and how the page shows it.

The review belongs to the page, not to a revision: the approved revision,
the reviewer and the time, a fingerprint of the approved clinical content,
and the status worked out from them (`review.rules`). The review app records
approvals and keeps the status true; this mixin only holds the fields and
tells visitors and search engines what they say.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Workflow

from pages.models.team import Clinician

# The workflow that clinical pages go through, wherever they sit in the tree
# (installed by a data migration).
CLINICAL_REVIEW_WORKFLOW = "Clinical review"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting clinical review"
    REVIEWED = "reviewed", "Clinically reviewed"
    EXPIRED = "expired", "Review expired"


class ClinicalReviewMixin(models.Model):
    """For clinical page types (articles, program pages)."""

    review_status = models.CharField(
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        editable=False,
        db_index=True,
    )
    reviewed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewer = models.ForeignKey(
        Clinician,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # reviewed_at plus the site's review interval; kept up to date when the
    # interval changes, so that showing a page needs no settings lookup.
    review_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What the Medical Director approves; anything else (slug, SEO title,
    # search description, hero image, menu flag, go-live dates) is not.
    clinical_fields = ("title", "summary", "body")

    REVIEW_FIELDS = (
        "review_status",
        "reviewed_revision",
        "reviewed_at",
        "reviewed_by",
        "reviewer",
        "reviewed_fingerprint",
        "review_due_at",
    )

    class Meta:
        abstract = True

    def with_content_json(self, content):
        # The review belongs to the page, not to a revision: publishing or
        # restoring a revision must never bring back the review fields it
        # was saved with.
        # Read them from the database: this instance may have been loaded
        # before an approval was recorded (a workflow publishing the
        # revision it approved holds such an instance).
        page = super().with_content_json(content)
        attnames = [self._meta.get_field(name).attname for name in self.REVIEW_FIELDS]
        current = type(self).objects.filter(pk=self.pk).values(*attnames).first()
        for attname in attnames:
            value = current[attname] if current else getattr(self, attname)
            setattr(page, attname, value)
            setattr(self, attname, value)
        return page

    def get_workflow(self):
        # Clinical pages go through clinical review wherever they sit.
        workflow = Workflow.objects.filter(
            name=CLINICAL_REVIEW_WORKFLOW, active=True
        ).first()
        return workflow or super().get_workflow()

    @property
    def displayed_review_status(self):
        """What the public page shows: the stored status, turned to expired
        the moment the interval passes, before the daily job records it."""
        due = self.review_due_at
        if (
            self.review_status == ReviewStatus.REVIEWED
            and due
            and due <= timezone.now()
        ):
            return ReviewStatus.EXPIRED
        return self.review_status

    def page_cache_timeout(self):
        """Seconds the whole page may stay cached: no longer than until its
        review falls due, when the notice must say "expired"."""
        due = self.review_due_at
        if self.review_status != ReviewStatus.REVIEWED or due is None:
            return settings.PAGE_CACHE_TIMEOUT
        return max(0, int((due - timezone.now()).total_seconds()))

    @property
    def fragment_cache_vary(self):
        # Cached fragments of the page differ by what the notice says.
        return self.displayed_review_status

    def medical_web_page_node(self):
        """schema.org MedicalWebPage: `lastReviewed` and `reviewedBy` only
        while the page shows itself as reviewed."""
        node = {
            "@type": "MedicalWebPage",
            "name": self.title,
            "dateModified": (
                getattr(self, "last_updated", None) or self.last_published_at
            ),
        }
        citations = [
            {"@type": "CreativeWork", "name": ref.title, "url": ref.link}
            if ref.link
            else {"@type": "CreativeWork", "name": ref.title}
            for ref in self.cited_references()
        ]
        if citations:
            node["citation"] = citations
        if self.displayed_review_status == ReviewStatus.REVIEWED:
            name, role = self.reviewer_display
            node["lastReviewed"] = (
                timezone.localtime(self.reviewed_at).date().isoformat()
            )
            node["reviewedBy"] = {"@type": "Person", "name": name, "jobTitle": role}
            if self.reviewer_profile:
                team_page, anchor = self.reviewer_profile
                node["reviewedBy"]["url"] = f"{team_page.get_full_url()}#{anchor}"
        return node

    @cached_property
    def reviewer_profile(self):
        """(team page, anchor) of the reviewer's public profile, or None."""
        if not self.reviewer_id:
            return None
        team_page = self.reviewer.profile_page()
        return (team_page, self.reviewer.slug) if team_page else None

    @property
    def reviewer_display(self):
        """(name with credentials, role) of the reviewer, as published."""
        if self.reviewer_id:
            return self.reviewer.public_name, self.reviewer.role
        if self.reviewed_by_id:
            user = self.reviewed_by
            return (user.get_full_name() or user.get_username()), "Medical Director"
        return None, None
