"""The clinical review desk in the admin (Reports → Clinical review) and its
dashboard panel: every clinical page in the group that says whose turn it
is, oldest first.

- Waiting for you: submitted, the Medical Director's turn. A small change
  since the approval is shown in full, and approved in one step.
- Changed since approval: approved once, then changed (the page, or a
  snippet it shows: which, and by whom), and not yet submitted again.
- Not yet submitted: never approved, and nobody has asked for a review yet.
- Changes requested: the Medical Director sent it back with a comment.
- Expired: approved longer ago than the review interval; renewed in one
  step as still accurate when nothing changed.
- Reviewed: the rest, for the full picture.

The site-wide text (crisis lines and notices) waiting for approval is listed
above the pages. The desk is for the staff who edit pages (Marketing, the
Medical Director, administrators); the dashboard panel is for those who
approve. The views are in `review.desk_views`.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from pages.models import ClinicalReviewMixin, ReviewStatus
from review.approving import what_is_shown
from review.desk_groups import (
    CHANGED,
    CHANGES_REQUESTED,
    EXPIRED,
    GROUPS,
    NOT_SUBMITTED,
    REVIEWED,
    WAITING,
    Group,
)
from review.differences import (
    APPROVED,
    REQUEST,
    SMALL_CHANGE,
    baseline,
    changed_characters,
    compare,
    differences_url,
)
from review.recording import RESET
from review.rules import clinical_page_models, renewable

# The dashboard panel shows this many pages of each group; the desk shows all.
PANEL_ROWS = 5


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
    # What changed since the approval (or the submission), one click away.
    differences_url: str = ""
    # Resubmitted after a request for changes: what changed since it.
    request_differences_url: str = ""
    # A small change, shown in full on the desk with a one-step approval.
    inline_changes: list = field(default_factory=list)
    approve: dict | None = None
    renew_url: str = ""

    @property
    def age(self):
        """How long the page has been in its group, in its largest unit."""
        return timesince(self.since, self.now, depth=1)

    @property
    def edit_url(self):
        # Where the Medical Director reads the page and Wagtail offers the
        # workflow's approve and request-changes actions.
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


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


def what_changed(reset):
    """The cause a reset recorded (a snippet, by whom), or the page itself."""
    cause = (reset.data or {}).get("cause") if reset else None
    if cause:
        return f"{cause['what']} {cause.get('verb', 'changed')}", cause.get("by", "")
    return "The page's clinical content", person_name(reset.user if reset else None)


def waiting_row(page, workflow_state, request, now, for_reviewer):
    """A page submitted for review: since when, by whom, why; what changed
    since the approval (or the submission), and since a request for changes
    when it is a resubmission; a small change shown in full."""
    status = page.displayed_review_status
    task_state = workflow_state.current_task_state
    # A resubmission starts a new task: the wait starts again.
    since = task_state.started_at if task_state else workflow_state.created_at
    row = DeskRow(
        page,
        WAITING,
        since,
        person_name(workflow_state.requested_by),
        why_pending(page, status),
        now=now,
    )
    if request is not None:  # the last request for changes in this review
        row.detail = (
            f"Resubmitted after your request; {row.detail[0].lower()}{row.detail[1:]}"
        )
        row.request_differences_url = differences_url(page, REQUEST)
    row.differences_url = differences_url(page)
    if for_reviewer and page.reviewed_at and task_state is not None:
        shown = what_is_shown(page)
        changes = compare(baseline(page, APPROVED)[1], shown.parts)
        if 0 < changed_characters(changes) <= SMALL_CHANGE:
            row.inline_changes = [change for change in changes if change.changed]
            row.approve = {
                "url": reverse("review_approve_from_desk", args=[page.pk]),
                "revision": shown.revision.pk,
                "fingerprint": shown.fingerprint,
            }
    return row


def desk_row(page, workflow_state, reset, now, for_reviewer=True, request=None):
    """The row of `page`: its group, since when, who, and what to know.
    `reset`: its latest reset (log entry); `request`: the last request for
    changes of its review in progress."""
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
        return waiting_row(page, workflow_state, request, now, for_reviewer)
    renew_url = (
        reverse("review_renew", args=[page.pk])
        if for_reviewer and renewable(page, now)
        else ""
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
            renew_url=renew_url,
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
            renew_url=renew_url,
        )
    if page.reviewed_at:
        # Pending since its clinical content last changed from what was
        # approved: the page, or a snippet it shows.
        what, who = what_changed(reset)
        moments = [
            m for m in (reset.timestamp if reset else None, page.reviewed_at) if m
        ]
        return DeskRow(
            page,
            CHANGED,
            max(moments),
            who,
            what,
            now=now,
            differences_url=differences_url(page, APPROVED),
        )
    # Never approved: pending since it went live.
    revision = page.latest_revision
    return DeskRow(
        page,
        NOT_SUBMITTED,
        page.first_published_at or page.latest_revision_created_at or now,
        person_name(revision.user if revision else None),
        why_pending(page, status),
        now=now,
    )


def active_workflow_states(model=Page):
    """Each object's clinical review in progress or sent back, by object id:
    pages by default, or another kind (the site-wide text)."""
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(model))
        .select_related("requested_by", "current_task_state__finished_by")
    )
    return {int(state.object_id): state for state in states}


def latest_resets(page_ids):
    """Each page's latest reset of its review (what changed, by whom)."""
    resets = {}
    for entry in (
        PageLogEntry.objects.filter(page_id__in=page_ids, action=RESET)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    ):
        resets.setdefault(entry.page_id, entry)
    return resets


def requests_for_changes(states):
    """The last request for changes of each review in progress, by the
    id of the page it is of."""
    requests = {}
    for task_state in TaskState.objects.filter(
        workflow_state__in=list(states.values()), status=TaskState.STATUS_REJECTED
    ).order_by("finished_at", "pk"):
        requests[task_state.workflow_state_id] = task_state
    return {object_id: requests.get(state.pk) for object_id, state in states.items()}


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
    resets = latest_resets([page.pk for page in pages])
    requests = requests_for_changes(states)
    rows = [
        desk_row(
            page,
            states.get(page.pk),
            resets.get(page.pk),
            now,
            for_reviewer,
            requests.get(page.pk),
        )
        for page in pages
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
