from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewConfig(AppConfig):
    """Clinical review: who may approve, what an approval records, and
    keeping every clinical page's status true as content changes."""

    name = "review"
    verbose_name = "Clinical review"

    def ready(self):
        # Django's way to connect signal receivers: once the apps are loaded.
        from review import receivers

        post_migrate.connect(receivers.review_again_after_migrating, sender=self)
