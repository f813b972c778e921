"""The admissions enquiry form (a page), what it stores (`Enquiry`), and how
long the site keeps it (`AdmissionsSettings`).

An enquiry to an addiction-treatment programme is protected health
information: the form asks only for what admissions needs, stores the
submission before anything else happens, announces it to the Admissions group
without any of its contents, and the submissions are deleted after the
retention period unless kept on purpose. Only the Admissions group (and
administrators) can read them: see `wagtail_hooks.py`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_ratelimit.core import is_ratelimited
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from admissions.notifications import notify_admissions
from pages.models import phone_digits, validate_phone
from pages.rich_text import PARAGRAPH_FEATURES

RATE_LIMIT_GROUP = "admissions-enquiry"
# The hidden field that only robots fill in (see the form template).
HONEYPOT_FIELD = "website"
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# The paragraph features less citations: the form page cites no sources.
ENQUIRY_PAGE_FEATURES = [f for f in PARAGRAPH_FEATURES if f != "citation"]

# What an enquiry's history records besides Wagtail's own edit and delete:
# who read it, who exported it, and its deletion by the retention job. Each
# entry is labelled with the enquiry's number and time, never a name.
ENQUIRY_VIEWED = "admissions.enquiry.view"
ENQUIRY_EXPORTED = "admissions.enquiry.export"
ENQUIRY_EXPIRED = "admissions.enquiry.expire"
LOG_ACTIONS = {
    ENQUIRY_VIEWED: ("View enquiry", "Viewed"),
    ENQUIRY_EXPORTED: ("Export enquiry", "Exported as CSV"),
    ENQUIRY_EXPIRED: (
        "Delete expired enquiry",
        "Deleted: older than the retention period",
    ),
}


def validate_callback_number(number):
    """A US number admissions can call back: ten digits (or eleven starting
    with 1) in the characters `validate_phone` allows. Unlike the practice's
    own lines, a visitor's number is never a short code such as 988."""
    digits = phone_digits(number)
    if len(digits) == 10 or (len(digits) == 11 and digits.startswith("1")):
        validate_phone(number)  # the characters a phone number may hold
        return
    raise ValidationError(
        "Enter a 10-digit US phone number, such as (949) 735-5705",
        code="invalid_phone",
    )


def validate_date_of_birth(value):
    """A real date of birth: in the past, and not before 1900."""
    if value >= timezone.localdate():
        raise ValidationError(
            "Your date of birth must be in the past", code="future_date"
        )
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            "Your date of birth must be on or after January 1, 1900",
            code="too_early",
        )


@register_setting(icon="mail")
class AdmissionsSettings(BaseSiteSetting):
    """How long the site keeps the enquiries visitors send."""

    enquiry_retention_days = models.PositiveIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        verbose_name="Keep enquiries for (days)",
        help_text="Enquiries older than this are deleted every night, unless "
        "admissions marked them to keep past the retention period.",
    )

    panels = [FieldPanel("enquiry_retention_days")]

    class Meta:
        verbose_name = "Admissions"


