"""Admin wiring for staff sign-in: the second-factor pages, the time-out
warning on every admin page, the reset in the users listing, and the access
log under Reports (superusers only, read-only)."""

import django_filters
from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts import views
from accounts.models import AccessEvent


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("second-factor/", views.verify, name="accounts_verify"),
        path("second-factor/enroll/", views.enroll, name="accounts_enroll"),
        path(
            "second-factor/recovery-codes/",
            views.recovery_codes,
            name="accounts_recovery_codes",
        ),
        path("second-factor/reset/<int:user_id>/", views.reset, name="accounts_reset"),
        path("session/status/", views.session_status, name="accounts_session_status"),
        path("session/keep-alive/", views.keep_alive, name="accounts_keep_alive"),
    ]


@hooks.register("insert_global_admin_js")
def session_timeout_warning():
    """The warning before the idle time-out, with its "Stay signed in"."""
    return format_html(
        '<script src="{}" defer data-status-url="{}" data-keep-alive-url="{}" '
        'data-login-url="{}" data-idle-seconds="{}" data-warning-seconds="{}">'
        "</script>",
        static("accounts/session_timeout.js"),
        reverse("accounts_session_status"),
        reverse("accounts_keep_alive"),
        reverse("wagtailadmin_login"),
        settings.STAFF_IDLE_TIMEOUT_MINUTES * 60,
        settings.STAFF_IDLE_WARNING_SECONDS,
    )


@hooks.register("insert_global_admin_css")
def staff_sign_in_styles():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("accounts/accounts.css")
    )


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            "Reset second factor",
            reverse("accounts_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )


@hooks.register("register_account_menu_item")
def recovery_codes_item(request):
    return {
        "url": reverse("accounts_recovery_codes"),
        "label": "Second factor and recovery codes",
        "help_text": "Make new recovery codes, or set up your authenticator app.",
    }


class AccessLogPolicy(ModelPermissionPolicy):
    """Superusers read the access log; nobody adds, changes or deletes it."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        users = self.model._meta.get_field("user").related_model.objects
        if "view" not in actions:
            return users.none()
        return users.filter(is_active=True, is_superuser=True)


register_permission_policy(AccessEvent, AccessLogPolicy(AccessEvent))


class AccessEventFilterSet(WagtailFilterSet):
    occurred_at = django_filters.DateFromToRangeFilter(
        label="Date", widget=DateRangePickerWidget
    )
    username = django_filters.CharFilter(label="Username", lookup_expr="iexact")

    class Meta:
        model = AccessEvent
        fields = ["occurred_at", "username", "user", "event", "outcome"]


class AccessLogIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "actor")


class AccessLogViewSet(ModelViewSet):
    model = AccessEvent
    name = "access_log"
    url_prefix = "reports/access-log"
    icon = "key"
    menu_label = "Access log"
    index_view_class = AccessLogIndexView
    filterset_class = AccessEventFilterSet
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "occurred_at",
        "event",
        "outcome",
        "username",
        "reason",
        "actor_username",
        "ip_address",
    ]
    inspect_view_fields = [
        "occurred_at",
        "event",
        "outcome",
        "user",
        "username",
        "reason",
        "actor_username",
        "ip_address",
    ]
    form_fields = []


access_log = AccessLogViewSet()


@hooks.register("register_admin_viewset")
def register_access_log():
    return access_log


class AccessLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def access_log_menu_item():
    return AccessLogMenuItem(
        "Access log",
        reverse("access_log:index"),
        name="access-log",
        icon_name="key",
        order=900,
    )
