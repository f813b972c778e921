"""Signal receivers for pages."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context, log
from wagtail.signals import page_published

from pages.forms import protected_fields
from pages.models import Clinician
from pages.models.articles import LastUpdatedMixin


@receiver(page_published)
def move_last_updated(sender, instance, **kwargs):
    if isinstance(instance, LastUpdatedMixin):
        instance.record_publication()


# Who a reviewer is, on a clinician's profile: changes are logged, and made
# only by the Medical Director group and administrators (pages.forms).
IDENTITY_CHANGED = "manifest.clinician.identity"
IDENTITY_LOG_FIELDS = ("name", "credentials", "role", "user")


def account_name(user_id):
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return user.get_username() if user else ""


@receiver(pre_save, sender=Clinician)
def guard_reviewer_identity(sender, instance, raw=False, **kwargs):
    """Refuse, whatever the path (a form, a restored revision, a publish),
    a change of who a reviewer is by a user who may not make it; remember
    what changed, for the log."""
    instance._identity_changes = {}
    saved = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    if raw or saved is None:
        return
    # Saving a draft writes only Wagtail's bookkeeping to the row.
    update_fields = kwargs.get("update_fields")
    changes = {}
    for name in IDENTITY_LOG_FIELDS:
        if (
            update_fields
            and name not in update_fields
            and (f"{name}_id" not in update_fields)
        ):
            continue
        attname = f"{name}_id" if name == "user" else name
        before, after = getattr(saved, attname), getattr(instance, attname)
        if before != after:
            if name == "user":
                before, after = account_name(before), account_name(after)
            changes[name] = [before, after]
    user = get_active_log_context().user
    if changes and set(changes) & set(protected_fields(saved, user)):
        raise PermissionDenied(
            "Only the Medical Director or an administrator can change who a "
            "reviewer is."
        )
    instance._identity_changes = changes


@receiver(post_save, sender=Clinician)
def log_reviewer_identity(sender, instance, raw=False, **kwargs):
    changes = getattr(instance, "_identity_changes", None)
    if changes and not raw:
        log(instance=instance, action=IDENTITY_CHANGED, data={"changes": changes})
