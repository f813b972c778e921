"""What the reviewer reads before approving (admin views):

- the differences between the approval (or the submitted revision, or the
  revision current when changes were requested) and what they would
  approve, snippets' text included;
- the preview of a page in review, as linked from the review-request
  email: its latest revision, which is what an approval approves, with a
  banner when it differs from what was submitted;
- renewing a review as still accurate: the live content, read in full,
  approved again as it is.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, Task

from review.approving import renewable_revision, shown_revision
from review.content import clinical_parts
from review.differences import (
    APPROVED,
    LIVE,
    REQUEST,
    SUBMITTED,
    baseline,
    baseline_source,
    compare,
    default_against,
    differences_url,
)
from review.outcomes import approved_message
from review.recording import ReviewedContentChanged, record_approval
from review.roles import can_review, can_use_desk
from review.rules import approved_fingerprint, renewable


def reviewed_object(app_label, model_name, pk):
    """A clinical page, or the site-wide text: what a review is of."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not hasattr(model, "clinical_fields"):
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    return getattr(obj, "specific", obj)


def differences(request, app_label, model_name, pk):
    """What changed: the baseline chosen by `?against=` (the approval, the
    submitted revision, the revision of the last request for changes, or
    what is live) against `?revision=` (by default the latest, what an
    approval would approve)."""
    if not can_use_desk(request.user):
        raise PermissionDenied
    obj = reviewed_object(app_label, model_name, pk)
    revision = obj.get_latest_revision()
    if request.GET.get("revision", "").isdigit():
        revision = get_object_or_404(obj.revisions, pk=request.GET["revision"])
    against = request.GET.get("against") or default_against(obj)
    base = baseline(obj, against)
    if base is None or revision is None:
        raise Http404
    description, before = base
    changes = compare(before, clinical_parts(revision.as_object()))
    choices = [
        (key, label, differences_url(obj, key))
        for key, label in (
            (APPROVED, "Since the approval"),
            (SUBMITTED, "Since it was submitted"),
            (REQUEST, "Since you asked for changes"),
            (LIVE, "Against what is live"),
        )
        if key != against and baseline_source(obj, key) is not None
    ]
    return TemplateResponse(
        request,
        "review/admin/differences.html",
        {
            "object": obj,
            "revision": revision,
            "description": description,
            "changed": [change for change in changes if change.changed],
            "unchanged": [change for change in changes if not change.changed],
            "choices": choices,
            "edit_url": AdminURLFinder(request.user).get_edit_url(obj),
        },
    )


def preview_for_review(request, page_id, task_id):
    """Wagtail's "preview the page in review" (the link in the review
    request email): the latest revision, which is what an approval is of,
    not the one submitted; a banner says when they differ."""
    page = get_object_or_404(Page, pk=page_id).specific
    get_object_or_404(Task, pk=task_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    latest = page.get_latest_revision()
    if latest is None:
        raise Http404
    shown = latest.as_object()
    response = shown.make_preview_request(request, shown.default_preview_mode)
    workflow_state = page.current_workflow_state
    task_state = workflow_state.current_task_state if workflow_state else None
    submitted = task_state.revision if task_state else None
    if submitted is not None and submitted.pk != latest.pk:
        banner = render_to_string(
            "review/admin/preview_banner.html",
            {
                "submitted": submitted,
                "latest": latest,
                "differences_url": differences_url(page, SUBMITTED),
            },
        )
        response.content = response.content.replace(
            b'<main id="main"', banner.encode() + b'<main id="main"', 1
        )
    return response


def renew(request, page_id):
    """ "Still accurate": the Medical Director reads the live clinical
    content in full, and approves it again as it is."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_review(request.user):
        raise PermissionDenied
    if not renewable(page) or page.live_revision is None:
        messages.error(
            request,
            f"“{page.title}” cannot be renewed as it is: its content changed "
            "since the approval, or its review is not due yet.",
        )
        return redirect("clinical_review_desk")
    if request.method == "POST":
        try:
            revision = renewable_revision(
                page,
                request.POST.get("revision"),
                request.POST.get("fingerprint", ""),
                approved_fingerprint(page),
            )
        except ReviewedContentChanged as error:
            messages.error(request, str(error))
            return redirect("review_renew", page.pk)
        record_approval(revision, request.user, renewal=True)
        messages.success(request, approved_message(page))
        return redirect("clinical_review_desk")
    return TemplateResponse(
        request,
        "review/admin/renew.html",
        {"page": page, "shown": shown_revision(page.live_revision)},
    )
