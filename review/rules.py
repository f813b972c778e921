"""The rules of clinical review: who may approve, what the approval covers,
and a page's status.

A page records the approved revision, the reviewer and the time, and a
fingerprint of the clinical content approved: the clinical fields, and the
FAQ and Reference snippets the page shows. Its status is worked out from
those and the live content, the same way everywhere (`review_state`):

- reviewed: the live clinical content is what was approved, and the review
  is within the interval in site settings;
- expired: the same, but the review is older than the interval;
- pending: never reviewed, or the content changed since.

The stored `review_status` mirrors it for admin listings; `review.recording`
keeps it in step (and logs each change) when pages or snippets change.
"""

import calendar

from django.utils import timezone
from wagtail.models import get_page_models

from faq.blocks import page_faq_entries
from pages.content_hash import fields_hash
from pages.groups import MEDICAL_DIRECTOR_GROUP  # noqa: F401 (who approves)
from pages.models import ClinicalReviewMixin, ReviewStatus, SiteSettings
from references.citations import Citations

# The rule of what is clinical (the page types' `clinical_fields`, and the
# saved questions and references a page shows). Raise it when the rule
# changes: approvals taken under an older rule are then checked against the
# revision they approved, under the new rule (`approved_fingerprint`).
# 1: title, summary, body (and a type's own fields); 2: every text a visitor
# or a search engine reads: the byline, call-to-action wording, SEO title and
# search description too.
RULE = 2


def add_months(moment, months):
    """The same day `months` later (the month's last day if it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def clinical_page_models():
    """The concrete page types that carry a clinical review."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, ClinicalReviewMixin) and not model._meta.abstract
    ]


def clinical_fingerprint(page):
    """A digest of what the Medical Director approves on `page` as it stands:
    its clinical fields, and the published FAQ snippets it shows and the
    references it cites, by their content."""
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


def review_interval_months(page):
    """The review interval of the site `page` belongs to."""
    site = page.get_site()
    if site is None:
        return SiteSettings._meta.get_field("clinical_review_interval_months").default
    return SiteSettings.for_site(site).clinical_review_interval_months


def due_after(page, reviewed_at):
    """When a review of `page` made at `reviewed_at` falls due."""
    return add_months(reviewed_at, review_interval_months(page))


def approved_fingerprint(page):
    """The fingerprint of what the Medical Director approved, under today's
    rule: as recorded, or, for an approval under an older rule, taken again
    from the revision approved ("" if there is none)."""
    if page.reviewed_rule == RULE:
        return page.reviewed_fingerprint
    if page.reviewed_revision is None:
        return ""
    return clinical_fingerprint(page.reviewed_revision.as_object())


def review_state(page, now=None, fingerprint=None, approved=None):
    """pending, reviewed or expired, for the content `page` holds."""
    if not page.reviewed_fingerprint or not page.review_due_at:
        return ReviewStatus.PENDING
    approved = approved if approved is not None else approved_fingerprint(page)
    if not approved or (fingerprint or clinical_fingerprint(page)) != approved:
        return ReviewStatus.PENDING
    if page.review_due_at <= (now or timezone.now()):
        return ReviewStatus.EXPIRED
    return ReviewStatus.REVIEWED
