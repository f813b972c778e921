"""What a reviewer is told after approving or requesting changes, in plain
words: what visitors now see, who is told, and what happens next. The
approve dialog lands on `review.views.review_outcome`; an action taken in
an editor is sent there by `after_action_in_editor`."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.models import TaskState
from wagtail.users.models import UserProfile

from pages.models import ClinicalReviewMixin, ReviewStatus


def day(moment):
    return format_date(timezone.localtime(moment), "F j, Y")


def person(user):
    return (user.get_full_name() or user.get_username()) if user else "The editor"


def title_of(obj):
    display = getattr(obj, "get_admin_display_title", None)
    return display() if display else str(obj)


def reviewed_line(page):
    """The notice a reviewed page shows, as one line."""
    name, role = page.reviewer_display
    who = f"{name}, {role}" if role else name
    return (
        f"Medically reviewed by {who}, reviewed {day(page.reviewed_at)}; "
        f"next review due {day(page.review_due_at)}"
    )


def approved_message(obj):
    title = title_of(obj)
    if not isinstance(obj, ClinicalReviewMixin):
        return f"You approved “{title}”: it now shows on every page."
    page = type(obj).objects.get(pk=obj.pk)
    if page.live and page.displayed_review_status == ReviewStatus.REVIEWED:
        return f"“{title}” now shows “{reviewed_line(page)}”."
    go_live = getattr(page.reviewed_revision, "approved_go_live_at", None)
    if go_live:
        return (
            f"You approved “{title}”. It goes live on {day(go_live)} and shows "
            f"“{reviewed_line(page)}” from then."
        )
    return (
        f"Your approval of “{title}” is recorded, but the live page is not what "
        "you approved: it says “awaiting clinical review” until what you "
        "approved is published."
    )


def changes_requested_message(obj, task_state):
    title = title_of(obj)
    requester = task_state.workflow_state.requested_by
    told = "sees your comment at the top of the editor"
    if (
        requester
        and requester.email
        and (UserProfile.get_for_user(requester).rejected_notifications)
    ):
        told = "is told by email and " + told
    if isinstance(obj, ClinicalReviewMixin):
        page = type(obj).objects.get(pk=obj.pk)
        if not page.live:
            live = "The page is not live, and stays so until you approve it."
        elif page.displayed_review_status == ReviewStatus.REVIEWED:
            live = (
                "The live page is unchanged: it still shows “Medically reviewed "
                f"by {page.reviewer_display[0]}”."
            )
        else:
            live = "The live page is unchanged: it says “awaiting clinical review”."
    else:
        live = "The live site keeps the text you approved before."
    return (
        f"Changes requested on “{title}”. {person(requester)} {told}. {live} "
        "When it is resubmitted, it comes back to you under “Waiting for you”, "
        "with a link to what changed since your request."
    )


def outcome_message(task_state):
    obj = task_state.workflow_state.content_object
    obj = getattr(obj, "specific", obj)
    if task_state.status == TaskState.STATUS_APPROVED:
        return approved_message(obj)
    if task_state.status == TaskState.STATUS_REJECTED:
        return changes_requested_message(obj, task_state)
    return "Nothing was changed."


def after_action_in_editor(request, obj):
    """`after_edit_page` and `after_edit_snippet`: after approving or
    requesting changes in an editor, the reviewer is told what happened in
    the practice's words (not Wagtail's "has been updated")."""
    if not request.POST.get("action-workflow-action"):
        return None
    obj = getattr(obj, "specific", obj)
    task_state = (
        TaskState.objects.filter(
            workflow_state__base_content_type=obj.get_base_content_type(),
            workflow_state__object_id=str(obj.pk),
            finished_by=request.user,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    if task_state is None:
        return None
    list(messages.get_messages(request))  # Wagtail's own words: read, dropped
    return redirect(reverse("review_outcome", args=[task_state.pk]))
