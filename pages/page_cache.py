"""A full-page cache for anonymous visitors, purged exactly.

Serving: `PageCacheMiddleware` answers a GET for a Wagtail page from Django's
cache (Redis in production, so every app server shares it) before sessions,
the database or the page tree are touched. Logged-in staff (a session
cookie), previews and the admin (under /admin/), POSTs, and any response that
sets a cookie, varies on cookies (a CSRF token), is private or no-store (the
enquiry form, search) are never stored. A clinical page is stored no longer
than until its review falls due, so "reviewed" never outlives the review.

Keys: `path generation` counters make purging a path (with every query
string variant, e.g. a library's topic filter and page numbers) one atomic
increment, and a site generation purges everything at once. A request reads
the generations before rendering and stores under the key built from them,
so a page rendered while a purge happened is stored where nobody looks.
The code version (a digest of the templates and code) is part of every key:
a deployment never serves the previous release's pages.

Purging (`purge_for`) is one mechanism for every kind of change. What shows
an object is found in Wagtail's reference index, transitively (a Reference
cited by an FAQ shown on a page purges that page), plus what listing pages
declare they aggregate (`page_cache_aggregates`). Around each affected page:
its parent (listings show their children), its descendants (breadcrumbs and
URLs), and, if it is in the menus, the whole site. Settings are shown on every
page, so a settings change purges the whole site. Signals call it: page
publish, unpublish, move and delete; snippet, image, document and settings
saves and deletes; and clinical review changes (`pages.review`). A page that
moves or takes a new slug also purges its old addresses and those of the
pages below it (`purge_old_addresses`). When `WAGTAILFRONTENDCACHE`
configures a CDN, the same pages are purged there through
`wagtail.contrib.frontend_cache` (for the whole site, every live page).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control
from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)
from wagtail.signals import published as snippet_published
from wagtail.signals import unpublished as snippet_unpublished

from pages.content_cache import code_version, is_content

SITE_GENERATION = "pc:site"
HIT_HEADER = "X-Page-Cache"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def path_generation_key(path):
    return f"pc:path:{path}"


# Serving -------------------------------------------------------------------


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_TIMEOUT:
        return False
    if request.path.startswith(settings.PAGE_CACHE_SKIP_PATHS):
        return False
    # Staff who signed in, or a visitor with a password-protected page open:
    # they see pages as themselves.
    bypass = settings.PAGE_CACHE_BYPASS_COOKIES
    return not any(name in request.COOKIES for name in bypass)


def response_is_storable(request, response):
    if getattr(request, "page_cache_page", None) is None:
        return False  # only Wagtail pages: their purges are known
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that uses a CSRF token sets its cookie, so it is never stored.
    # "Vary: Cookie" is no reason not to: the session was looked at, but this
    # request had none (see PAGE_CACHE_BYPASS_COOKIES).
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    if "*" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )


class PageCacheMiddleware:
    """Serve anonymous page views from the shared cache; store them on a miss.

    One round trip to the cache per request: the page's entry and the two
    generations come together, and the entry holds the generations it was
    rendered under; an entry from before a purge no longer matches them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        path_key = path_generation_key(request.path)
        key = ":".join(
            (
                "pc:page",
                code_version(),
                request.get_host(),  # validates the host, as Django would
                request.get_full_path(),
            )
        )
        found = cache.get_many([key, SITE_GENERATION, path_key])
        generations = (found.get(SITE_GENERATION, 0), found.get(path_key, 0))
        entry = found.get(key)
        if entry is not None and entry[0] == generations and is_fresh(entry):
            return cached_response(entry)

        response = self.get_response(request)
        if request.method == "GET" and response_is_storable(request, response):
            timeout = settings.PAGE_CACHE_TIMEOUT
            page_timeout = getattr(request.page_cache_page, "page_cache_timeout", None)
            if page_timeout is not None:
                timeout = min(timeout, page_timeout())
            if timeout > 0:
                entry = stored_entry(generations, response, timeout)
                cache.set(key, entry, timeout)
        if hasattr(request, "page_cache_page"):
            response[HIT_HEADER] = "miss"
            if settings.WAGTAILFRONTENDCACHE and response_is_storable(
                request, response
            ):
                # A CDN may keep it too: it is purged with this cache.
                patch_cache_control(
                    response, public=True, s_maxage=settings.PAGE_CACHE_TIMEOUT
                )
        return response


def stored_entry(generations, response, timeout):
    """What the cache keeps of a response: plain data, quick to load. It is
    good until `timeout` seconds from now by the site's clock, whatever the
    cache's own expiry does (a review falls due on the second)."""
    headers = [(name, value) for name, value in response.headers.items()]
    now = timezone.now().timestamp()
    return (
        generations,
        now,
        now + timeout,
        response.status_code,
        headers,
        response.content,
    )


def is_fresh(entry):
    return timezone.now().timestamp() < entry[2]


def cached_response(entry):
    _, stored_at, _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response[HIT_HEADER] = "hit"
    response["Age"] = str(max(0, int(timezone.now().timestamp() - stored_at)))
    return response


@hooks.register("before_serve_page")
def remember_the_page(page, request, serve_args, serve_kwargs):
    # Marks the request as a page view, and tells the middleware how long
    # this page may be kept.
    request.page_cache_page = page


# Purging -------------------------------------------------------------------


def page_paths(page):
    """The paths (relative to its site's root) at which `page` is served."""
    parts = page.get_url_parts()
    return [parts[2]] if parts and parts[2] else []


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
    as the reference index records it (pages, snippets, settings)."""
    found = set()
    for obj in objects:
        for base_type, object_id in ReferenceIndex.get_references_to(obj).values_list(
            "base_content_type_id", "object_id"
        ):
            found.add((base_type, object_id))
    return found


def pages_showing(objects):
    """(page ids, whole site?) for everything that shows any of `objects`."""
    page_type = ContentType.objects.get_for_model(Page).id
    page_ids, whole_site = set(), False
    seen = {(ContentType.objects.get_for_model(o).id, str(o.pk)) for o in objects}
    frontier = list(objects)
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
    for obj in objects:
        page_ids |= set(aggregating_pages(type(obj)))
    return page_ids, whole_site


def aggregating_pages(model):
    """Pages whose type lists `model` in `page_cache_aggregates`: listings
    that show every object of a kind (the FAQ hub shows every question)."""
    from wagtail.models import get_page_models

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


def purge_frontend(pages=(), urls=()):
    """The same purge at a CDN, when one is configured: the pages at every
    address they are served at, and the full `urls`."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

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
def content_saved(sender, instance, raw=False, **kwargs):
    # Pages change what visitors see when published, not when saved.
    if raw or isinstance(instance, Page) or not is_content(instance):
        return
    purge_for(instance)


@receiver(pre_delete)
def content_deleted(sender, instance, **kwargs):
    # Before the reference index forgets who showed it.
    if type(instance).__module__ == "__fake__" or not is_content(instance):
        return
    if isinstance(instance, Page):
        purge_for(changed_pages=[instance.specific_deferred])
    else:
        purge_for(instance)
