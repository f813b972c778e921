"""Admin wiring for inquiries: the Inquiries menu (list, read, keep, delete,
CSV export) for the Admissions group alone, and the history entries that
record who read or exported which inquiry."""

import datetime
from functools import wraps

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import (
    BooleanColumn,
    ButtonsColumnMixin,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from admissions.models import (
    ENQUIRY_EXPORTED,
    ENQUIRY_VIEWED,
    LOG_ACTIONS,
    Enquiry,
)
from admissions.notifications import ADMIN_URL_NAMESPACE

# Every field: when and where from, what the visitor sent (in the form's
# order), the consent they gave, and whether admissions keeps it.
ENQUIRY_FIELDS = [
    "received_at",
    "page",
    *Enquiry.VISITOR_FIELDS,
    "consent_text",
    "kept",
]


class EnquiryPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody adds (or copies) an
    inquiry in the admin, superusers included: inquiries come only from
    visitors, through the form."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


register_permission_policy(Enquiry, EnquiryPermissionPolicy(Enquiry))


def local_time(moment):
    """A time as the practice reads it, with its offset: 2026-11-28 14:03-08:00."""
    return timezone.localtime(moment).isoformat(sep=" ", timespec="minutes")


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell's text that a spreadsheet will not run as a formula: visitors
    write the inquiry, editors title the page, and a name such as
    "=HYPERLINK(…)" must stay text when admissions opens the CSV (OWASP's
    advice: prefix a quote). Whatever the value's type: a phone number's
    leading + too, since a spreadsheet would compute it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class EnquiryFilterSet(WagtailFilterSet):
    received_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )
    kept = django_filters.BooleanFilter(
        label="Kept past the retention period",
        widget=forms.RadioSelect(
            choices=[("", "All"), ("true", "Kept"), ("false", "Not kept")]
        ),
    )

    class Meta:
        model = Enquiry
        fields = ["received_at", "kept"]


class EnquiryIndexView(IndexView):
    # CSV only: one format that every system opens (XLSX needs openpyxl).
    FORMATS = (IndexView.FORMAT_CSV,)
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {IndexView.FORMAT_CSV: local_time},
    }

    @cached_property
    def columns(self):
        view = self

        class EnquiryColumn(ButtonsColumnMixin, TitleColumn):
            def get_buttons(self, instance, parent_context):
                return view.get_list_buttons(instance)

        # The title opens the inquiry to read; "Edit" (in its menu) only
        # changes whether it is kept.
        return [
            EnquiryColumn(
                "enquiry", label="Inquiry", accessor=str, get_url=self.get_inspect_url
            ),
            DateColumn("received_at", label="Received", sort_key="received_at"),
            BooleanColumn("kept", label="Kept", sort_key="kept"),
            Column("page", label="Sent from"),
        ]

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # Every cell, after its type's own formatting, of whatever type: the
        # page (a title an editor chose), dates and flags as text, and text.
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value

    @cached_property
    def header_more_buttons(self):
        return [
            button
            for button in super().header_more_buttons
            if getattr(button, "url", None) != self.xlsx_export_url
        ]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # An export copies inquiries out of the site: record it on each one.
        for enquiry in queryset:
            log(instance=enquiry, action=ENQUIRY_EXPORTED, user=self.request.user)
        return super().as_spreadsheet(queryset, spreadsheet_format)


class EnquiryInspectView(InspectView):
    def get(self, request, *args, **kwargs):
        # Who read which inquiry, and when: the access trail for this data.
        log(instance=self.object, action=ENQUIRY_VIEWED, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime.datetime):
            # In the admin's time zone (the inspect template prints UTC).
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return "Not given" if value in (None, "") else value


def forbidden_when_refused(view):
    """Wagtail answers a refused admin view with a redirect to the dashboard
    and a message; inquiry views answer 403 Forbidden, so that a refusal is
    never mistaken for a page that moved, by a person or a script."""

    @wraps(view)
    def refusing_view(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exception:
            return permission_denied(request, exception)

    return refusing_view


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    name = ADMIN_URL_NAMESPACE
    icon = "mail"
    menu_label = "Inquiries"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = EnquiryIndexView
    inspect_view_class = EnquiryInspectView
    inspect_view_enabled = True
    inspect_view_fields = ENQUIRY_FIELDS
    copy_view_enabled = False
    # Inquiries are no page's "usage": editors of the page must not learn
    # from it how many arrived, or when.
    add_to_reference_index = False
    filterset_class = EnquiryFilterSet
    list_export = ENQUIRY_FIELDS
    export_filename = "inquiries"
    # What the visitor sent is theirs: admissions may only decide to keep it.
    form_fields = ["kept"]
    # No search box on purpose: a search puts a name in the address, and so
    # in the web server's logs.

    def construct_view(self, view_class, **kwargs):
        # Every view of the viewset (list, export, inspect, edit, delete,
        # history, usage, add) is built here.
        return forbidden_when_refused(super().construct_view(view_class, **kwargs))


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register("register_log_actions")
def register_enquiry_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
