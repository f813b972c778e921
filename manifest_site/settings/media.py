"""Where uploaded media lives: the STORAGES entry that base.py builds from
MEDIA_STORAGE and the AWS_* variables (README, "Media storage")."""

import os

from django.core.exceptions import ImproperlyConfigured


def media_storage_backend(kind, environ=os.environ):
    """The STORAGES entry for uploaded images, their renditions and documents:
    local disk in MEDIA_ROOT ("local"), or an S3-compatible bucket that
    several app servers share ("s3", configured by the AWS_* variables in
    `environ`; README, "Media storage"). Anything else is refused rather than
    guessed at."""

    def value(name):
        return environ.get(name, "").strip() or None

    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r} "
            "(see .env.example and the README)."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": value("AWS_STORAGE_BUCKET_NAME"),
            # Only for services other than AWS: MinIO, Cloudflare R2, Spaces.
            "endpoint_url": value("AWS_S3_ENDPOINT_URL"),
            "region_name": value("AWS_S3_REGION_NAME"),
            # Unset, boto3 finds credentials itself: the server's instance or
            # task role, or ~/.aws.
            "access_key": value("AWS_ACCESS_KEY_ID"),
            "secret_key": value("AWS_SECRET_ACCESS_KEY"),
            # Files are linked at the practice's own media domain (a CDN or
            # proxy in front of the bucket), so public pages make no request
            # to the storage provider; the CSP admits that origin for images
            # (operations/middleware.py).
            "custom_domain": value("AWS_S3_CUSTOM_DOMAIN"),
            # Stable, unsigned URLs: a signed one expires (an hour by
            # default) while cached pages keep showing it, and changes on
            # every render. Documents are never linked by their file's URL
            # but through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD).
            "querystring_auth": False,
            # No per-object ACLs: the bucket stays private (S3's default of
            # "bucket owner enforced"); only the media domain reads it.
            "default_acl": None,
            # A new upload never replaces another file of the same name.
            "file_overwrite": False,
        },
    }
