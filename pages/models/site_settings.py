"""The practice's site-wide settings: contact details, the pages every page
links to and the logo. (What every page says about crisis lines and reaching
admissions is site text, `pages.models.site_text`, whose changes the Medical
Director approves; the review interval is the Medical Director's own setting,
`review.ClinicalReviewSettings`.)"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from pages.panels import PhoneConfirmationPanel
from pages.phones import tel_uri, validate_phone
from richtext.page_links import PAGE_LINK_FIELDS


class PhoneField(models.CharField):
    """A phone number as visitors should read it, validated to be diallable."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("validators", [validate_phone])
        super().__init__(*args, **kwargs)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Practice details (Settings → Practice details): the practice's name,
    phone, address, the pages every page links to and the logo. Every
    template reads them, so a change here shows on every page at once; a new
    phone number is shown as visitors will see it and saved only once
    confirmed (`PracticeDetailsForm`), and every change of it is logged in
    the site history.
    """

    # base_form_class: pages.forms.PracticeDetailsForm, set by
    # PagesConfig.ready() (that module loads Wagtail's image forms, which
    # need every model loaded first).

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
        "links to it; the button's text is in Crisis lines and notices.",
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

    panels = [
        HelpPanel(
            content="<p>The crisis lines, the availability note and the "
            "contact button's text are under Settings → Crisis lines and "
            "notices: the Medical Director approves their changes before they "
            "go live.</p>"
        ),
        MultiFieldPanel(
            [
                FieldPanel("practice_name"),
                FieldPanel("phone"),
                PhoneConfirmationPanel(heading="New phone number"),
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
    def locality(self):
        """ "Laguna Hills, CA": the short form of where the practice is."""
        return ", ".join(part for part in (self.city, self.region) if part)
