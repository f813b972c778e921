"""Delete inquiries older than the retention period (Settings → Admissions,
for the default site), unless admissions marked them to keep, and blank the
client keys that the inquiry rate limit no longer needs. Run daily."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from admissions.models import ENQUIRY_EXPIRED, AdmissionsSettings, Enquiry
from admissions.ratelimits import forget_client_keys


class Command(BaseCommand):
    help = (
        "Delete inquiries older than the retention period in Settings → "
        "Admissions, except those marked to keep."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        site = Site.objects.get(is_default_site=True)
        days = AdmissionsSettings.for_site(site).enquiry_retention_days
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = Enquiry.objects.filter(received_at__lt=cutoff)
        expired = list(old.filter(kept=False).order_by("pk"))
        kept = old.filter(kept=True).count()
        # Counts only: the output goes to cron's mail and logs.
        summary = f"older than {days} days ({kept} kept on purpose stay)"
        if dry_run:
            self.stdout.write(f"Would delete {len(expired)} inquiries {summary}.")
            return
        with transaction.atomic():
            for inquiry in expired:
                # The history keeps that it existed (its number and time).
                log(instance=inquiry, action=ENQUIRY_EXPIRED)
            Enquiry.objects.filter(pk__in=[e.pk for e in expired]).delete()
            forget_client_keys()
        self.stdout.write(f"Deleted {len(expired)} inquiries {summary}.")
