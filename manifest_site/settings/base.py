"""Settings shared by every environment.

Safe for production as it stands: DEBUG is off and there is no default secret
key. Everything that differs between machines comes from the environment; each
variable is listed in `.env.example` and the README.
"""

import os
from pathlib import Path

import dj_database_url

from .caches import *  # noqa: F403 (the cache and what lives in it)
from .env import env_bool, env_list
from .media import media_storage_backend
from .security import *  # noqa: F403 (headers, CSP, cookies)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Whether demo accounts may be created by `load_demo`; only dev and test allow it.
DEMO_USERS_ALLOWED = False
# Whether `load_demo` may run without --force; production refuses.
DEMO_CONTENT_ALLOWED = True

INSTALLED_APPS = [
    # The project's apps, in layers (pyproject.toml, [tool.importlinter]).
    "richtext",
    "references",
    "faq",
    "pages",
    "review",
    "admissions",
    "accounts",
    "caching",
    "search",
    "operations",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_ratelimit",
    "csp",
    # Staff sign-in (accounts/): one-time codes, recovery codes, lockout.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: one log line per request, probes and cached pages included.
    "operations.middleware.RequestLogMiddleware",
    # The load balancer's /healthz and /readyz, before HTTPS redirects and
    # host validation (the probes use the server's own address).
    "operations.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "caching.page_cache.PageCacheMiddleware",
    # The 503 page for anything below that finds the database down.
    "operations.middleware.DatabaseUnavailableMiddleware",
    "operations.middleware.ContentSecurityPolicyMiddleware",
    "caching.fragments.ContentVersionMiddleware",
    # Wagtail's routing of a page URL, kept for the content version above.
    "caching.route_cache.RouteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A POSTed form that cannot be read (too large, not UTF-8): the branded
    # 400, before the CSRF check reads it (operations/unreadable_forms.py).
    "operations.unreadable_forms.UnreadableFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sign-in (accounts/): which second factor verified the session,
    # then the idle and 12-hour limits, then a verified second factor for
    # every admin URL.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # Wagtail's admin API and page chooser, only for staff who work with
    # pages, images or documents (pages/middleware.py).
    "pages.middleware.AdminContentAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a lockout into the sign-in page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username or client before any
# password is checked (settings/security.py, "Staff sign-in"); ModelBackend
# then checks the password. AxesBackend (not AxesStandaloneBackend) because
# it can also load a session's user, which code that signs in with the first
# backend (Wagtail's test helpers) needs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "manifest_site.urls"
WSGI_APPLICATION = "manifest_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site_settings",
                "pages.context_processors.site_text",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:password@host:5432/name.
# Without it, an SQLite file in the project directory (development only;
# production.py insists on DATABASE_URL).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Give up connecting after 5 seconds (DATABASE_URL's ?connect_timeout= wins):
# when the database host stops answering, visitors get the 503 page at once
# rather than waiting until gunicorn kills the worker.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "").strip().lower() or "local"

STORAGES = {
    "default": media_storage_backend(MEDIA_STORAGE),
    # Hashed names (cache forever) and gzip/brotli copies, served by whitenoise.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Wagtail's page editor posts many fields for long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest form a request may send, files not counted: 1 MB, where an
# inquiry at its longest is about 20 KB (2,000 characters of message, each
# percent-encoded) and the page editor's form of the longest demo article
# about 25 KB. A larger one gets the branded 400 (operations/
# unreadable_forms.py). Uploaded images and documents are files, limited by
# WAGTAILIMAGES_MAX_UPLOAD_SIZE and WAGTAILDOCS_MAX_UPLOAD_SIZE below; the
# proxy's limits agree (README, "Running in production").
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Email: admissions notifications and Wagtail's workflow messages.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Manifest website <website@localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = "Manifest Behavioral Health"
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000"
).rstrip("/")
# Site search (search/results.py): PostgreSQL's full-text search, English
# stemming whatever the server's default configuration (SQLite's FTS5 in
# development ignores it). After changing it, run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "english",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are always sent through Wagtail's serve view, which applies
# collection privacy on every download; "redirect" (Wagtail's default for
# object storage) would hand out the file's own URL, which anyone could reuse.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Pages use an image's description as its alt text; this form tells staff so.
WAGTAILIMAGES_IMAGE_FORM_BASE = "pages.forms.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# `check_reference_links` fetches only public addresses: a reference's URL
# (or a redirect) that leads to this network, the machine itself or a cloud
# metadata service is reported as refused, not fetched. Host names listed
# here are fetched wherever they lead (the tests' local server).
REFERENCE_LINK_CHECK_ALLOWED_HOSTS = []
# Staff avatars would otherwise be fetched from gravatar.com, telling a third
# party who works in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# Clinical review: publishing a page while it waits for the Medical Director
# must not cancel the review; an approved review publishes only what it
# approved (review/workflow.py).
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = False
WAGTAIL_FINISH_WORKFLOW_ACTION = "review.workflow.finish_workflow"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "wagtail": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request, without personal data (RequestLogMiddleware).
        "manifest.requests": {
            "handlers": ["stdout"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
