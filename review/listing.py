"""Pages → Clinical pages: every article and program page with its review
status, filterable by it (Wagtail's flat page listing). The page explorer and
the page chooser show the same status as a badge beside Wagtail's own
(templates/wagtailadmin/shared/page_status_tag.html)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import GenericPageFilterSet, IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from pages.models import ReviewStatus
from review.rules import clinical_page_models

# What the listing's filter offers, in the desk's words.
REVIEW_FILTERS = [
    ("reviewed", "Reviewed"),
    ("waiting", "Waiting for the Medical Director"),
    ("changes_requested", "Changes requested"),
    ("pending", "Not yet submitted"),
    ("expired", "Expired"),
]


def review_status_q(status):
    """A filter on a queryset of plain pages for the clinical ones in
    `status`: reviewed, pending and expired as the pages record them (with
    an expiry that has passed counted as expired), waiting and changes
    requested as their clinical review workflow stands."""
    if status in ("waiting", "changes_requested"):
        wanted = (
            WorkflowState.STATUS_IN_PROGRESS
            if status == "waiting"
            else WorkflowState.STATUS_NEEDS_CHANGES
        )
        # WorkflowState.object_id is text: collect the ids rather than join.
        page_ids = WorkflowState.objects.filter(
            status=wanted, base_content_type=get_default_page_content_type()
        ).values_list("object_id", flat=True)
        return Q(pk__in=[int(page_id) for page_id in page_ids])
    now = timezone.now()
    q = Q()
    for model in clinical_page_models():
        name = model._meta.model_name
        reviewed = Q(**{f"{name}__review_status": ReviewStatus.REVIEWED})
        due = Q(**{f"{name}__review_due_at__lte": now})
        if status == "reviewed":
            q |= reviewed & ~due
        elif status == "expired":
            q |= Q(**{f"{name}__review_status": ReviewStatus.EXPIRED}) | (
                reviewed & due
            )
        else:
            q |= Q(**{f"{name}__review_status": ReviewStatus.PENDING})
    return q


class ReviewStatusFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(review_status_q(value))


class ClinicalPageFilterSet(GenericPageFilterSet):
    review_status = ReviewStatusFilter(
        label="Clinical review", choices=REVIEW_FILTERS, empty_label="Any"
    )


class ReviewStatusColumn(Column):
    """A clinical page's review status, as the badge shows it."""

    cell_template_name = "review/admin/review_status_cell.html"


class ClinicalPageIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().type(*clinical_page_models())


class ClinicalPageListingViewSet(PageListingViewSet):
    """Every clinical page, with its review status."""

    model = Page
    index_view_class = ClinicalPageIndexView
    filterset_class = ClinicalPageFilterSet
    icon = "clipboard-list"
    menu_label = "Clinical pages"
    add_to_admin_menu = True
    menu_order = 150
    name = "clinical_pages"
    columns = [
        *IndexView.base_columns,
        ReviewStatusColumn(
            "review", label="Clinical review", accessor="displayed_review_status"
        ),
    ]
