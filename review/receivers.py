"""What puts a clinical page back to pending (or restores it): publishing
the page; publishing, changing or deleting any snippet it shows, directly or
through another snippet (a reference cited in a saved question's answer); and
a new release's rule of what is clinical. Connected in ReviewConfig.ready().

A snippet change that sends reviewed pages back to review is recorded on
each page with its cause (which snippet, by whom), and the Medical Director
group gets one email for it, not one per page."""

import logging

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail.snippets.models import get_snippet_models

from pages.models import ClinicalReviewMixin, ReviewStatus
from review.models.records import ClinicalReviewSettings
from review.notify import notify_sent_back
from review.recording import INTERVAL_CHANGED, refresh_review_status
from review.rules import clinical_page_models
from review.usage import APPROVED_STATES, clinical_pages_showing

logger = logging.getLogger(__name__)

# Fields Wagtail saves on a snippet's row when it saves a draft or locks it:
# bookkeeping, not what pages show.
BOOKKEEPING_FIELDS = {
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


@receiver(page_published)
def review_after_publish(sender, instance, revision=None, **kwargs):
    if isinstance(instance, ClinicalReviewMixin):
        page = Page.objects.get(pk=instance.pk).specific  # the live row
        user = getattr(revision, "user", None)
        refresh_review_status(page, user=user)


def changed_by():
    """Who is making the change: the admin user of this request, if any."""
    return get_active_log_context().user


def describe(obj, user, verb="changed"):
    """What changed and who changed it, in the words the desk, the page's
    history and the email use."""
    kind = str(obj._meta.verbose_name)
    kind = kind[0].upper() + kind[1:]
    by = (user.get_full_name() or user.get_username()) if user else ""
    return {"what": f"{kind} “{obj}”", "verb": verb, "by": by}


def send_back(obj, pages, verb="changed"):
    """Check `pages` again after `obj` changed; tell the Medical Director
    once about those it sent back from reviewed to pending."""
    user = changed_by()
    cause = describe(obj, user, verb)
    sent_back = []
    for page in pages:
        before = page.review_status
        after = refresh_review_status(page, user=user, cause=cause)
        if before in APPROVED_STATES and after == ReviewStatus.PENDING:
            sent_back.append(page)
    notify_sent_back(cause, sent_back)


@receiver(post_save)
def review_after_snippet_change(sender, instance, raw=False, **kwargs):
    """A snippet's row was saved: created, published (a snippet with drafts
    saves its row only when published), or changed (one without)."""
    if raw or sender not in get_snippet_models():
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    send_back(instance, clinical_pages_showing(instance))


@receiver(pre_delete)
def remember_pages_showing(sender, instance, **kwargs):
    # Once deleted, the reference index no longer knows who showed it.
    if sender in get_snippet_models():
        instance._clinical_pages_showing = clinical_pages_showing(instance)


@receiver(post_delete)
def review_after_snippet_deletion(sender, instance, **kwargs):
    pages = getattr(instance, "_clinical_pages_showing", None)
    if pages:
        send_back(instance, pages, verb="deleted")


@receiver(pre_save, sender=ClinicalReviewSettings)
def remember_interval(sender, instance, raw=False, **kwargs):
    instance._interval_before = (
        sender.objects.filter(pk=instance.pk)
        .values_list("interval_months", flat=True)
        .first()
        if instance.pk and not raw
        else None
    )


@receiver(post_save, sender=ClinicalReviewSettings)
def log_interval_change(sender, instance, raw=False, **kwargs):
    """A new review interval is in the history (Reports › Site history):
    who changed it, when, from what to what. It applies to approvals from
    now on: due dates already given stay (`review.rules.due_after`)."""
    before = getattr(instance, "_interval_before", None)
    if not raw and before is not None and before != instance.interval_months:
        log(
            instance=instance,
            action=INTERVAL_CHANGED,
            data={"from": before, "to": instance.interval_months},
        )


def review_again_after_migrating(sender, **kwargs):
    """Connected to post_migrate: a new release may have a new rule of what
    is clinical (`review.rules.RULE`). Every reviewed page is checked by it
    at once, so the status a page shows is never the old rule's."""
    try:
        for model in clinical_page_models():
            for page in model.objects.exclude(reviewed_at=None):
                refresh_review_status(page)
    except DatabaseError as error:
        # Migrated to an older schema (migrate APP NUMBER): the next
        # migrate forward checks them.
        logger.warning(
            "Clinical reviews not checked after migrating (%s)", type(error).__name__
        )
