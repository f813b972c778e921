"""Admin forms the pages app gives Wagtail: the image upload and edit form,
the clinician profile's, and the practice details'."""

from django import forms
from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.forms import BaseImageForm

from pages.groups import CLINICAL_GROUPS

IMAGE_DESCRIPTION_HELP = (
    "Describe the picture for someone who cannot see it; pages use this as "
    "the image's alt text, which screen readers read aloud. Say what matters "
    "on the page, e.g. “A counselor listening to a client in a quiet office”, "
    "not “image” or the file name."
)


class ImageForm(BaseImageForm):
    """The form staff upload and edit images with (set as
    `WAGTAILIMAGES_IMAGE_FORM_BASE`). Wagtail's description field has no help
    text, yet pages read an image's alt text from it, so staff are told."""

    class Meta(BaseImageForm.Meta):
        help_texts = {"description": IMAGE_DESCRIPTION_HELP}


# What a clinical review shows of its reviewer (kept with each review, too).
IDENTITY_FIELDS = ("name", "credentials", "role")


def is_clinical_staff(user):
    """Whether an account is a reviewer's (the Medical Director group's, or an
    administrator's): it changes who a reviewer is, and its profile's name,
    credentials and role are what reviews say."""
    return user.is_superuser or user.groups.filter(name__in=CLINICAL_GROUPS).exists()


def protected_fields(clinician, user):
    """The fields of `clinician`'s profile that `user` may not change: who a
    reviewer is. The account link, on any profile; the name, credentials and
    role, on a profile linked to a reviewer's account. None for the Medical
    Director group and administrators."""
    if user is None or is_clinical_staff(user):
        return ()
    linked = clinician.pk and type(clinician).objects.filter(pk=clinician.pk).first()
    if linked and linked.user is not None and is_clinical_staff(linked.user):
        return ("user", *IDENTITY_FIELDS)
    return ("user",)


class ClinicianForm(WagtailAdminModelForm):
    """A clinician's profile. Who a reviewer is (the account a profile links,
    and the name, credentials and role of a reviewer's profile) is changed
    only by the Medical Director group and administrators: for others those
    fields are shown, not editable, and hold the saved values whatever is
    posted or restored from an older revision. The account it links is a
    clinician's. Every change of them is logged (`pages.signals`)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "user" in self.fields:
            accounts = get_user_model().objects.filter(
                groups__name__in=CLINICAL_GROUPS, is_active=True
            )
            if self.instance.user_id:
                accounts = accounts | get_user_model().objects.filter(
                    pk=self.instance.user_id
                )
            self.fields["user"].queryset = accounts.distinct().order_by(
                "first_name", "last_name", "username"
            )
        saved = (
            type(self.instance).objects.filter(pk=self.instance.pk).first()
            if self.instance.pk
            else None
        )
        for name in protected_fields(self.instance, for_user):
            if name not in self.fields:
                continue
            self.fields[name].disabled = True
            self.fields[name].help_text = (
                "Only the Medical Director or an administrator can change "
                "this: reviews by this clinician show it."
            )
            # The saved value, not one restored from an older revision.
            value = getattr(saved, f"{name}_id" if name == "user" else name, None)
            self.initial[name] = value if saved else None


class PracticeDetailsForm(WagtailAdminModelForm):
    """The practice details (SiteSettings). Its phone is on every page at
    once (the header's call button, every call to action, the outage page),
    so a new number is shown as visitors will read and dial it
    (`PhoneConfirmationPanel`) and saved only once staff tick "Show this
    number on every page" beside it. The tick counts for the number shown
    beside it: changed again since, it is asked for again."""

    confirm_new_phone = forms.BooleanField(
        required=False, label="Show this number on every page"
    )
    # The number the confirmation showed, sent back with the tick.
    CONFIRMED_PHONE = "confirmed_phone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_phone = self.instance.phone if self.instance.pk else ""
        self.new_phone = None
        confirm = self.add_prefix("confirm_new_phone")
        if self.is_bound and confirm in self.data and not self.confirms_posted_phone():
            self.data = self.data.copy()
            self.data.pop(confirm)

    def confirms_posted_phone(self):
        shown = self.data.get(self.add_prefix(self.CONFIRMED_PHONE), "")
        return shown.strip() == self.data.get(self.add_prefix("phone"), "").strip()

    def clean(self):
        cleaned_data = super().clean()
        phone = cleaned_data.get("phone")
        if phone is not None and phone != self.saved_phone:
            self.new_phone = phone
            if not cleaned_data.get("confirm_new_phone"):
                self.add_error(
                    "confirm_new_phone",
                    f"Every page will show {phone} instead of "
                    f"{self.saved_phone or 'no number'}. Check it above as "
                    "visitors will see and dial it, then tick “Show this "
                    "number on every page” and save again.",
                )
        return cleaned_data
