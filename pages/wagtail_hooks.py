"""Admin wiring for pages: the Topic and Clinician snippets, Crisis lines and
notices (the site text the Medical Director approves), and the site
history's entries for a new practice phone and for who a reviewer is."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.log_actions import LogFormatter
from wagtail.models import Site
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, UnpublishView

from pages.forms import ClinicianForm
from pages.models import Clinician, SiteTextSettings, Topic
from pages.signals import IDENTITY_CHANGED, PHONE_CHANGED


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(TopicViewSet)


class ClinicianViewSet(SnippetViewSet):
    model = Clinician
    icon = "user"
    menu_label = "Clinicians"
    add_to_admin_menu = False
    list_display = ["name", "credentials", "role"]
    # Who may change a clinician's name, credentials or role, and which
    # accounts a profile may link: see ClinicianForm.
    edit_handler = ObjectList(Clinician.panels, base_form_class=ClinicianForm)


register_snippet(ClinicianViewSet)


@hooks.register("register_log_actions")
def register_identity_log_action(actions):
    actions.register_action(
        IDENTITY_CHANGED,
        "Change who a reviewer is",
        "Clinician's name, credentials, role or account changed",
    )


# Crisis lines and notices ---------------------------------------------------


class SiteTextPermissionPolicy(SitePermissionPolicy):
    """Wagtail's per-site permissions, except that nobody adds, deletes or
    unpublishes one, superusers included: each site has exactly one (made by
    a migration, or by `for_site`), and it is always live. Marketing has
    `change` (drafts, submitting); the Medical Director also `publish`."""

    refused = frozenset({"add", "delete", "unpublish"})

    def allowed(self, actions):
        return [action for action in actions if action not in self.refused]

    def user_has_any_permission(self, user, actions):
        actions = self.allowed(actions)
        return bool(actions) and super().user_has_any_permission(user, actions)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = self.allowed(actions)
        return bool(actions) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def users_with_any_permission(self, actions):
        actions = self.allowed(actions)
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)

    def users_with_any_permission_for_instance(self, actions, instance):
        actions = self.allowed(actions)
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission_for_instance(actions, instance)

    def sites_user_has_any_permission_for(self, user, actions):
        actions = self.allowed(actions)
        if not actions:
            return Site.objects.none()
        return super().sites_user_has_any_permission_for(user, actions)


SITE_TEXT_POLICY = SiteTextPermissionPolicy(SiteTextSettings)
# Before the viewset asks for one (Wagtail would make a default policy).
register_permission_policy(SiteTextSettings, SITE_TEXT_POLICY)


class SiteTextUnpublishView(UnpublishView):
    # Refused by the policy: pages always show the approved version.
    permission_required = "unpublish"


class SiteTextViewSet(SnippetViewSet):
    model = SiteTextSettings
    icon = "warning"
    menu_label = "Crisis lines and notices"
    add_to_admin_menu = False
    list_display = ["site", LiveStatusTagColumn()]
    unpublish_view_class = SiteTextUnpublishView


register_snippet(SiteTextViewSet)


@hooks.register("construct_snippet_action_menu")
def no_unpublishing_site_text(menu_items, request, context):
    if context.get("model") is SiteTextSettings:
        menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


def edit_site_text(request):
    """Settings → Crisis lines and notices: the editor of this site's."""
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    site_text = SiteTextSettings.for_site(site)
    if not SITE_TEXT_POLICY.user_has_permission_for_instance(
        request.user, "change", site_text
    ):
        raise PermissionDenied
    edit = SiteTextSettings.snippet_viewset.get_url_name("edit")
    return redirect(edit, site_text.pk)


@hooks.register("register_admin_urls")
def register_site_text_url():
    return [path("crisis-lines/", edit_site_text, name="site_text_edit")]


class SiteTextMenuItem(MenuItem):
    def is_shown(self, request):
        return SITE_TEXT_POLICY.user_has_permission(request.user, "change")


@hooks.register("register_settings_menu_item")
def register_site_text_menu_item():
    return SiteTextMenuItem(
        "Crisis lines and notices",
        reverse("site_text_edit"),
        name="crisis-lines-and-notices",
        icon_name="warning",
        order=150,
    )


# The site history -----------------------------------------------------------


class PracticePhoneChanged(LogFormatter):
    label = "Change the practice's phone"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        before = data.get("from") or "no number"
        return f"Practice phone changed from {before} to {data.get('to')}"


@hooks.register("register_log_actions")
def register_practice_phone_log_action(actions):
    actions.register_action(PHONE_CHANGED)(PracticePhoneChanged)
