"""Signal receivers for pages."""

from django.dispatch import receiver
from wagtail.signals import page_published

from pages.models.articles import LastUpdatedMixin


@receiver(page_published)
def move_last_updated(sender, instance, **kwargs):
    if isinstance(instance, LastUpdatedMixin):
        instance.record_publication()
