"""The access audit: one row for each sign-in, failure, sign-out and change
to a second factor (HIPAA 45 CFR 164.312(b), audit controls)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessEvent(models.Model):
    """Something that happened to a staff account's access, as administrators
    read it under Reports → Access log. Written once and never changed; it
    holds no password, code or secret, and the client address only as
    ACCESS_LOG_IP allows."""

    class Event(models.TextChoices):
        SIGNED_IN = "signed_in", "Password accepted"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        VERIFIED = "verified", "Second factor verified"
        VERIFY_FAILED = "verify_failed", "Second factor failed"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        RECOVERY_CODES_CREATED = "recovery_codes_created", "New recovery codes"
        ENROLLED = "enrolled", "Second factor enrolled"
        RESET = "reset", "Second factor reset"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGNED_OUT = "signed_out", "Signed out"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"

    class Reason(models.TextChoices):
        USER = "user", "By the user"
        IDLE = "idle", "Idle time-out"
        SESSION_LIMIT = "session_limit", "Session time limit"
        LOCKED_OUT = "locked_out", "Locked out"

    occurred_at = models.DateTimeField("time", default=timezone.now, db_index=True)
    event = models.CharField(max_length=32, choices=Event.choices, db_index=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    # The account, when there is one; kept as a name if it is deleted later.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("username given", max_length=150, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    # Who did it, where that is someone else (an administrator's reset).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="by",
    )
    actor_username = models.CharField("by (username)", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("client address", null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = "access event"
        # Nobody is granted anything: superusers read the log, nobody writes.
        default_permissions = ()

    def __str__(self):
        when = timezone.localtime(self.occurred_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.get_event_display()}: {self.username or 'unknown'} ({when})"

    def save(self, *args, **kwargs):
        # An audit trail that could be edited would prove nothing.
        if self.pk is not None:
            raise ValueError("Access events are recorded once and never changed.")
        super().save(*args, **kwargs)
