"""Clinical review: recording approvals and keeping every page's status true.

One rule decides a page's status (`ClinicalReviewMixin.review_state`); this
module applies it whenever something it depends on changes, records the
change in the page's history, and installs the end of the workflow.
"""

import logging

from django import forms
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published
from wagtail.signals import published as snippet_published
from wagtail.tasks import update_reference_index_task
from wagtail.workflows import publish_workflow_state

from pages.models.content_version import ContentVersion
from pages.models.review import (
    ClinicalReviewMixin,
    Clinician,
    ReviewStatus,
    add_months,
    clinical_page_models,
)
from pages.models.site_settings import SiteSettings
from pages.page_cache import purge_for

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


class RequestChangesForm(forms.Form):
    """Requesting changes needs a comment: the submitter must know what."""

    comment = forms.CharField(
        label="What needs to change",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say what needs to change."},
    )


def clinical_fingerprint(page):
    """A digest of what the Medical Director approves on `page` as it stands:
    its clinical fields, and the published FAQ snippets it shows and the
    references it cites, by their content."""
    from faq.blocks import page_faq_entries
    from pages.models.articles import fields_hash
    from references.citations import Citations

    faqs = [
        [entry.snippet_id, entry.question, entry.answer.source]
        for entry in page_faq_entries(page.body)
        if entry.snippet_id
    ]
    citations = Citations(page.rich_text_values())
    citations.load()
    references = [
        [reference.pk, str(reference.formatted())] for reference in citations.references
    ]
    return fields_hash(
        page, page.clinical_fields, extra={"faqs": faqs, "references": references}
    )


def save_review_fields(page, **fields):
    """Store review fields on the page row (not in a revision), and let the
    cached fragments of every page go."""
    for name, value in fields.items():
        setattr(page, name, value)
    type(page).objects.filter(pk=page.pk).update(**fields)
    ContentVersion.bump()
    # The reviewer is a reference of the page's (a clinician's edit purges
    # the pages they reviewed), and the page shows its new status at once.
    update_reference_index_task.enqueue(
        page._meta.app_label, page._meta.model_name, str(page.pk)
    )
    purge_for(changed_pages=[page])


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
            review_due_at=page.due_after(now),
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
    state = page.review_state() if page.live else ReviewStatus.PENDING
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


@receiver(page_published)
def review_after_publish(sender, instance, revision=None, **kwargs):
    if isinstance(instance, ClinicalReviewMixin):
        page = Page.objects.get(pk=instance.pk).specific  # the live row
        user = getattr(revision, "user", None)
        refresh_review_status(page, user=user)


def pages_showing(obj):
    """Live clinical pages whose content uses `obj` (reference index)."""
    page_ids = {
        int(reference.object_id)
        for reference in ReferenceIndex.get_references_to(obj)
        if issubclass(reference.base_content_type.model_class(), Page)
    }
    for page in Page.objects.filter(pk__in=page_ids, live=True).specific():
        if isinstance(page, ClinicalReviewMixin):
            yield page


@receiver(snippet_published)
def review_after_snippet_publish(sender, instance, user=None, **kwargs):
    from faq.models import FAQ

    if isinstance(instance, FAQ):
        for page in pages_showing(instance):
            refresh_review_status(page, user=user)


@receiver(post_save)
def review_after_reference_change(sender, instance, raw=False, **kwargs):
    """A reference changed: pages citing it, directly or in the answer of a
    saved FAQ they show, are checked again."""
    from faq.models import FAQ
    from references.models import Reference

    if raw or not isinstance(instance, Reference):
        return
    pages = {page.pk: page for page in pages_showing(instance)}
    faq_ids = [
        reference.object_id
        for reference in ReferenceIndex.get_references_to(instance)
        if reference.base_content_type.model_class() is FAQ
    ]
    for faq in FAQ.objects.filter(pk__in=faq_ids):
        pages.update((page.pk, page) for page in pages_showing(faq))
    for page in pages.values():
        refresh_review_status(page)


@receiver(post_save, sender=SiteSettings)
def move_review_due_dates(sender, instance, raw=False, **kwargs):
    """The review interval changed (or may have): every reviewed page of the
    site falls due by the new one, and shows and expires accordingly."""
    if raw:
        return
    root = instance.site.root_page
    for model in clinical_page_models():
        for page in model.objects.descendant_of(root, inclusive=True).exclude(
            reviewed_at=None
        ):
            due = add_months(page.reviewed_at, instance.clinical_review_interval_months)
            if due != page.review_due_at:
                save_review_fields(page, review_due_at=due)
                refresh_review_status(page)


def finish_workflow(workflow_state, user=None):
    """The end of an approved workflow. A clinical page goes live with the
    approved revision if that is still its latest and not yet live; a page
    published meanwhile is left as it is (its status says whether it still
    matches what was approved). Anything else: Wagtail's own action."""
    obj = workflow_state.content_object
    specific = getattr(obj, "specific", obj)
    if not isinstance(specific, ClinicalReviewMixin):
        return publish_workflow_state(workflow_state, user=user)
    approved = workflow_state.current_task_state.revision
    latest = specific.get_latest_revision()
    if latest.pk == approved.pk and specific.live_revision_id != approved.pk:
        approved.publish(user=user)
    return None
