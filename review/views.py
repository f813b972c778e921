"""The answers to the editors' questions (review/editor.py): publish a
clinical page as awaiting review or submit it for review, publish a snippet
change that sends reviewed pages back; and where a reviewer lands after
acting on a review."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import DraftStateMixin, Page, TaskState, WorkflowState
from wagtail.snippets.models import get_snippet_models

from review.outcomes import outcome_message
from review.recording import CHANGED_WHILE_REVIEWING
from review.usage import approved_pages_showing


@require_POST
def publish_clinical_change(request, page_id, revision_id):
    """Publish the draft the editor saved, knowing that the live page will
    say "awaiting clinical review" until the Medical Director approves it."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    revision = page.get_latest_revision()
    if revision is None or revision.pk != revision_id:
        messages.error(request, CHANGED_WHILE_REVIEWING)
        return redirect("wagtailadmin_pages:edit", page.pk)
    PublishPageRevisionAction(revision, user=request.user).execute()
    messages.success(
        request,
        f"“{page.get_admin_display_title()}” is published. It says it is "
        "awaiting clinical review until the Medical Director approves it.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def submit_clinical_change(request, page_id):
    """Send the saved draft to the Medical Director instead of publishing it:
    the live page keeps its reviewed content meanwhile."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_submit_for_moderation():
        raise PermissionDenied
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        page.get_workflow().start(page, request.user)
    elif workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        workflow_state.resume(request.user)
    messages.success(
        request,
        f"“{page.get_admin_display_title()}” is waiting for the Medical "
        "Director's clinical review. The live page is unchanged until then.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def publish_snippet_change(request, app_label, model_name, pk):
    """Publish the draft of a snippet that reviewed pages show, knowing it
    sends them back to clinical review (review.editor.confirm_snippet_publish)."""
    model = apps.get_model(app_label, model_name)
    if model not in get_snippet_models() or not issubclass(model, DraftStateMixin):
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    policy = model.snippet_viewset.permission_policy
    if not policy.user_has_permission_for_instance(request.user, "publish", obj):
        raise PermissionDenied
    revision = obj.get_latest_revision()
    edit_url = AdminURLFinder(request.user).get_edit_url(obj)
    if revision is None or str(revision.pk) != request.POST.get("revision"):
        messages.error(request, CHANGED_WHILE_REVIEWING)
        return redirect(edit_url)
    pages = approved_pages_showing(obj)
    revision.publish(user=request.user)
    count = len(pages)
    messages.success(
        request,
        f"“{obj}” is published. {count} reviewed page{'s' if count != 1 else ''} "
        f"now say “awaiting clinical review” until the Medical Director approves "
        f"{'them' if count != 1 else 'it'} again; the Medical Director is told.",
    )
    return redirect(edit_url)


def review_outcome(request, task_state_id):
    """Where a reviewer lands after approving or requesting changes: what
    happened, in plain words (`review.outcomes`), then the desk."""
    task_state = get_object_or_404(
        TaskState, pk=task_state_id, finished_by=request.user
    )
    messages.success(request, outcome_message(task_state))
    return redirect("clinical_review_desk")


@require_POST
def approve_from_desk(request, page_id):
    """The desk's one-step approval of a small change, which the desk showed
    in full: through the workflow task, as every approval is (it checks the
    change is still what the desk showed)."""
    page = get_object_or_404(Page, pk=page_id).specific
    task_state = page.current_workflow_task_state
    if task_state is None:
        messages.error(request, f"“{page.title}” is not waiting for review.")
        return redirect("clinical_review_desk")
    try:
        with transaction.atomic():
            outcome_url = task_state.task.specific.on_action(
                task_state,
                request.user,
                "approve",
                revision=request.POST.get("revision"),
                fingerprint=request.POST.get("fingerprint", ""),
                comment="",
            )
    except PermissionDenied as error:
        messages.error(request, str(error) or "Only the Medical Director approves.")
        return redirect("clinical_review_desk")
    return redirect(outcome_url)
