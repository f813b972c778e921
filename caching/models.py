"""One number that changes whenever published content may have changed.

Rendered fragments of public pages are cached under keys that include this
number (see `caching.content_version`), so a change anywhere (a page, a snippet,
an image, the site settings) retires every cached fragment at once, on every
app server, because the number lives in the shared database.
"""

from django.db import models, transaction


class ContentVersion(models.Model):
    """The site's content version: a single row, incremented in the database."""

    value = models.BigIntegerField(default=0)

    class Meta:
        # Created by the pages app before caching had an app of its own.
        db_table = "pages_contentversion"
        verbose_name = "content version"

    def __str__(self):
        return f"Content version {self.value}"

    @classmethod
    def current(cls):
        """The current number (0 before the first change)."""
        return cls.objects.filter(pk=1).values_list("value", flat=True).first() or 0

    @classmethod
    def bump(cls):
        """Increment the number now, and again once the surrounding transaction
        commits: the first increment becomes visible together with the
        change; the second covers writes made later in the same transaction.
        """
        cls._increment()
        transaction.on_commit(cls._increment)

    @classmethod
    def _increment(cls):
        if not cls.objects.filter(pk=1).update(value=models.F("value") + 1):
            cls.objects.get_or_create(pk=1, defaults={"value": 1})
