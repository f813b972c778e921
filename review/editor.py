"""The clinical review in the page editor: an approval from the editor must
be of what the editor showed, and publishing a clinical change to a reviewed
page asks first. Registered as Wagtail hooks (review/wagtail_hooks.py)."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail.models import TaskState, WorkflowState

from pages.models import ClinicalReviewMixin, ReviewStatus
from review.recording import CHANGED_WHILE_REVIEWING
from review.rules import approved_fingerprint, clinical_fingerprint


@dataclass
class EditorStatus:
    """Where a clinical page stands, as its editor shows it at the top."""

    state: str  # reviewed, expired, pending, waiting, changes_requested
    page: ClinicalReviewMixin  # the page's row: what is live and recorded
    workflow_state: WorkflowState | None = None
    changes_requested: TaskState | None = None
    draft_changes_clinical_content: bool = False


def editor_status(page):
    """The review status of `page` (the editor's instance: its latest
    revision) for the top of its editor."""
    row = type(page).objects.filter(pk=page.pk).first() if page.pk else None
    if row is None:
        return EditorStatus("pending", page)
    workflow_state = row.current_workflow_state
    status = EditorStatus(row.displayed_review_status, row, workflow_state)
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            status.state = "changes_requested"
            status.changes_requested = (
                workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED)
                .select_related("finished_by")
                .order_by("-finished_at")
                .first()
            )
        else:
            status.state = "waiting"
    if row.review_status != ReviewStatus.PENDING and row.reviewed_at:
        approved = approved_fingerprint(row)
        status.draft_changes_clinical_content = clinical_fingerprint(page) != approved
    return status


def review_status_notice(request, page):
    """`page_editor_notices`: the review status at the top of a clinical
    page's editor, for everyone who edits it."""
    if not isinstance(page, ClinicalReviewMixin):
        return None
    return render_to_string(
        "review/admin/editor_status.html",
        {"status": editor_status(page), "request": request},
    )


def approve_only_what_the_editor_showed(request, page):
    """`before_edit_page`: an approval posted from the editor names the
    revision the editor was loaded with (Wagtail's `loaded_revision_id` and
    `loaded_revision_created_at`); if the page has a newer or overwritten
    revision since, the Medical Director reloads and reads again."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    page = page.specific
    if not isinstance(page, ClinicalReviewMixin):
        return None
    latest = page.get_latest_revision()
    shown = (
        request.POST.get("loaded_revision_id", ""),
        request.POST.get("loaded_revision_created_at", ""),
    )
    if latest is None or shown == (str(latest.pk), latest.created_at.isoformat()):
        return None
    messages.error(request, CHANGED_WHILE_REVIEWING)
    return redirect("wagtailadmin_pages:edit", page.pk)


def confirm_clinical_changes_before_publishing(request, page):
    """`before_publish_page`: publishing a change to the clinical content of a
    reviewed page asks first, in plain words, and offers to submit it for
    review instead. The draft is already saved, so nothing typed is lost."""
    page = page.specific
    if not isinstance(page, ClinicalReviewMixin):
        return None
    row = type(page).objects.get(pk=page.pk)
    if row.review_status != ReviewStatus.REVIEWED:
        return None
    if clinical_fingerprint(page) == approved_fingerprint(row):
        return None
    return TemplateResponse(
        request,
        "review/admin/confirm_clinical_publish.html",
        {"page": row, "revision": page.get_latest_revision()},
    )
