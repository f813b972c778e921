"""A staff member's second factor: one authenticator app (django-otp's TOTP
device) and a set of single-use recovery codes (its static device)."""

import secrets
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# Recovery codes: 16 characters of base32 (80 bits, the most django-otp's
# token field holds), shown in groups of four; lowercase letters and digits
# 2-7 only, so none can be misread as another.
RECOVERY_CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
RECOVERY_CODE_LENGTH = 16


def app_device(user, confirmed=True):
    """The user's authenticator app, confirmed (or awaiting confirmation)."""
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=confirmed)
        .order_by("-pk")
        .first()
    )


def pending_app_device(user):
    """The device being enrolled: the one awaiting its first code, or a new
    one with a fresh secret."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def secret_text(device):
    """The secret as an authenticator app takes it when typed in: base32,
    in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The device's otpauth:// address as an SVG QR code, drawn here so the
    secret is never sent to another service."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2
    )
    return image.to_string(encoding="unicode")


@transaction.atomic
def confirm_app_device(device):
    """The first right code confirms the device; other pending ones go."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()


def new_recovery_code():
    return "".join(
        secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH)
    )


def display_code(code):
    """A recovery code as shown: four groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(typed):
    """A code as typed (spaces, dashes, capitals) as it is stored."""
    return "".join(typed.split()).replace("-", "").lower()


@transaction.atomic
def replace_recovery_codes(user):
    """New recovery codes for the user; the old ones stop working. Returns
    them for showing once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return [display_code(code) for code in codes]


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user):
    device = recovery_device(user)
    return device.token_set.count() if device else 0


@transaction.atomic
def remove_second_factor(user):
    """Forget the user's app and recovery codes: they enroll again at their
    next request (a session verified with the old device stops being so)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
