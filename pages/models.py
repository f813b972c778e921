"""Page types and the practice's site-wide settings."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import PARAGRAPH_FEATURES, BodyBlock


def phone_digits(number):
    """The digits a phone dials: "1-800-662-4357" gives "18006624357"."""
    return re.sub(r"\D", "", number or "")


def tel_uri(number):
    """A `tel:` URI for a displayed number.

    US ten-digit numbers get +1; short codes such as 988 and 911 stay as they
    are, because that is how a phone dials them.
    """
    digits = phone_digits(number)
    if len(digits) == 10:
        digits = f"+1{digits}"
    elif len(digits) == 11 and digits.startswith("1"):
        digits = f"+{digits}"
    return f"tel:{digits}"


def validate_phone(number):
    """A number a visitor can dial: a 3-digit short code or a US number."""
    if re.search(r"[^\d\s().+-]", number):
        raise ValidationError(
            "Use only digits, spaces, brackets, dots, dashes and a leading +, "
            "e.g. (949) 735-5705."
        )
    digits = phone_digits(number)
    if len(digits) == 3 or len(digits) == 10:
        return
    if len(digits) == 11 and digits.startswith("1"):
        return
    raise ValidationError(
        "Enter a 3-digit short code (such as 988) or a 10-digit US number "
        "(such as (949) 735-5705)."
    )


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
                FieldPanel("privacy_page"),
            ],
            heading="Practice",
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


class HomePage(Page):
    """The front page: a hero that says what the practice does, an
    introduction, and a body of sections."""

    hero_heading = models.CharField(
        max_length=160,
        help_text="The page's one big heading. Defaults to the page title.",
        blank=True,
    )
    hero_text = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under it."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Hero link",
        help_text="Optional second button, e.g. to the levels of care.",
    )
    hero_link_text = models.CharField(max_length=60, blank=True)
    intro = RichTextField(features=PARAGRAPH_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_text"),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "Home page"

    def clean(self):
        super().clean()
        if self.hero_link_page and not self.hero_link_text:
            raise ValidationError(
                {"hero_link_text": "Give the hero link a text, or remove the link."}
            )


class StandardPage(Page):
    """A plain content page, such as About us or the privacy notice."""

    summary = models.TextField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown under the title.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "Standard page"
