"""The two answers to "publish a clinical change to a reviewed page?"
(review/editor.py): publish it anyway, or submit it for clinical review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Page, WorkflowState

from review.recording import CHANGED_WHILE_REVIEWING


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
