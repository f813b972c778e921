"""Emails to the Medical Director group about what waits for them. Each
names pages and staff only, never a visitor's data, and links to the admin."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from review.rules import MEDICAL_DIRECTOR_GROUP


def medical_director_emails():
    return list(
        get_user_model()
        .objects.filter(groups__name=MEDICAL_DIRECTOR_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def admin_url(name, *args):
    return f"{settings.WAGTAILADMIN_BASE_URL}{reverse(name, args=args)}"


def notify_sent_back(cause, pages):
    """One email for one change that sent reviewed `pages` back to clinical
    review: what changed and who changed it (`cause`), and the pages, once
    the change is committed."""
    recipients = medical_director_emails()
    if not recipients or not pages:
        return
    context = {
        "cause": cause,
        "pages": [
            (page.title, admin_url("wagtailadmin_pages:edit", page.pk))
            for page in pages
        ],
        "desk_url": admin_url("clinical_review_desk") + "?group=changed",
    }
    count = len(pages)
    subject = (
        f"{count} reviewed page{'s' if count != 1 else ''} went back to "
        f"clinical review: {cause['what']} changed"
    )
    message = render_to_string("review/email/sent_back.txt", context)
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=recipients,
        )
    )
