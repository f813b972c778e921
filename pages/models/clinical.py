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
from wagtail.locks import WorkflowLock
from wagtail.models import TaskState, Workflow

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
    # The rule of what is clinical that the fingerprint was taken under
    # (review.rules.RULE): an approval made under an older rule is checked
    # again against the revision it approved.
    reviewed_rule = models.PositiveSmallIntegerField(default=1, editable=False)
    # The reviewer as the approval named them: a later edit of their profile
    # does not change what a review says.
    reviewer_name = models.CharField(max_length=120, blank=True, editable=False)
    reviewer_credentials = models.CharField(max_length=80, blank=True, editable=False)
    reviewer_role = models.CharField(max_length=120, blank=True, editable=False)
    # reviewed_at plus the site's review interval; kept up to date when the
    # interval changes, so that showing a page needs no settings lookup.
    review_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What the Medical Director approves: every text a visitor or a search
    # engine reads about health or treatment. Not the slug, the hero image,
    # go-live dates or the menu flag. Page types add their own.
    clinical_fields = ("title", "summary", "body", "seo_title", "search_description")

    REVIEW_FIELDS = (
        "review_status",
        "reviewed_revision",
        "reviewed_at",
        "reviewed_by",
        "reviewer",
        "reviewed_fingerprint",
        "reviewed_rule",
        "reviewer_name",
        "reviewer_credentials",
        "reviewer_role",
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

    def protected_revision_ids(self):
        """Revisions that must never change: the one the Medical Director
        approved, and any a review in progress is about."""
        ids = set(
            TaskState.objects.filter(
                revision__base_content_type=self.get_base_content_type(),
                revision__object_id=str(self.pk),
                status=TaskState.STATUS_IN_PROGRESS,
            ).values_list("revision_id", flat=True)
        )
        # From the row, not this instance: it may predate an approval.
        ids.update(
            type(self)
            .objects.filter(pk=self.pk)
            .exclude(reviewed_revision=None)
            .values_list("reviewed_revision_id", flat=True)
        )
        return ids

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        # Wagtail lets an editor overwrite their own latest revision (the
        # editor's autosave, `overwrite_revision_id`). A revision under
        # review, or approved, is what the Medical Director saw: an edit to
        # it makes a new revision instead.
        if (
            overwrite_revision is not None
            and overwrite_revision.pk in self.protected_revision_ids()
        ):
            overwrite_revision = None
        return super().save_revision(
            *args, overwrite_revision=overwrite_revision, **kwargs
        )

    def get_lock(self):
        # The review never locks the page: marketing keeps editing (and the
        # live page says "awaiting review" until approved content is live).
        # Wagtail would still show "Locked by workflow" for a task that locks
        # nobody.
        lock = super().get_lock()
        if isinstance(lock, WorkflowLock) and not lock.task.locked_for_user(self, None):
            return None
        return lock

    def get_workflow(self):
        # Clinical pages go through clinical review wherever they sit, and
        # through nothing else.
        return Workflow.objects.filter(
            name=CLINICAL_REVIEW_WORKFLOW, active=True
        ).first()

    @property
    def has_workflow(self):
        # Wagtail's Page asks whether a workflow is assigned to the page or
        # an ancestor; clinical pages have theirs by type (get_workflow).
        return self.get_workflow() is not None

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
        """(name with credentials, role) of the reviewer, as the approval
        named them."""
        if not self.reviewer_name:
            return None, None
        name = self.reviewer_name
        if self.reviewer_credentials:
            name = f"{name}, {self.reviewer_credentials}"
        return name, self.reviewer_role
