"""What an inquiry stores (`Enquiry`), how long the site keeps it and when
admissions calls back (`AdmissionsSettings`), and the rules for what a
visitor may send.

An inquiry to an addiction-treatment program is protected health
information: the form asks only for what admissions needs, stores the
submission before anything else happens, announces it to the Admissions group
without any of its contents, and the submissions are deleted after the
retention period unless kept on purpose. Only the Admissions group (and
administrators) can read them: see `wagtail_hooks.py`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from pages.models import phone_digits, validate_phone

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

# What an inquiry's history records besides Wagtail's own edit and delete:
# who read it, who exported it, and its deletion by the retention job. Each
# entry is labeled with the inquiry's number and time, never a name.
ENQUIRY_VIEWED = "admissions.enquiry.view"
ENQUIRY_EXPORTED = "admissions.enquiry.export"
ENQUIRY_EXPIRED = "admissions.enquiry.expire"
LOG_ACTIONS = {
    ENQUIRY_VIEWED: ("View inquiry", "Viewed"),
    ENQUIRY_EXPORTED: ("Export inquiry", "Exported as CSV"),
    ENQUIRY_EXPIRED: (
        "Delete expired inquiry",
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
    """How long the site keeps the inquiries visitors send, and what the
    thank-you page promises about a reply."""

    enquiry_retention_days = models.PositiveIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        verbose_name="Keep inquiries for (days)",
        help_text="Inquiries older than this are deleted every night, unless "
        "admissions marked them to keep past the retention period.",
    )
    reply_time = models.CharField(
        max_length=120,
        blank=True,
        verbose_name="When admissions replies",
        help_text="How soon admissions calls or emails back, as the thank-you "
        "page finishes the sentence “Our admissions team will contact you …”, "
        "for example “within one business day”. Enter only what admissions "
        "keeps to; leave empty and the page says “as soon as we can”.",
    )

    panels = [FieldPanel("enquiry_retention_days"), FieldPanel("reply_time")]

    class Meta:
        verbose_name = "Admissions"


class Enquiry(models.Model):
    """One submission of the inquiry form, read by the Admissions group only.

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
        help_text="Kept inquiries are not deleted when the retention period "
        "(Settings → Admissions) runs out. Uncheck when no longer needed.",
    )
    # A keyed hash of the sender's network, never the address: the form
    # counts one client's recent inquiries by it without a cache
    # (admissions/ratelimits.py), and blanks it once no count needs it.
    client_key = models.CharField(max_length=32, blank=True, editable=False)

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
        verbose_name = "inquiry"
        verbose_name_plural = "inquiries"
        # Inquiries arrive only through the public form.
        default_permissions = ("view", "change", "delete")
        indexes = [
            models.Index(
                fields=["client_key", "received_at"], name="enquiry_client_recent"
            )
        ]

    def __str__(self):
        # Shown in the admin, its history and emails: never the person's name.
        if self.pk is None:
            return "Inquiry (not saved)"
        received = timezone.localtime(self.received_at)
        return f"Inquiry #{self.pk} ({received:%b %d, %Y %H:%M})"
