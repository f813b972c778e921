"""Phone numbers as visitors read them and as their phones dial them: the
practice's own (site settings), a local crisis line (site text) and the
national lines (`pages.crisis_lines`)."""

import re

from django.core.exceptions import ValidationError


def phone_digits(number):
    """The digits a phone dials: "1-800-662-4357" gives "18006624357"."""
    return re.sub(r"\D", "", number or "")


def dialed_digits(number):
    """The digits with the country code a phone dials from anywhere: US
    ten-digit numbers get +1; short codes such as 988 and 911 stay as they
    are, because that is how a phone dials them."""
    digits = phone_digits(number)
    if len(digits) == 10:
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+{digits}"
    return digits


def tel_uri(number):
    """A `tel:` URI for a displayed number: "(949) 735-5705" gives
    "tel:+19497355705"."""
    return f"tel:{dialed_digits(number)}"


def dialed_number(number):
    """What a phone dials, grouped for reading: "(949) 555-0100" gives
    "+1 949 555 0100"; a short code stays "988"."""
    dialed = dialed_digits(number)
    if dialed.startswith("+1") and len(dialed) == 12:
        return f"+1 {dialed[2:5]} {dialed[5:8]} {dialed[8:]}"
    return dialed


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
