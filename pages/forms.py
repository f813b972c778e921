"""Admin forms the pages app gives Wagtail: the image upload and edit form,
and the clinician profile's."""

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
    return user.is_superuser or user.groups.filter(name__in=CLINICAL_GROUPS).exists()


class ClinicianForm(WagtailAdminModelForm):
    """A clinician's profile. Its name, credentials and role say who vouches
    for a clinical page: only the Medical Director group and administrators
    change them (for others the fields are shown, not editable, and a posted
    value is ignored). The account it links is a clinician's."""

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
        if for_user is not None and not is_clinical_staff(for_user):
            for name in IDENTITY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = (
                        "Only the Medical Director or an administrator can "
                        "change this: every review by this clinician shows it."
                    )
