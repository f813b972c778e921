"""Signal receivers for pages: an article's "Last updated" date, and the
site history's record of every change of the practice's phone and of who a
reviewer is (which only the Medical Director and administrators change)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context, log
from wagtail.signals import page_published

from pages.forms import protected_fields
from pages.models import Clinician, SiteSettings
from pages.models.articles import LastUpdatedMixin

# The site history's entry for a new practice phone (pages.wagtail_hooks
# words it), with data {"from": old number, "to": new number}.
PHONE_CHANGED = "manifest.practice_phone.change"


@receiver(page_published)
def move_last_updated(sender, instance, **kwargs):
    if isinstance(instance, LastUpdatedMixin):
        instance.record_publication()


@receiver(pre_save, sender=SiteSettings)
def read_saved_phone(sender, instance, raw=False, update_fields=None, **kwargs):
    # Whatever saves it (the admin's form, a script, the demo loader): the
    # number before, for the log below.
    instance._phone_before = None
    if raw or (update_fields is not None and "phone" not in update_fields):
        return
    saved = sender.objects.filter(pk=instance.pk).values_list("phone", flat=True)
    instance._phone_before = (saved.first() if instance.pk else None) or ""


@receiver(post_save, sender=SiteSettings)
def log_phone_change(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_phone_before", None)
    instance._phone_before = None
    if raw or before is None or before == instance.phone:
        return
    # Who: Wagtail's log context (the signed-in user of an admin request).
    log(
        instance=instance,
        action=PHONE_CHANGED,
        data={"from": before, "to": instance.phone},
    )


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
