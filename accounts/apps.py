from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in: the second factor, lockout, time-outs and the access audit."""

    name = "accounts"
    verbose_name = "Staff sign-in"

    def ready(self):
        # Imported for their side effects: the signal receivers that record
        # sign-ins, sign-outs and lockouts, and the settings' system checks.
        from accounts import audit, checks  # noqa: F401
