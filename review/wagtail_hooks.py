"""Admin wiring for clinical review: the desk (Reports → Clinical review),
the dashboard panel, the clinical pages listing, the editors' hooks, the
reviewer's screens, and the history entries a review writes."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from review import reading, views
from review.desk_views import ClinicalReviewPanel, clinical_review_desk
from review.editor import (
    approve_only_what_the_editor_showed,
    confirm_clinical_changes_before_publishing,
    confirm_snippet_publish,
    review_status_notice,
)
from review.listing import ClinicalPageListingViewSet
from review.outcomes import after_action_in_editor
from review.recording import LOG_ACTIONS
from review.roles import can_review, can_use_desk
from richtext.notices import EDITOR_NOTICES_HOOK


@hooks.register("register_log_actions")
def register_clinical_review_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_clinical_review_urls():
    return [
        path("clinical-review/", clinical_review_desk, name="clinical_review_desk"),
        path(
            "clinical-review/changes/<str:app_label>/<str:model_name>/<int:pk>/",
            reading.differences,
            name="review_differences",
        ),
        path(
            "clinical-review/approve/<int:page_id>/",
            views.approve_from_desk,
            name="review_approve_from_desk",
        ),
        path(
            "clinical-review/renew/<int:page_id>/",
            reading.renew,
            name="review_renew",
        ),
        path(
            "clinical-review/outcome/<int:task_state_id>/",
            views.review_outcome,
            name="review_outcome",
        ),
        path(
            "clinical-review/publish/<int:page_id>/<int:revision_id>/",
            views.publish_clinical_change,
            name="review_publish_clinical_change",
        ),
        path(
            "clinical-review/submit/<int:page_id>/",
            views.submit_clinical_change,
            name="review_submit_clinical_change",
        ),
        path(
            "clinical-review/publish-snippet/<str:app_label>/<str:model_name>/<int:pk>/",
            views.publish_snippet_change,
            name="review_publish_snippet_change",
        ),
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


# The editors (review/editor.py): approvals of what an editor showed, the
# review status and snippet usage at the top, a question before publishing
# what visitors will not see as reviewed, and the outcome of a review action
# in plain words (review/outcomes.py).
hooks.register("before_edit_page", approve_only_what_the_editor_showed)
hooks.register("before_edit_snippet", approve_only_what_the_editor_showed)
hooks.register("before_publish_page", confirm_clinical_changes_before_publishing)
hooks.register("before_publish", confirm_snippet_publish)
hooks.register("after_edit_page", after_action_in_editor)
hooks.register("after_edit_snippet", after_action_in_editor)
hooks.register(EDITOR_NOTICES_HOOK, review_status_notice)


@hooks.register("register_admin_viewset")
def register_clinical_pages_listing():
    return ClinicalPageListingViewSet()
