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

from pages.models import Clinician, ReviewStatus
from review.rules import clinical_fingerprint, due_after, review_state
from review.signals import review_changed

logger = logging.getLogger(__name__)

APPROVED = "manifest.clinical_review.approve"
RESET = "manifest.clinical_review.reset"
EXPIRED = "manifest.clinical_review.expire"
RESTORED = "manifest.clinical_review.restore"
LOG_ACTIONS = {
    APPROVED: ("Clinically review", "Clinically reviewed"),
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


def record_approval(revision, user, reviewer=None):
    """The Medical Director approved `revision`: record who, when, which
    revision and what it said, and log it in the page's history. The public
    name is `reviewer`, else the user's clinician profile, else their name."""
    page = Page.objects.get(pk=revision.object_id).specific
    approved = revision.as_object()
    now = timezone.now()
    with transaction.atomic():
        save_review_fields(
            page,
            reviewed_revision=revision,
            reviewed_at=now,
            review_due_at=due_after(page, now),
            reviewed_by=user,
            reviewer=reviewer or Clinician.objects.filter(user=user).first(),
            reviewed_fingerprint=clinical_fingerprint(approved),
        )
        log(
            instance=page,
            action=APPROVED,
            user=user,
            revision=revision,
            data={"reviewer": page.reviewer_display[0]},
        )
        # The live page counts as reviewed only if it says what was approved;
        # otherwise the workflow's end publishes it, or it stays pending.
        refresh_review_status(page, user=user, log_change=False)


def refresh_review_status(page, user=None, log_change=True):
    """Apply the rule to `page` as it is live; store and log any change."""
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
        log(instance=page, action=action, user=user, data={"from": previous})
    logger.info("Clinical review of page %s: %s -> %s", page.pk, previous, state)
    return state
