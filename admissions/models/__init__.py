"""The admissions app's models: what an inquiry stores and how long it is
kept (`enquiry`), and the form page visitors send it from (`page`)."""

from .enquiry import (
    ENQUIRY_EXPIRED,
    ENQUIRY_EXPORTED,
    ENQUIRY_VIEWED,
    LOG_ACTIONS,
    AdmissionsSettings,
    Enquiry,
    validate_callback_number,
    validate_date_of_birth,
)
from .page import HONEYPOT_FIELD, EnquiryPage

__all__ = [
    "ENQUIRY_EXPIRED",
    "ENQUIRY_EXPORTED",
    "ENQUIRY_VIEWED",
    "HONEYPOT_FIELD",
    "LOG_ACTIONS",
    "AdmissionsSettings",
    "Enquiry",
    "EnquiryPage",
    "validate_callback_number",
    "validate_date_of_birth",
]
