"""The one field staff type after their password: a code."""

import django_otp
from django import forms

from accounts.devices import app_device, normalize_code, recovery_device

WRONG_CODE = "That code didn’t work. Check your authenticator app and try again."
WAIT = "Too many wrong codes in a row. Wait a few seconds, then try a new code."


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app (or, where `recovery` is
    allowed, one of the user's recovery codes). `device` is the device that
    accepted it."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, user, devices, recovery=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices
        self.recovery = recovery
        self.device = None
        if recovery:
            self.fields["code"].help_text = (
                "The 6-digit code your authenticator app shows now, or one of "
                "your recovery codes."
            )
        else:
            self.fields[
                "code"
            ].help_text = "The 6-digit code your authenticator app shows now."

    def clean_code(self):
        typed = "".join(self.cleaned_data["code"].split())
        for device in self.devices:
            if device is None:
                continue
            token = normalize_code(typed) if self.is_recovery(device) else typed
            if django_otp.verify_token(self.user, device.persistent_id, token):
                self.device = device
                return typed
        # django-otp waits longer after each wrong code; say so rather than
        # refusing a right code without explanation.
        app = self.devices[0]
        if app is not None and not app.verify_is_allowed()[0]:
            raise forms.ValidationError(WAIT, code="throttled")
        raise forms.ValidationError(WRONG_CODE, code="invalid")

    def is_recovery(self, device):
        return device is not None and device.persistent_id.startswith("otp_static.")

    @property
    def used_recovery_code(self):
        return self.is_recovery(self.device)


def verify_form(user, data=None):
    """The sign-in's code form: the app's code or a recovery code."""
    return CodeForm(
        data,
        user=user,
        devices=[app_device(user), recovery_device(user)],
        recovery=True,
    )


def enroll_form(user, device, data=None):
    """The enrollment's code form: a code from the app being set up."""
    return CodeForm(data, user=user, devices=[device])
