"""What keeps cached pages and fragments true: every change that could alter
what a visitor sees moves the content version (fragments, routes) and
purges the pages that show it (the page cache, a CDN). Connected in
CachingConfig.ready()."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)
from wagtail.signals import published as snippet_published
from wagtail.signals import unpublished as snippet_unpublished

from caching.fragments import is_content
from caching.models import ContentVersion
from caching.purge import purge_for, purge_old_addresses
from review.signals import review_changed

# The content version ----------------------------------------------------


@receiver(post_save)
@receiver(post_delete)
def content_version_moves(sender, instance, raw=False, **kwargs):
    if not raw and is_content(instance):
        ContentVersion.bump()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(snippet_published)
@receiver(snippet_unpublished)
def content_version_moves_on_publish(sender, **kwargs):
    ContentVersion.bump()


# The page cache -----------------------------------------------------------


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    purge_for(changed_pages=[instance])


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    purge_old_addresses(instance, url_path_before, url_path_after)
    purge_for(changed_pages=[instance])


@receiver(page_slug_changed)
def page_renamed(sender, instance, instance_before, **kwargs):
    # Sent once the new slug is committed; the page's new address and what
    # shows it were purged when it was published.
    purge_old_addresses(instance, instance_before.url_path, instance.url_path)


@receiver(snippet_published)
@receiver(snippet_unpublished)
def snippet_changed(sender, instance, **kwargs):
    if not isinstance(instance, Page):  # pages: page_published, above
        purge_for(instance)


@receiver(post_save)
def purge_saved_content(sender, instance, raw=False, **kwargs):
    # Pages change what visitors see when published, not when saved.
    if raw or isinstance(instance, Page) or not is_content(instance):
        return
    purge_for(instance)


@receiver(pre_delete)
def purge_deleted_content(sender, instance, **kwargs):
    # Before the reference index forgets who showed it.
    if type(instance).__module__ == "__fake__" or not is_content(instance):
        return
    if isinstance(instance, Page):
        purge_for(changed_pages=[instance.specific_deferred])
    else:
        purge_for(instance)


@receiver(review_changed)
def review_fields_changed(sender, page, **kwargs):
    # An approval, a reset or an expiry changes what the page's notice says.
    ContentVersion.bump()
    purge_for(changed_pages=[page])
