"""The clinical review desk in the admin (Reports → Clinical review) and its
dashboard panel: every clinical page in the group that says whose turn it
is, oldest first.

- Waiting for you: submitted, the Medical Director's turn.
- Not yet submitted: pending, and nobody has asked for a review yet.
- Changes requested: the Medical Director sent it back with a comment.
- Expired: approved longer ago than the review interval.
- Reviewed: the rest, for the full picture.

The desk is for the staff who edit pages (Marketing, the Medical Director,
administrators); the dashboard panel is for those who approve.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.defaults import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from pages.models import ClinicalReviewMixin, ReviewStatus
from review.recording import RESET
from review.rules import MEDICAL_DIRECTOR_GROUP, clinical_page_models

# The dashboard panel shows this many pages of each group; the desk shows all.
PANEL_ROWS = 5


@dataclass(frozen=True)
class Group:
    """One group of the desk, and the words its table uses."""

    key: str
    heading: str
    description: str
    empty: str
    age_heading: str  # the column with how long the page has been here
    since_word: str  # before the exact date in that column
    person_heading: str
    detail_heading: str
    # What staff who do not approve read instead, where it differs.
    others_heading: str = ""
    others_description: str = ""


WAITING = Group(
    "waiting",
    "Waiting for you",
    "Submitted for clinical review: open a page to read it and approve it, "
    "or request changes.",
    "Nothing is waiting for the Medical Director.",
    "Waiting",
    "submitted",
    "Submitted by",
    "Why",
    "Waiting for the Medical Director",
    "Submitted for clinical review: the Medical Director reads them and "
    "approves them or requests changes.",
)
NOT_SUBMITTED = Group(
    "not-submitted",
    "Not yet submitted",
    "Live pages whose clinical content has not been approved as it stands. "
    "Submit them to Clinical review from the page editor.",
    "Every pending page has been submitted.",
    "Pending",
    "since",
    "Last edited by",
    "Why",
)
CHANGES_REQUESTED = Group(
    "changes-requested",
    "Changes requested",
    "The Medical Director asked for changes: edit the page, then submit it again.",
    "No page is waiting for changes.",
    "Waiting",
    "requested",
    "Requested by",
    "Comment",
)
EXPIRED = Group(
    "expired",
    "Expired",
    "Approved longer ago than the review interval: submit them again.",
    "No review has expired.",
    "Expired",
    "expired",
    "Reviewed by",
    "Review",
)
REVIEWED = Group(
    "reviewed",
    "Reviewed",
    "The live clinical content is what the Medical Director approved.",
    "No page is reviewed yet.",
    "Reviewed",
    "approved",
    "Reviewed by",
    "Review",
)
# What waits, in the order someone works through it.
WAITING_GROUPS = (WAITING, NOT_SUBMITTED, CHANGES_REQUESTED, EXPIRED)
GROUPS = (*WAITING_GROUPS, REVIEWED)


@dataclass
class DeskRow:
    """A clinical page as the desk shows it."""

    page: ClinicalReviewMixin
    group: Group
    since: datetime  # when the page entered its group
    person: str = ""
    detail: str = ""
    detail_date: datetime | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def age(self):
        """How long the page has been in its group, in its largest unit."""
        return timesince(self.since, self.now, depth=1)

    @property
    def edit_url(self):
        # Where the Medical Director reads the page and Wagtail offers the
        # workflow's approve and request-changes actions.
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    @property
    def compare_url(self):
        """The approved revision against the live one, when they differ."""
        page = self.page
        if not page.reviewed_revision_id or not page.live_revision_id:
            return ""
        if page.reviewed_revision_id == page.live_revision_id:
            return ""
        return reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, str(page.reviewed_revision_id), str(page.live_revision_id)],
        )


@dataclass
class Section:
    """A group and its pages, oldest first, as a reviewer (or someone else)
    reads it."""

    group: Group
    rows: list
    for_reviewer: bool = True

    @property
    def count(self):
        return len(self.rows)

    @property
    def heading(self):
        heading = self.group.heading
        if not self.for_reviewer:
            heading = self.group.others_heading or heading
        return f"{heading} ({self.count})"

    @property
    def description(self):
        if self.for_reviewer:
            return self.group.description
        return self.group.others_description or self.group.description

    @property
    def panel_rows(self):
        return self.rows[:PANEL_ROWS]


def person_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def why_pending(page, status):
    """Why `page` needs a review, in a few words."""
    if not page.reviewed_at:
        reason = "First review"
    elif status == ReviewStatus.EXPIRED:
        reason = "Review expired"
    elif status == ReviewStatus.REVIEWED:
        reason = "Reviewed; submitted again"
    else:
        reason = "Changed since its approval"
    # A draft goes live when approved, so it has never been public.
    return reason if page.live else f"{reason}; not live yet"


def desk_row(page, workflow_state, reset_at, now):
    """The row of `page`: its group, since when, who, and what to know."""
    status = page.displayed_review_status
    if workflow_state is not None:
        task_state = workflow_state.current_task_state
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return DeskRow(
                page,
                CHANGES_REQUESTED,
                task_state.finished_at,
                person_name(task_state.finished_by),
                task_state.get_comment(),
                now=now,
            )
        # A resubmission starts a new task: the wait starts again.
        since = task_state.started_at if task_state else workflow_state.created_at
        return DeskRow(
            page,
            WAITING,
            since,
            person_name(workflow_state.requested_by),
            why_pending(page, status),
            now=now,
        )
    if status == ReviewStatus.EXPIRED:
        return DeskRow(
            page,
            EXPIRED,
            page.review_due_at,
            page.reviewer_display[0] or "",
            "Approved",
            page.reviewed_at,
            now=now,
        )
    if status == ReviewStatus.REVIEWED:
        return DeskRow(
            page,
            REVIEWED,
            page.reviewed_at,
            page.reviewer_display[0] or "",
            "Next review due",
            page.review_due_at,
            now=now,
        )
    # Pending since its clinical content last changed from what was
    # approved (or, never approved, since it went live).
    moments = [moment for moment in (reset_at, page.reviewed_at) if moment]
    since = max(moments) if moments else page.first_published_at
    revision = page.latest_revision
    return DeskRow(
        page,
        NOT_SUBMITTED,
        since or page.latest_revision_created_at or now,
        person_name(revision.user if revision else None),
        why_pending(page, status),
        now=now,
    )


def active_workflow_states():
    """Each page's clinical review in progress or sent back, by page id."""
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("requested_by", "current_task_state__finished_by")
    )
    return {int(state.object_id): state for state in states}


