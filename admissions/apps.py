from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    """The admissions enquiry form, its submissions and their retention."""

    name = "admissions"
    verbose_name = "Admissions"
