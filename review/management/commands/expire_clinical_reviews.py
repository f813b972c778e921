"""Record reviews that have passed the review interval, and tell the Medical
Director group which pages need reviewing again. Meant for a daily cron job;
the public pages already show expiry the moment it happens."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse

from pages.models import ReviewStatus
from review.notify import medical_director_emails
from review.recording import refresh_review_status
from review.rules import clinical_page_models


class Command(BaseCommand):
    help = "Mark clinical reviews older than the review interval as expired."

    def handle(self, *args, **options):
        expired = []
        for model in clinical_page_models():
            for page in model.objects.live().filter(
                review_status=ReviewStatus.REVIEWED
            ):
                if refresh_review_status(page) == ReviewStatus.EXPIRED:
                    expired.append(page)
        if expired:
            self.notify(expired)
        self.stdout.write(f"{len(expired)} clinical review(s) expired.")

    def notify(self, pages):
        recipients = medical_director_emails()
        if not recipients:
            return
        lines = [
            f"- {page.title}: {settings.WAGTAILADMIN_BASE_URL}"
            f"{reverse('wagtailadmin_pages:edit', args=[page.pk])}"
            for page in pages
        ]
        send_mail(
            subject=f"{len(pages)} clinical page(s) are due for review again",
            message="These pages' clinical reviews are older than the review "
            "interval. They now show as awaiting review until you approve "
            "them again:\n\n" + "\n".join(lines),
            from_email=None,
            recipient_list=recipients,
        )
