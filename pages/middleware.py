"""The admin's lists of pages, images and documents, for staff who work with
them.

Wagtail serves its admin API (`/admin/api/main/pages/`, `images/`,
`documents/`) and the page chooser (`/admin/choose-page/…`) to anyone who
may use the admin at all (`wagtailadmin.access_admin`): every page's title,
status and place in the tree, drafts and private pages included, and every
image and document. Admissions use the admin only for inquiries; they are
refused those, as Wagtail itself refuses them the page explorer and the image
and document listings. The rule is each view's own permission, not a group's
name: whoever may work with pages (any page permission, Wagtail's rule for
showing *Pages*), images or documents (add, change, choose or delete) keeps
them.
"""

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

MEDIA_ACTIONS = ["add", "change", "choose", "delete"]


def may_use_images(user):
    policy = policy_registry.get_by_type(get_image_model())
    return policy.user_has_any_permission(user, MEDIA_ACTIONS)


def may_use_documents(user):
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission(user, MEDIA_ACTIONS)


# The admin API's endpoints, by their URL namespace (wagtailadmin_api:…).
ADMIN_API_RULES = {
    "pages": user_has_any_page_permission,
    "images": may_use_images,
    "documents": may_use_documents,
}
# The page chooser's views, by URL name.
PAGE_CHOOSER_URL_NAMES = {
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
}


def rule_for(match):
    """Who may use the view that `match` resolved, or None for any view
    not ruled here."""
    if "wagtailadmin_api" in match.namespaces:
        return ADMIN_API_RULES.get(match.namespaces[-1])
    if match.url_name in PAGE_CHOOSER_URL_NAMES:
        return user_has_any_page_permission
    return None


class AdminContentAccessMiddleware:
    """403 (the branded page) for a signed-in user refused one of these
    views. Anyone signed out is left to Wagtail, which sends them to sign in;
    after the second-factor middleware, which asks for that first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = rule_for(request.resolver_match)
        if rule is None or not request.user.is_authenticated or rule(request.user):
            return None
        return permission_denied(request, PermissionDenied())
