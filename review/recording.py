"""Recording approvals and keeping every clinical page's status true.

One rule decides a page's status (`review.rules.review_state`); this module
applies it, stores the result on the page row (never in a revision), and
records each change in the page's history.
"""

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.tasks import update_reference_index_task

from pages.groups import MEDICAL_DIRECTOR_GROUP
from pages.models import Clinician, ReviewStatus
from review.content import clinical_parts
from review.models.records import Approval
from review.rules import (
    RULE,
    approved_fingerprint,
    clinical_fingerprint,
    due_after,
    review_state,
)
from review.signals import review_changed

logger = logging.getLogger(__name__)

APPROVED = "manifest.clinical_review.approve"
RENEWED = "manifest.clinical_review.renew"
RESET = "manifest.clinical_review.reset"
EXPIRED = "manifest.clinical_review.expire"
RESTORED = "manifest.clinical_review.restore"
INTERVAL_CHANGED = "manifest.clinical_review.interval"
LOG_ACTIONS = {
    APPROVED: ("Clinically review", "Clinically reviewed"),
    RENEWED: (
        "Renew clinical review",
        "Clinical review renewed: still accurate, with no change since",
    ),
    INTERVAL_CHANGED: (
        "Change the review interval",
        "Review interval changed (applies to approvals from now on)",
    ),
    RESET: (
        "Reset clinical review",
        "Clinical review reset: the clinical content changed",
    ),
    EXPIRED: ("Expire clinical review", "Clinical review expired"),
    RESTORED: (
        "Restore clinical review",
        "Clinically reviewed again: the content is the approved content",
    ),
}


def save_review_fields(page, **fields):
    """Store review fields on the page row (not in a revision), and tell the
    apps that show them (caches) that the page changed."""
    for name, value in fields.items():
        setattr(page, name, value)
    type(page).objects.filter(pk=page.pk).update(**fields)
    # The reviewer is a reference of the page's (a clinician's edit reaches
    # the pages they reviewed).
    update_reference_index_task.enqueue(
        page._meta.app_label, page._meta.model_name, str(page.pk)
    )
    review_changed.send(sender=type(page), page=page)


CHANGED_WHILE_REVIEWING = "This page changed while you were reviewing it: reload"


class ReviewedContentChanged(Exception):
    """What the reviewer was shown is no longer what would be approved."""

    def __init__(self, message=CHANGED_WHILE_REVIEWING):
        super().__init__(message)


def reviewer_snapshot(user, reviewer):
    """The name, credentials and role a review shows, as they are now: from
    the clinician profile, else the account's name."""
    if reviewer is not None:
        return {
            "reviewer_name": reviewer.name,
            "reviewer_credentials": reviewer.credentials,
            "reviewer_role": reviewer.role,
        }
    name = (user.get_full_name() or user.get_username()) if user else ""
    return {
        "reviewer_name": name,
        "reviewer_credentials": "",
        "reviewer_role": MEDICAL_DIRECTOR_GROUP if name else "",
    }


def record_approval(revision, user, reviewer=None, renewal=False):
    """The Medical Director approved `revision`: record who, when, which
    revision, the fingerprint and the text of what it says (snippets' text
    included), with the reviewer's name, credentials and role as they are
    now, and log it in the page's history. The reviewer is `reviewer`, else
    the user's clinician profile, else their name. Whether the reviewer was
    shown this content is for the caller to check first
    (`review.approving.approvable_revision`). `renewal`: approved again as
    still accurate, with no change since the last approval."""
    page = Page.objects.get(pk=revision.object_id).specific
    approved = revision.as_object()
    parts = clinical_parts(approved)
    fingerprint = clinical_fingerprint(approved, parts)
    reviewer = reviewer or Clinician.objects.filter(user=user).first()
    now = timezone.now()
    with transaction.atomic():
        save_review_fields(
            page,
            reviewed_revision=revision,
            reviewed_at=now,
            review_due_at=due_after(page, now),
            reviewed_by=user,
            reviewer=reviewer,
            reviewed_fingerprint=fingerprint,
            reviewed_rule=RULE,
            **reviewer_snapshot(user, reviewer),
        )
        Approval.objects.create(
            revision=revision,
            approved_at=now,
            approved_by=user,
            fingerprint=fingerprint,
            content=[part.as_list() for part in parts],
            renewal=renewal,
        )
        log(
            instance=page,
            action=RENEWED if renewal else APPROVED,
            user=user,
            revision=revision,
            data={"reviewer": page.reviewer_display[0]},
        )
        # The live page counts as reviewed only if it says what was approved;
        # otherwise the workflow's end publishes it, or it stays pending.
        refresh_review_status(page, user=user, log_change=False)


def refresh_review_status(page, user=None, log_change=True, cause=None):
    """Apply the rule to `page` as it is live; store and log any change, with
    its `cause` (what changed, by whom: see `review.receivers`) when it is
    not the page itself. An approval taken under an older rule of what is
    clinical is fingerprinted again from the revision it approved."""
    if page.reviewed_at and page.reviewed_rule != RULE:
        approved = approved_fingerprint(page)
        if approved:
            save_review_fields(page, reviewed_fingerprint=approved, reviewed_rule=RULE)
    state = review_state(page) if page.live else ReviewStatus.PENDING
    previous = page.review_status
    if state == previous:
        return state
    save_review_fields(page, review_status=state)
    if log_change:
        action = {
            ReviewStatus.PENDING: RESET,
            ReviewStatus.EXPIRED: EXPIRED,
            ReviewStatus.REVIEWED: RESTORED,
        }[state]
        data = {"from": previous}
        if cause:
            data["cause"] = cause
        log(instance=page, action=action, user=user, data=data)
    logger.info("Clinical review of page %s: %s -> %s", page.pk, previous, state)
    return state
