"""Signal receivers for pages: an article's "Last updated" date, and the
site history's record of every change of the practice's phone."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.log_actions import log
from wagtail.signals import page_published

from pages.models import SiteSettings
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
