"""The rules of clinical review: who may approve, what the approval covers,
and a page's status.

A page records the approved revision, the reviewer and the time, and a
fingerprint of the clinical content approved: the clinical fields, and the
text of every snippet the page shows (`review.content`). Its status is worked out from
those and the live content, the same way everywhere (`review_state`):

- reviewed: the live clinical content is what was approved, and the review
  is within the interval in site settings;
- expired: the same, but the review is older than the interval;
- pending: never reviewed, or the content changed since.

The stored `review_status` mirrors it for admin listings; `review.recording`
keeps it in step (and logs each change) when pages or snippets change.
"""

import calendar
from datetime import timedelta

from django.utils import timezone
from wagtail.models import get_page_models

from pages.groups import MEDICAL_DIRECTOR_GROUP  # noqa: F401 (who approves)
from pages.models import ClinicalReviewMixin, ReviewStatus
from review.content import clinical_fingerprint
from review.models.records import ClinicalReviewSettings

# The rule of what is clinical (the page types' `clinical_fields`, and the
# saved questions and references a page shows). Raise it when the rule
# changes: approvals taken under an older rule are then checked against the
# revision they approved, under the new rule (`approved_fingerprint`).
# 1: title, summary, body (and a type's own fields); 2: every text a visitor
# or a search engine reads: the byline, call-to-action wording, SEO title and
# search description too; 3: every snippet a page shows by the text it shows
# (a topic's name, the byline's name, credentials and role), not by its id
# (review.content).
RULE = 3


# A review this close to its due date (or past it) may be renewed as still
# accurate, when nothing changed since it was approved.
RENEW_WITHIN = timedelta(days=60)


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


def review_interval_months(page):
    """The review interval of the site `page` belongs to, as it is now."""
    site = page.get_site()
    if site is None:
        return ClinicalReviewSettings._meta.get_field("interval_months").default
    return ClinicalReviewSettings.for_site(site).interval_months


def due_after(page, reviewed_at):
    """When a review of `page` approved at `reviewed_at` falls due: fixed at
    approval, by the interval of the day."""
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


def renewable(page, now=None):
    """Whether `page`'s review may be renewed as still accurate: live, its
    content what was approved, and expired or due within `RENEW_WITHIN`."""
    status = page.displayed_review_status
    if not page.live or status not in (ReviewStatus.REVIEWED, ReviewStatus.EXPIRED):
        return False
    return page.review_due_at - (now or timezone.now()) <= RENEW_WITHIN
