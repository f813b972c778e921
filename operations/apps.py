from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: the load balancer's probes, the page shown while the
    database is down, the request log, security headers, backup and restore,
    and the benchmark."""

    name = "operations"
    verbose_name = "Operations"
