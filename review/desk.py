"""The Medical Director's desk in the admin: what waits for clinical review."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import user_passes_test
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from pages.models import ClinicalReviewMixin, ReviewStatus
from review.rules import MEDICAL_DIRECTOR_GROUP, clinical_page_models

SORTS = {
    "waiting": lambda row: row.waiting_since,
    "title": lambda row: row.page.title.lower(),
    "status": lambda row: (row.page.review_status, row.waiting_since),
}


@dataclass
class DeskRow:
    page: ClinicalReviewMixin
    waiting_since: datetime
    submitter: object
    compare_url: str

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


def desk_rows(statuses=(ReviewStatus.PENDING, ReviewStatus.EXPIRED)):
    """Live clinical pages in `statuses`, with what the desk shows."""
    rows = []
    for model in clinical_page_models():
        pages = (
            model.objects.live()
            .filter(review_status__in=statuses)
            .select_related("latest_revision__user", "reviewer")
            .prefetch_related("_workflow_states")
        )
        rows.extend(desk_row(page) for page in pages)
    return rows


def desk_row(page):
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        since = workflow_state.created_at
        submitter = workflow_state.requested_by
    else:
        since = (
            page.review_due_at
            if page.review_status == ReviewStatus.EXPIRED
            else page.last_published_at
        )
        submitter = page.latest_revision.user if page.latest_revision else None
    compare_url = ""
    if page.reviewed_revision_id and page.live_revision_id:
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[page.pk, str(page.reviewed_revision_id), str(page.live_revision_id)],
        )
    return DeskRow(page, since or page.first_published_at, submitter, compare_url)


def can_review(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=MEDICAL_DIRECTOR_GROUP).exists()
    )


def staff(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


@user_passes_test(staff)
def clinical_review_desk(request):
    """Every clinical page by review status: pending and expired by default,
    oldest first; filter by status and sort by waiting time, title or
    status."""
    status = request.GET.get("status", "waiting")
    statuses = {
        "waiting": (ReviewStatus.PENDING, ReviewStatus.EXPIRED),
        "pending": (ReviewStatus.PENDING,),
        "expired": (ReviewStatus.EXPIRED,),
        "reviewed": (ReviewStatus.REVIEWED,),
        "all": tuple(ReviewStatus.values),
    }.get(status, (ReviewStatus.PENDING, ReviewStatus.EXPIRED))
    sort = request.GET.get("sort", "waiting")
    rows = sorted(desk_rows(statuses), key=SORTS.get(sort, SORTS["waiting"]))
    return render(
        request,
        "review/admin/clinical_review_desk.html",
        {
            "rows": rows,
            "status": status,
            "sort": sort,
            "now": timezone.now(),
            "can_review": can_review(request.user),
        },
    )


class ClinicalReviewPanel(Component):
    """On the dashboard: what waits for the Medical Director, oldest first."""

    name = "clinical_review"
    order = 50

    def render_html(self, parent_context=None):
        rows = sorted(desk_rows(), key=SORTS["waiting"])
        return render_to_string(
            "review/admin/clinical_review_panel.html",
            {"rows": rows[:10], "total": len(rows), "now": timezone.now()},
        )
