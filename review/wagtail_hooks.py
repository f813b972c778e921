"""Admin wiring for clinical review: the desk (Reports → Clinical review),
the dashboard panel, the clinical pages listing, the editor's hooks, and the
history entries a review writes."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from pages.panels import EDITOR_NOTICES_HOOK
from review.desk import (
    ClinicalReviewPanel,
    can_review,
    can_use_desk,
    clinical_review_desk,
)
from review.editor import (
    approve_only_what_the_editor_showed,
    confirm_clinical_changes_before_publishing,
    review_status_notice,
)
from review.listing import ClinicalPageListingViewSet
from review.recording import LOG_ACTIONS
from review.views import publish_clinical_change, submit_clinical_change


@hooks.register("register_log_actions")
def register_clinical_review_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_clinical_review_desk():
    return [
        path("clinical-review/", clinical_review_desk, name="clinical_review_desk"),
    ]


class ClinicalReviewMenuItem(MenuItem):
    """Reports → Clinical review, for the staff the desk admits."""

    def is_shown(self, request):
        return can_use_desk(request.user)


@hooks.register("register_reports_menu_item")
def register_clinical_review_menu_item():
    return ClinicalReviewMenuItem(
        "Clinical review",
        reverse("clinical_review_desk"),
        name="clinical-review",
        icon_name="clipboard-list",
        order=100,
    )


# Wagtail's own "Awaiting your review" panel lists what ours does, in
# Wagtail's words, with approve buttons outside the review's own screens.
WAGTAIL_REVIEW_PANEL = "workflow_objects_to_moderate"


@hooks.register("construct_homepage_panels")
def add_clinical_review_panel(request, panels):
    panels[:] = [panel for panel in panels if panel.name != WAGTAIL_REVIEW_PANEL]
    if can_review(request.user):
        panels.insert(0, ClinicalReviewPanel())


# The page editor (review/editor.py): approvals of what it showed, the review
# status at the top, and a question before publishing a clinical change.
hooks.register("before_edit_page", approve_only_what_the_editor_showed)
hooks.register("before_publish_page", confirm_clinical_changes_before_publishing)
hooks.register(EDITOR_NOTICES_HOOK, review_status_notice)


@hooks.register("register_admin_urls")
def register_clinical_change_views():
    return [
        path(
            "clinical-review/publish/<int:page_id>/<int:revision_id>/",
            publish_clinical_change,
            name="review_publish_clinical_change",
        ),
        path(
            "clinical-review/submit/<int:page_id>/",
            submit_clinical_change,
            name="review_submit_clinical_change",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_clinical_pages_listing():
    return ClinicalPageListingViewSet()
