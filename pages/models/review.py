"""Clinical review: who approved what a clinical page says, and whether the
live page still says it.

A page records the approved revision, the reviewer and the time, and a
fingerprint of the clinical content approved: the clinical fields, and the
FAQ and Reference snippets the page shows. Its status is worked out from
those and the live content, the same way everywhere (`review_state`):

- reviewed: the live clinical content is what was approved, and the review
  is within the interval in site settings;
- expired: the same, but the review is older than the interval;
- pending: never reviewed, or the content changed since.

The stored `review_status` mirrors it for admin listings; `pages.review`
keeps it in step (and logs each change) when pages or snippets change.
"""

import calendar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import AbstractGroupApprovalTask, RevisionMixin
from wagtail.search import index

MEDICAL_DIRECTOR_GROUP = "Medical Director"
CLINICAL_REVIEW_WORKFLOW = "Clinical review"


def add_months(moment, months):
    """The same day `months` later (the month's last day if it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting clinical review"
    REVIEWED = "reviewed", "Clinically reviewed"
    EXPIRED = "expired", "Review expired"


class Clinician(RevisionMixin, index.Indexed, models.Model):
    """A clinician's public profile: the name a review shows, and (with the
    team page) who treats patients."""

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
        from pages.models.team import TeamPage
        from pages.rich_text import PAGE_LINK_FIELDS

        return (
            TeamPage.objects.live()
            .public()
            .filter(members__clinician=self)
            .only(*PAGE_LINK_FIELDS)
            .first()
        )


class ClinicalReviewMixin(models.Model):
    """For clinical page types (articles, programme pages)."""

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
        from wagtail.models import Workflow

        workflow = Workflow.objects.filter(
            name=CLINICAL_REVIEW_WORKFLOW, active=True
        ).first()
        return workflow or super().get_workflow()

    def clinical_fingerprint(self):
        from pages.review import clinical_fingerprint

        return clinical_fingerprint(self)

    def review_interval_months(self):
        from pages.models.site_settings import SiteSettings

        site = self.get_site()
        return (
            SiteSettings.for_site(site).clinical_review_interval_months
            if site
            else SiteSettings._meta.get_field("clinical_review_interval_months").default
        )

    def due_after(self, reviewed_at):
        """When a review made at `reviewed_at` falls due, by the site's interval."""
        return add_months(reviewed_at, self.review_interval_months())

    def review_due(self):
        return self.review_due_at

    def review_state(self, now=None, fingerprint=None):
        """pending, reviewed or expired, for the content this instance holds."""
        if not self.reviewed_fingerprint or not self.review_due_at:
            return ReviewStatus.PENDING
        if (fingerprint or self.clinical_fingerprint()) != self.reviewed_fingerprint:
            return ReviewStatus.PENDING
        if self.review_due_at <= (now or timezone.now()):
            return ReviewStatus.EXPIRED
        return ReviewStatus.REVIEWED

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


def clinical_page_models():
    """The concrete page types that carry a clinical review."""
    from wagtail.models import get_page_models

    return [
        model
        for model in get_page_models()
        if issubclass(model, ClinicalReviewMixin) and not model._meta.abstract
    ]


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by the Medical Director group: approve (with an optional
    comment) or request changes (a comment is required). Only members of
    that group, and superusers, can act, whatever groups the task names."""

    def _user_in_groups(self, user):
        return user.groups.filter(name=MEDICAL_DIRECTOR_GROUP).exists() and (
            super()._user_in_groups(user)
        )

    def locked_for_user(self, obj, user):
        # Marketing keeps editing, and may publish, while the review waits:
        # the page then shows itself as pending until approved content is live.
        return False

    def user_can_access_editor(self, obj, user):
        return True  # page permissions still decide who may edit

    def get_form_for_action(self, action):
        from pages.review import RequestChangesForm

        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from pages.review import record_approval

        if action_name == "approve" and self.get_actions(
            task_state.workflow_state.content_object, user
        ):
            record_approval(task_state.revision, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "The Medical Director approves the clinical content of a page"

    class Meta:
        verbose_name = "Clinical review task"
        verbose_name_plural = "Clinical review tasks"
