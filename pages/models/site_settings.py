"""The practice's site-wide settings: contact details, crisis lines, review interval."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from pages.phones import phone_digits, tel_uri, validate_phone
from richtext.page_links import PAGE_LINK_FIELDS


class PhoneField(models.CharField):
    """A phone number as visitors should read it, validated to be diallable."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("validators", [validate_phone])
        super().__init__(*args, **kwargs)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The practice's contact details, crisis lines and review interval.

    Every template reads these, so changing the phone number or a crisis line
    here changes it on every page at once.
    """

    practice_name = models.CharField(max_length=120)
    phone = PhoneField(
        help_text="The admissions number as visitors should read it, "
        "e.g. (949) 735-5705. It becomes a tap-to-call link."
    )
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(
        max_length=50, help_text="State, e.g. CA.", verbose_name="State"
    )
    postcode = models.CharField(max_length=20, blank=True, verbose_name="ZIP code")
    service_area = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the practice serves, e.g. Adults across Orange County.",
    )
    availability_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="When and how to reach admissions, shown beside the phone.",
    )

    crisis_line_name = models.CharField(
        max_length=120, default="988 Suicide and Crisis Lifeline"
    )
    crisis_line_number = PhoneField(
        default="988", help_text="Call or text; shown on every page."
    )
    crisis_line_chat_url = models.URLField(
        blank=True,
        default="https://988lifeline.org/chat/",
        verbose_name="Crisis line chat address",
    )
    emergency_number = PhoneField(
        default="911", help_text="For immediate danger; shown on every page."
    )
    helpline_name = models.CharField(max_length=120, default="SAMHSA National Helpline")
    helpline_number = PhoneField(default="1-800-662-4357")
    helpline_note = models.CharField(
        max_length=200,
        default=(
            "Free, confidential treatment referral and information, 24/7. "
            "It is not a crisis line."
        ),
        help_text="Say what the line is for, so nobody in crisis calls it "
        "instead of 988 or 911.",
    )

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Privacy notice page",
        help_text="Linked from the footer of every page.",
    )

    enquiry_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Admissions contact page",
        help_text="The contact and insurance-check form. Every call to action "
        "links to it, with the page's title as the link text.",
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The practice's logo, shown in the header beside its name. "
        "Leave empty to use the built-in Manifest mark.",
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Default share image",
        help_text="Shown when a page without a hero image is shared in a "
        "message or on social media (at least 1200 by 630 pixels). Its "
        "description becomes the image's alt text. Leave empty to use the "
        "built-in one.",
    )

    clinical_review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="A clinical review older than this counts as expired.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("practice_name"),
                FieldPanel("phone"),
                FieldPanel("availability_note"),
                FieldPanel("service_area"),
                FieldPanel("enquiry_page"),
                FieldPanel("privacy_page"),
            ],
            heading="Practice",
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("share_image")],
            heading="Logo and share image",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("city"),
                FieldPanel("region"),
                FieldPanel("postcode"),
            ],
            heading="Address",
        ),
        MultiFieldPanel(
            [
                FieldPanel("crisis_line_name"),
                FieldPanel("crisis_line_number"),
                FieldPanel("crisis_line_chat_url"),
                FieldPanel("emergency_number"),
                FieldPanel("helpline_name"),
                FieldPanel("helpline_number"),
                FieldPanel("helpline_note"),
            ],
            heading="Crisis lines",
        ),
        MultiFieldPanel(
            [FieldPanel("clinical_review_interval_months")],
            heading="Clinical review",
        ),
    ]

    @classmethod
    def base_queryset(cls):
        # Every page links the privacy notice (footer) and the enquiry form
        # (calls to action): fetch what those links need with the settings
        # rather than in queries of their own. Every page shows the site's
        # crisis lines and notices too (`site_text`): in the same query.
        linked = ("privacy_page", "enquiry_page")
        related = (*linked, "logo", "share_image", "site__sitetextsettings")
        return cls.objects.select_related(*related).defer(
            *(
                f"{name}__{field.name}"
                for name in linked
                for field in Page._meta.concrete_fields
                if field.attname not in PAGE_LINK_FIELDS
            )
        )

    class Meta:
        verbose_name = "Practice details"

    @property
    def display_name(self):
        return self.practice_name or settings.WAGTAIL_SITE_NAME

    @property
    def phone_uri(self):
        return tel_uri(self.phone)

    @property
    def crisis_line_uri(self):
        return tel_uri(self.crisis_line_number)

    @property
    def crisis_line_sms_uri(self):
        return f"sms:{phone_digits(self.crisis_line_number)}"

    @property
    def emergency_uri(self):
        return tel_uri(self.emergency_number)

    @property
    def helpline_uri(self):
        return tel_uri(self.helpline_number)

    @property
    def locality(self):
        """ "Laguna Hills, CA": the short form of where the practice is."""
        return ", ".join(part for part in (self.city, self.region) if part)