class Enquiry(models.Model):
    """One submission of the enquiry form, read by the Admissions group only.

    It holds what admissions needs to call back and to check insurance
    benefits, and nothing more: there is deliberately no field for a
    diagnosis or anything clinical.
    """

    class Voicemail(models.TextChoices):
        YES = "yes", "Yes, you may leave a voicemail"
        NO = "no", "No, please do not leave a voicemail"

    # A default rather than auto_now_add, so the retention job can be tested
    # with fixed times; no form sets it.
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    page = models.ForeignKey(
        "admissions.EnquiryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
        editable=False,
        help_text="The form it was sent from.",
    )
    name = models.CharField(max_length=120)
    phone = models.CharField(
        max_length=32, blank=True, validators=[validate_callback_number]
    )
    email = models.EmailField(blank=True, verbose_name="email address")
    voicemail_ok = models.CharField(
        max_length=3,
        choices=Voicemail.choices,
        blank=True,
        verbose_name="voicemail OK",
    )
    insurance_carrier = models.CharField(
        max_length=120, blank=True, verbose_name="insurance company"
    )
    member_id = models.CharField(max_length=64, blank=True, verbose_name="member ID")
    date_of_birth = models.DateField(
        null=True, blank=True, validators=[validate_date_of_birth]
    )
    message = models.TextField(max_length=2000, blank=True)
    consent_text = models.TextField(
        editable=False,
        verbose_name="consent given",
        help_text="The consent wording the visitor agreed to, as it read then.",
    )
    kept = models.BooleanField(
        default=False,
        verbose_name="keep past the retention period",
        help_text="Kept enquiries are not deleted when the retention period "
        "(Settings → Admissions) runs out. Untick when no longer needed.",
    )

    # What the visitor sends, in the order the form asks for it.
    VISITOR_FIELDS = (
        "name",
        "phone",
        "email",
        "voicemail_ok",
        "insurance_carrier",
        "member_id",
        "date_of_birth",
        "message",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
        # Enquiries arrive only through the public form.
        default_permissions = ("view", "change", "delete")

    def __str__(self):
        # Shown in the admin, its history and e-mails: never the person's name.
        if self.pk is None:
            return "Enquiry (not saved)"
        received = timezone.localtime(self.received_at)
        return f"Enquiry #{self.pk} ({received:%d %b %Y %H:%M})"


class EnquiryPage(RoutablePageMixin, Page):
    """The admissions enquiry and insurance-check form, and its thank-you
    page (`thanks/`). Editors write the words around the form; the fields
    themselves are fixed, because privacy rules decide what may be asked."""

    intro = RichTextField(
        features=ENQUIRY_PAGE_FEATURES,
        blank=True,
        help_text="Above the form: what the form is for, and that in a crisis "
        "visitors should call 988 or 911 rather than write.",
    )
    consent_text = models.TextField(
        max_length=400,
        default="I agree that Manifest Behavioral Health may store these "
        "details and contact me about treatment and my insurance benefits.",
        verbose_name="Consent wording",
        help_text="The label of the checkbox visitors must tick. Each enquiry "
        "stores the wording its sender agreed to.",
    )
    thanks_text = RichTextField(
        features=ENQUIRY_PAGE_FEATURES,
        blank=True,
        verbose_name="What happens next",
        help_text="Shown on the thank-you page after an enquiry is sent.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("consent_text"),
        FieldPanel("thanks_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    preview_modes = [("", "Form"), ("thanks", "Thank-you page")]

    # The <title> starts "Error:" while the form shows problems, inside the
    # cached head fragment; this keeps the two versions apart in the cache.
    fragment_cache_vary = None

    class Meta:
        verbose_name = "Enquiry page"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The form holds a CSRF token and what the visitor typed: never cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def serve_preview(self, request, mode_name):
        if mode_name == "thanks":
            return self.thanks(request)
        return super().serve_preview(request, mode_name)

    @path("")
    def enquiry_form(self, request):
        from admissions.forms import EnquiryForm  # forms.py imports Enquiry

        if request.method in ("GET", "HEAD"):
            return self.render_form(request, EnquiryForm(page=self))
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

        # Everything posted here is personal: keep it out of error reports.
        request.sensitive_post_parameters = "__ALL__"
        if is_ratelimited(
            request,
            group=RATE_LIMIT_GROUP,
            key="ip",
            rate=settings.ENQUIRY_RATE_LIMIT,
            increment=True,
        ):
            form = EnquiryForm.with_values_of(request.POST, page=self)
            return self.render_form(request, form, problem="rate_limited", status=429)
        if request.POST.get(HONEYPOT_FIELD):
            form = EnquiryForm.with_values_of(request.POST, page=self)
            return self.render_form(request, form, problem="refused", status=400)

        form = EnquiryForm(request.POST, page=self)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        with transaction.atomic():
            enquiry = form.save()
            # Announced only once stored for good; a failed e-mail is logged
            # and leaves the stored enquiry and the thank-you page alone.
            transaction.on_commit(lambda: notify_admissions(enquiry))
        thanks_url = self.get_url(request) + self.reverse_subpage("thanks")
        return HttpResponseRedirect(thanks_url, status=303)

    @path("thanks/")
    def thanks(self, request):
        return self.render(request, template="admissions/enquiry_page_thanks.html")

    def render_form(self, request, form, problem=None, status=200):
        self.fragment_cache_vary = "error" if problem or form.errors else None
        response = self.render(
            request, context_overrides={"form": form, "problem": problem}
        )
        response.status_code = status
        return response
