"""Admin wiring for pages: the Topic and Clinician snippets."""

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.forms import ClinicianForm
from pages.models import Clinician, Topic
from pages.signals import IDENTITY_CHANGED


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
