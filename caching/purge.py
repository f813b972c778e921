"""Purging the page cache exactly (and a CDN in front, if any).

Purging (`purge_for`) is one mechanism for every kind of change. What shows
an object is found in Wagtail's reference index, transitively (a Reference
cited by an FAQ shown on a page purges that page), plus what listing pages
declare they aggregate (`page_cache_aggregates`). Around each affected page:
its parent (listings show their children), its descendants (breadcrumbs and
URLs), and, if it is in the menus, the whole site. Settings are shown on every
page, so a settings change purges the whole site. The receivers in
`caching.receivers` call it: page publish, unpublish, move and delete;
snippet, image, document and settings saves and deletes; and clinical review
changes (`review.signals`). A page that
moves or takes a new slug also purges its old addresses and those of the
pages below it (`purge_old_addresses`). When `WAGTAILFRONTENDCACHE`
configures a CDN, the same pages are purged there through
`wagtail.contrib.frontend_cache` (for the whole site, every live page).

Who may see what: a view restriction set, changed (its groups too) or
removed on a page, or a page moved to another section, purges the page,
every page below it and what shows any of them (`purge_privacy_of_pages`),
and the listing it left. A collection's restriction, or a collection moved
under another, purges the pages showing any document or image in it or
below it, and the documents' own addresses at a CDN
(`purge_privacy_of_collections`); the root collection, every page. A saved
or deleted document is purged at its address at a CDN (`purge_documents`).
"""

from urllib.parse import unquote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site, get_page_models

from caching.page_cache import SITE_GENERATION, page_cache, path_generation_key


def page_paths(page):
    """The paths (relative to its site's root) at which `page` is served, as
    the page cache keys them: decoded, as in request.path (Wagtail's URLs
    percent-encode a slug such as "café")."""
    parts = page.get_url_parts()
    return [unquote(parts[2])] if parts and parts[2] else []


def purge_paths(paths):
    cache = page_cache()
    for path in set(paths):
        key = path_generation_key(path)
        # add() then incr(): atomic in Redis, and the first purge of a path
        # still moves it off the generation a request may have read (0).
        cache.add(key, 0, None)
        try:
            cache.incr(key)
        except ValueError:  # evicted between add() and incr()
            cache.set(key, 1, None)


def purge_site():
    cache = page_cache()
    cache.add(SITE_GENERATION, 0, None)
    try:
        cache.incr(SITE_GENERATION)
    except ValueError:
        cache.set(SITE_GENERATION, 1, None)


def referencing_objects(objects):
    """(content type id, object id) of everything that references `objects`,
    as the reference index records it (pages, snippets, settings), in one
    query however many objects (every file of a collection)."""
    references = ReferenceIndex.get_references_to_in_bulk(list(objects))
    return set(references.values_list("base_content_type_id", "object_id"))


def pages_showing(objects):
    """(page ids, whole site?) for everything that shows any of `objects`."""
    page_type = ContentType.objects.get_for_model(Page).id
    page_ids, whole_site = set(), False
    seen = {(ContentType.objects.get_for_model(o).id, str(o.pk)) for o in objects}
    frontier = list(objects)
    shown = {type(obj) for obj in objects}  # listings of a kind show them all
    while frontier and not whole_site:
        referrers = referencing_objects(frontier) - seen
        seen |= referrers
        frontier = []
        for type_id, object_id in referrers:
            if type_id == page_type:
                page_ids.add(int(object_id))
                continue
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None:
                continue
            if issubclass(model, (BaseSiteSetting, BaseGenericSetting)):
                whole_site = True
            else:
                # A snippet that shows the object: who shows the snippet?
                frontier.extend(model._default_manager.filter(pk=object_id))
                shown.add(model)
    for model in shown:
        page_ids |= set(aggregating_pages(model))
    return page_ids, whole_site


def aggregating_pages(model):
    """Pages whose type lists `model` in `page_cache_aggregates`: listings
    that show every object of a kind (the FAQ hub shows every question)."""
    ids = []
    for page_model in get_page_models():
        aggregates = getattr(page_model, "page_cache_aggregates", ())
        if any(issubclass(model, kind) for kind in aggregates):
            ids += page_model.objects.values_list("pk", flat=True)
    return ids


def in_main_menu(page):
    """Children of a site's root page make the main menu (when marked to
    show in menus; a page unmarked a moment ago was in it), which every page
    shows."""
    return any(
        page.path.startswith(root) and len(page.path) == len(root) + Page.steplen
        for root in Site.objects.values_list("root_page__path", flat=True)
    )


