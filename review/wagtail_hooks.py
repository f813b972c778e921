"""Admin wiring for clinical review: the desk (Reports → Clinical review),
the dashboard panel, and the history entries a review writes."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from review.desk import ClinicalReviewPanel, can_review, clinical_review_desk
from review.recording import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_clinical_review_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_clinical_review_desk():
    return [
        path("clinical-review/", clinical_review_desk, name="clinical_review_desk"),
    ]


@hooks.register("register_reports_menu_item")
def register_clinical_review_menu_item():
    return MenuItem(
        "Clinical review",
        reverse("clinical_review_desk"),
        name="clinical-review",
        icon_name="clipboard-list",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_clinical_review_panel(request, panels):
    if can_review(request.user):
        panels.insert(0, ClinicalReviewPanel())
