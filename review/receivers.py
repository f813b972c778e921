"""What puts a clinical page back to pending (or restores it): publishing
the page, publishing a saved question it shows, editing a reference it
cites, a new review interval, and a new release's rule of what is clinical.
Connected in ReviewConfig.ready()."""

import logging

from django.db import DatabaseError
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published
from wagtail.signals import published as snippet_published

from faq.models import FAQ
from pages.models import ClinicalReviewMixin, SiteSettings
from references.models import Reference
from review.recording import refresh_review_status, save_review_fields
from review.rules import add_months, clinical_page_models

logger = logging.getLogger(__name__)


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


@receiver(snippet_published, sender=FAQ)
def review_after_faq_publish(sender, instance, user=None, **kwargs):
    for page in pages_showing(instance):
        refresh_review_status(page, user=user)


@receiver(post_save, sender=Reference)
def review_after_reference_change(sender, instance, raw=False, **kwargs):
    """A reference changed: pages citing it, directly or in the answer of a
    saved FAQ they show, are checked again."""
    if raw:
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
