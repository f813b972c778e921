"""The clinical review in the editors (Wagtail hooks, review/wagtail_hooks.py):

- at the top of a clinical page's editor, where it stands, and (hidden in
  its form) what the editor shows: an approval from the editor is of that;
- at the top of a snippet's editor, the reviewed pages a change of it sends
  back to review;
- before publishing a clinical page that will not show as reviewed, or a
  snippet that sends reviewed pages back, a question in plain words.
"""

import json
from copy import copy
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import TaskState, WorkflowMixin, WorkflowState
from wagtail.snippets.models import get_snippet_models

from pages.models import ClinicalReviewMixin, ReviewStatus
from review.approving import Shown, approvable_revision, what_is_shown
from review.content import shown_text
from review.differences import differences_url
from review.recording import CHANGED_WHILE_REVIEWING, ReviewedContentChanged
from review.rules import approved_fingerprint, clinical_fingerprint
from review.usage import approved_pages_showing

# The hidden fields of an editor's form that say what it showed.
SHOWN_REVISION = "review-shown-revision"
SHOWN_FINGERPRINT = "review-shown-fingerprint"


@dataclass
class EditorStatus:
    """Where a clinical page stands, as its editor shows it at the top."""

    state: str  # reviewed, expired, pending, waiting, changes_requested
    page: ClinicalReviewMixin  # the page's row: what is live and recorded
    workflow_state: WorkflowState | None = None
    changes_requested: TaskState | None = None
    draft_changes_clinical_content: bool = False
    differences_url: str = ""  # what changed since the approval or submission


def editor_status(page, fingerprint=None):
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
        status.differences_url = differences_url(row)
    if row.review_status != ReviewStatus.PENDING and row.reviewed_at:
        approved = approved_fingerprint(row)
        fingerprint = fingerprint or clinical_fingerprint(page)
        status.draft_changes_clinical_content = fingerprint != approved
    return status


def review_status_notice(request, obj):
    """`editor_notices`: at the top of an editor, for everyone who edits.
    A clinical page: where it stands, and what the editor shows. The
    site-wide text in review: what the editor shows. A snippet that reviewed
    pages show: which of them a change sends back to review."""
    notices = []
    if isinstance(obj, ClinicalReviewMixin) or (
        isinstance(obj, WorkflowMixin) and hasattr(obj, "clinical_fields")
    ):
        shown = what_is_shown(obj) if obj.pk else Shown()
        notices.append(
            render_to_string(
                "review/admin/editor_status.html",
                {
                    "status": (
                        editor_status(obj, shown.fingerprint)
                        if isinstance(obj, ClinicalReviewMixin)
                        else None
                    ),
                    "shown_revision": shown.revision,
                    "shown_fingerprint": shown.fingerprint,
                    "names": {
                        "revision": SHOWN_REVISION,
                        "fingerprint": SHOWN_FINGERPRINT,
                    },
                    "request": request,
                },
            )
        )
    if type(obj) in get_snippet_models() and obj.pk:
        pages = approved_pages_showing(obj)
        if pages:
            notices.append(
                render_to_string(
                    "review/admin/snippet_usage_notice.html",
                    {"pages": pages, "object": obj, "request": request},
                )
            )
    # Each notice is a rendered template, safe already.
    return mark_safe("".join(notices)) if notices else None  # noqa: S308


def approve_only_what_the_editor_showed(request, obj):
    """`before_edit_page` and `before_edit_snippet`: an approval posted from
    an editor is of what the editor showed when it loaded (the hidden fields
    `review_status_notice` put in its form), not of what the approve dialog
    found when it opened. Checked here first, so that nothing the reviewer
    typed is saved if the approval is refused; the workflow task checks the
    same again (`review.approving`)."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    obj = getattr(obj, "specific", obj)
    if not hasattr(obj, "clinical_fields"):
        return None
    shown_revision = request.POST.get(SHOWN_REVISION, "")
    shown_fingerprint = request.POST.get(SHOWN_FINGERPRINT, "")
    try:
        approvable_revision(obj, shown_revision, shown_fingerprint, request.user)
    except ReviewedContentChanged:
        messages.error(request, CHANGED_WHILE_REVIEWING)
        return redirect(AdminURLFinder(request.user).get_edit_url(obj))
    # What the task checks is what the editor showed.
    data = request.POST.copy()
    extra = json.loads(data.get("workflow-action-extra-data") or "{}")
    extra.update(revision=shown_revision, fingerprint=shown_fingerprint)
    data["workflow-action-extra-data"] = json.dumps(extra)
    request.POST = data
    return None


def confirm_clinical_changes_before_publishing(request, page):
    """`before_publish_page`: publishing a clinical page that visitors will
    not see as reviewed asks first, in plain words, and offers to submit it
    for review instead: a change to the clinical content of a reviewed page,
    and any publish of a page never reviewed. The draft is already saved, so
    nothing typed is lost."""
    page = page.specific
    if not isinstance(page, ClinicalReviewMixin):
        return None
    row = type(page).objects.get(pk=page.pk)
    if row.reviewed_at is None:
        kind = "unreviewed"
    elif row.review_status == ReviewStatus.REVIEWED and (
        clinical_fingerprint(page) != approved_fingerprint(row)
    ):
        kind = "change"
    else:
        return None
    return TemplateResponse(
        request,
        "review/admin/confirm_clinical_publish.html",
        {"page": row, "revision": page.get_latest_revision(), "kind": kind},
    )


def confirm_snippet_publish(request, obj):
    """`before_publish` (snippets with drafts): publishing a change to what
    reviewed pages show of a snippet sends those pages back to clinical
    review; the editor is told which, and asked. The draft is saved already."""
    if type(obj) not in get_snippet_models():
        return None
    live = type(obj).objects.filter(pk=obj.pk).first()
    published = copy(obj)
    published.live = True  # as it will be: a first publish shows it too
    if live is None or shown_text(live) == shown_text(published):
        return None
    pages = approved_pages_showing(live)
    if not pages:
        return None
    return TemplateResponse(
        request,
        "review/admin/confirm_snippet_publish.html",
        {
            "object": live,
            "pages": pages,
            "revision": obj.get_latest_revision(),
            "edit_url": AdminURLFinder(request.user).get_edit_url(live),
            "publish_url": reverse(
                "review_publish_snippet_change",
                args=[live._meta.app_label, live._meta.model_name, live.pk],
            ),
        },
    )