def desk_sections(groups=GROUPS, for_reviewer=True):
    """The sections of `groups`, each with its pages oldest first: live
    clinical pages, and drafts someone submitted."""
    now = timezone.now()
    states = active_workflow_states()
    pages = []
    for model in clinical_page_models():
        pages.extend(
            model.objects.filter(Q(live=True) | Q(pk__in=list(states)))
            .select_related("latest_revision__user", "reviewer", "reviewed_by")
            .order_by("pk")
        )
    resets = dict(
        PageLogEntry.objects.filter(page_id__in=[page.pk for page in pages])
        .filter(action=RESET)
        .order_by()
        .values("page_id")
        .annotate(latest=Max("timestamp"))
        .values_list("page_id", "latest")
    )
    rows = [
        desk_row(page, states.get(page.pk), resets.get(page.pk), now) for page in pages
    ]
    return [
        Section(
            group,
            sorted(
                (row for row in rows if row.group == group),
                key=lambda row: (row.since, row.page.title.lower()),
            ),
            for_reviewer,
        )
        for group in groups
    ]


def can_review(user):
    """Whether `user` approves clinical content (the dashboard panel's
    audience)."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=MEDICAL_DIRECTOR_GROUP).exists()
    )


def can_use_desk(user):
    """Whether `user` edits pages: the desk is about pages and who holds them
    up, which is no business of staff who only read inquiries."""
    return user.is_active and PagePermissionPolicy().user_has_any_permission(
        user, {"change", "publish"}
    )


# The desk's filter: ?group=KEY shows one group, "all" every group, and no
# value what waits.
GROUP_CHOICES = {group.key: (group,) for group in GROUPS} | {"all": GROUPS}


def clinical_review_desk(request):
    """Every clinical page that waits, by group, oldest first; one group, or
    every clinical page, on request."""
    if not can_use_desk(request.user):
        # Wagtail would redirect to the dashboard with a message; a plain 403
        # (the branded page) says what happened to a person and to a script.
        return permission_denied(request, PermissionDenied())
    chosen = request.GET.get("group", "")
    reviewer = can_review(request.user)
    sections = desk_sections(for_reviewer=reviewer)
    shown = GROUP_CHOICES.get(chosen, WAITING_GROUPS)
    return render(
        request,
        "review/admin/clinical_review_desk.html",
        {
            "sections": [section for section in sections if section.group in shown],
            "filters": sections,
            "chosen": chosen if chosen in GROUP_CHOICES else "",
            "waiting_count": sum(
                section.count for section in sections if section.group != REVIEWED
            ),
            "total": sum(section.count for section in sections),
            "can_review": reviewer,
        },
    )


class ClinicalReviewPanel(Component):
    """On the reviewers' dashboard: what waits, by group, oldest first."""

    name = "clinical_review"
    template_name = "review/admin/clinical_review_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        sections = desk_sections(WAITING_GROUPS)
        waiting = sum(section.count for section in sections)
        return {
            "sections": sections,
            "heading": f"Awaiting clinical review ({waiting})",
        }
