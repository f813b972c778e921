"""Admin wiring for pages: snippets (topics, clinicians), the page link
handler, and the clinical review desk, panel and history entries."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.link_handlers import PrefetchedPageLinkHandler
from pages.models import Clinician, Topic
from pages.review import LOG_ACTIONS
from pages.review_admin import ClinicalReviewPanel, can_review, clinical_review_desk


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(TopicViewSet)


# order=1: after Wagtail's own registration of the "page" link type.
@hooks.register("register_rich_text_features", order=1)
def register_prefetched_page_links(features):
    features.register_link_type(PrefetchedPageLinkHandler)


class ClinicianViewSet(SnippetViewSet):
    model = Clinician
    icon = "user"
    menu_label = "Clinicians"
    add_to_admin_menu = False
    list_display = ["name", "credentials", "role"]


register_snippet(ClinicianViewSet)


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
