"""What clinical review keeps besides the pages' own fields: the review
interval (a setting of the Medical Director's) and the record of approvals.

Nothing here imports the rest of the review app, so its rules can read these
models while the app loads."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="clipboard-list")
class ClinicalReviewSettings(BaseSiteSetting):
    """How long a clinical review holds (Settings › Clinical review). Only
    the Medical Director group and administrators may change it (the
    permission is theirs alone): a longer interval must not quietly revive
    reviews. A review's due date is fixed when it is approved; a new
    interval applies to later approvals."""

    interval_months = models.PositiveSmallIntegerField(
        "Review interval (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="A clinical review falls due this many months after it is "
        "approved. Changing it applies to approvals from now on; pages "
        "already reviewed keep the due date they were approved with.",
    )

    panels = [FieldPanel("interval_months")]

    class Meta:
        verbose_name = "Clinical review"


class Approval(models.Model):
    """One approval by the Medical Director, kept for the record and for
    comparing later content with it: who, when, which revision, and the
    approved content as text (`review.content`), snippets' text included."""

    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fingerprint = models.CharField(max_length=64)
    content = models.JSONField(default=list)  # [[label, text], ...]
    # Approved again as still accurate, with no change since the last one.
    renewal = models.BooleanField(default=False)

    class Meta:
        ordering = ["-approved_at", "-pk"]

    def __str__(self):
        return f"Approval of revision {self.revision_id} on {self.approved_at:%Y-%m-%d}"
