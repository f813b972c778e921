"""What keeps cached pages and fragments true: every change that could alter
what a visitor sees moves the content version (fragments, routes) and
purges the pages that show it (the page cache, a CDN). Connected in
CachingConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from treebeard.mp_tree import path_updated
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
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
from caching.purge import (
    purge_documents,
    purge_for,
    purge_old_addresses,
    purge_pages,
    purge_privacy_of_collections,
    purge_privacy_of_pages,
)
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
    before, after = kwargs["parent_page_before"], kwargs["parent_page_after"]
    if before.pk == after.pk:
        purge_for(changed_pages=[instance])  # reordered among its siblings
        return
    # Under another section it may now be private (or public), with every
    # page below it; and the listing it left no longer shows it.
    purge_privacy_of_pages([instance])
    purge_pages([before])


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


# Who may see what ---------------------------------------------------------
# A view restriction set, changed or removed, on a page or a collection,
# changes who may see the page and those below it, or the collection's
# files: the public copies in the page cache and a CDN go at once, and the
# content version moves (listings of fragments show only public pages).


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def page_restriction_changed(sender, instance, raw=False, **kwargs):
    # The content version moved with the save (content_version_moves).
    if not raw:
        purge_privacy_of_pages(Page.objects.filter(pk=instance.page_id))


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def page_restriction_groups_changed(sender, instance, action, reverse, **kwargs):
    restrictions = restrictions_regrouped(
        PageViewRestriction, instance, action, reverse, kwargs["pk_set"]
    )
    if restrictions:
        ContentVersion.bump()
        page_ids = [restriction.page_id for restriction in restrictions]
        purge_privacy_of_pages(Page.objects.filter(pk__in=page_ids))


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def collection_restriction_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        ContentVersion.bump()
        purge_privacy_of_collections(
            Collection.objects.filter(pk=instance.collection_id)
        )


@receiver(m2m_changed, sender=CollectionViewRestriction.groups.through)
def collection_restriction_groups_changed(sender, instance, action, reverse, **kwargs):
    restrictions = restrictions_regrouped(
        CollectionViewRestriction, instance, action, reverse, kwargs["pk_set"]
    )
    if restrictions:
        ContentVersion.bump()
        collection_ids = [restriction.collection_id for restriction in restrictions]
        purge_privacy_of_collections(Collection.objects.filter(pk__in=collection_ids))


def restrictions_regrouped(model, instance, action, reverse, pk_set):
    """The restrictions (of `model`) whose groups an m2m_changed signal
    changes: from the restriction's side (`restriction.groups.add()`) or
    from the group's (`group.pageviewrestriction_set.add()`)."""
    if pk_set is not None and not pk_set:
        return []  # nothing was added or removed
    if not reverse:
        return [instance] if action in ("post_add", "post_remove", "post_clear") else []
    if action in ("post_add", "post_remove"):
        return list(model.objects.filter(pk__in=pk_set))
    if action == "pre_clear":  # afterwards, nothing says which they were
        return list(model.objects.filter(groups=instance))
    return []


@receiver(path_updated, sender=Collection)
def collection_moved(sender, old_path, new_path, **kwargs):
    # treebeard's signal: a collection and those below it moved, perhaps
    # under a private collection, or out of one. (Wagtail's admin saves the
    # collection before it moves it: post_save comes too early.)
    if old_path[: -Collection.steplen] == new_path[: -Collection.steplen]:
        return  # reordered among its siblings: the same parent, the same privacy
    ContentVersion.bump()
    purge_privacy_of_collections(Collection.objects.filter(path=new_path))


@receiver(post_save, sender=get_document_model())
@receiver(post_delete, sender=get_document_model())
def document_changed(sender, instance, raw=False, **kwargs):
    # The pages that show it are purged as for any content (above); a CDN
    # may keep the file itself too, now perhaps in a private collection.
    if not raw:
        purge_documents([instance])


@receiver(review_changed)
def review_fields_changed(sender, page, **kwargs):
    # An approval, a reset or an expiry changes what the page's notice says.
    ContentVersion.bump()
    purge_for(changed_pages=[page])
