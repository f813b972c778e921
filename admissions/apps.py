from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    """The admissions inquiry form, its submissions and their retention."""

    name = "admissions"
    verbose_name = "Admissions"

    def ready(self):
        # Django's way to register system checks: once the apps are loaded
        # (the checks' module reaches the Enquiry model).
        from admissions import checks  # noqa: F401
