from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The page cache, the route cache and the fragment cache, the content
    version that keys them, and the purges that keep them true."""

    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        # Django's way to connect signal receivers: once the apps are loaded.
        from caching import receivers  # noqa: F401