def purge_plan(objects=(), changed_pages=()):
    """What to purge for a change: (paths, pages, whole site?). Worked out
    before a deletion, while the reference index still knows the object."""
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    changed_pages = [page for page in changed_pages if page.pk is not None]
    site_wide = (BaseSiteSetting, BaseGenericSetting, Site)
    if any(isinstance(obj, site_wide) for obj in objects):
        return [], [], True  # the practice's details are on every page
    if any(in_main_menu(page) for page in changed_pages):
        return [], [], True
    page_ids, whole_site = pages_showing([*objects, *changed_pages])
    if whole_site:
        return [], [], True
    page_ids |= {page.pk for page in changed_pages}
    pages = list(Page.objects.filter(pk__in=page_ids))
    for page in list(pages):
        parent = page.get_parent()
        if parent is not None:
            pages.append(parent)  # listings show their children
    for page in changed_pages:
        pages += page.get_descendants()  # breadcrumbs, addresses
    pages = list({page.pk: page for page in pages}.values())  # one purge each
    paths = [path for page in pages for path in page_paths(page)]
    return paths, pages, False


def carry_out(paths, pages, whole_site):
    if whole_site:
        purge_site()
        # At a CDN: every live page, at each address it is served at (a
        # changed crisis line must not linger on any page there).
        purge_frontend(pages=Page.objects.live())
    else:
        purge_paths(paths)
        purge_frontend(pages=pages)


def purge_for(*objects, changed_pages=()):
    """Purge every cached page that shows any of `objects`, and the
    `changed_pages` with what surrounds them: now, and again once the
    change is committed (a request that read the old content in between
    is purged too)."""
    plan = purge_plan(objects, changed_pages)
    carry_out(*plan)
    transaction.on_commit(lambda: carry_out(*plan))


def purge_everything():
    """Purge every page (of every site), now and once committed."""
    carry_out([], [], True)
    transaction.on_commit(lambda: carry_out([], [], True))


def purge_privacy_of_pages(pages):
    """Who may see `pages` changed (a view restriction on them was set,
    changed or removed, or they moved): purge them and every page below
    them, with what shows any of them (a listing that hides private pages,
    a link to one)."""
    pages = list(pages)
    below = [descendant for page in pages for descendant in page.get_descendants()]
    # The pages below are purged with `pages`; those showing them are found
    # in one look at the reference index.
    purge_for(*below, changed_pages=pages)


def purge_pages(pages):
    """Purge exactly `pages` (a listing a page left), now and once
    committed."""
    pages = [page for page in pages if page is not None]
    paths = [path for page in pages for path in page_paths(page)]
    carry_out(paths, pages, False)
    transaction.on_commit(lambda: carry_out(paths, pages, False))


def files_in(collections):
    """The documents and images in `collections` and the ones below them."""
    below = Q()
    for collection in collections:
        below |= Q(collection__path__startswith=collection.path)
    return (
        list(get_document_model().objects.filter(below)),
        list(get_image_model().objects.filter(below)),
    )


def purge_privacy_of_collections(collections):
    """Who may see the files of `collections` (and of the collections below
    them) changed: purge the pages showing any of them, and the documents'
    own addresses at a CDN. The root collection holds every file of the
    site: every page is purged, without looking each file up."""
    collections = [c for c in collections if c is not None]
    documents, images = files_in(collections)
    if any(collection.is_root() for collection in collections):
        purge_everything()
    else:
        purge_for(*documents, *images)
    purge_documents(documents)


def document_urls(documents):
    """The full URLs of `documents` at each site, as a CDN keeps them."""
    root_urls = {site.root_url for site in Site.objects.all()}
    urls = set()
    for document in documents:
        if document.url.startswith(("http://", "https://")):
            urls.add(document.url)  # served by the storage, not by Wagtail
        else:
            urls |= {root_url + document.url for root_url in root_urls}
    return urls


def purge_documents(documents):
    """Purge `documents` at a CDN (the page cache never holds them), now
    and once committed: a document now private is not served from there."""
    if not settings.WAGTAILFRONTENDCACHE or not documents:
        return
    urls = document_urls(documents)

    def purge():
        purge_frontend(urls=urls)

    purge()
    transaction.on_commit(purge)


def purge_frontend(pages=(), urls=()):
    """The same purge at a CDN, when one is configured: the pages at every
    address they are served at, and the full `urls`."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch(urls)
    batch.add_pages(pages)
    batch.purge()


def purge_old_addresses(page, url_path_before, url_path_after):
    """A page that moved or took a new slug leaves its old address, and so
    does every page below it: purge what is cached there (Wagtail's
    automatic redirects answer there now), now and once committed."""
    if url_path_before == url_path_after:
        return  # a reorder among siblings
    old_url_paths = [
        url_path_before + moved.url_path[len(url_path_after) :]
        for moved in [page, *page.get_descendants()]
    ]
    urls = {}  # old path (relative to its site's root) -> full URL
    for root in Site.get_site_root_paths():
        for old_url_path in old_url_paths:
            if old_url_path.startswith(root.root_path):
                path = old_url_path[len(root.root_path) - 1 :]
                urls[path] = root.root_url + path

    def purge():
        purge_paths(urls)
        purge_frontend(urls=urls.values())

    purge()
    transaction.on_commit(purge)
