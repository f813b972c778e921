"""Which entry of the page cache a request is served from.

A page's response depends on its address and on the query parameters it
reads, and a page that reads any declares them on its model, e.g. the
resource library's `page_cache_query_params = ("topic", "page")`. Every
other parameter (a tracking tag such as `utm_source`, a cache-buster such
as `?x=random`) is ignored: it is no part of the key, so it neither makes a
new entry nor gets past the cache, and Wagtail serves the page without it
(`only_declared`), so it cannot change what is stored either. Known
tracking parameters are dropped before the page is even known, so a tagged
link is served from the page's plain entry in one round trip to the cache.
Declared parameters are kept sorted by name: `?page=2&topic=x` and
`?topic=x&page=2` share one entry.

Which parameters the page at an address declares is learned when it is
stored, and kept beside its entries (`declared_params_key`) together with
the generations it was learned under, so a purge of the address forgets it.

The variants of a page (values of its declared parameters) take one of a
fixed number of slots per address, chosen by a digest of the kept query: a
flood of made-up values replaces entries, it never adds more.
"""

import hashlib
from urllib.parse import urlencode

from django.http import QueryDict

from caching.fragments import code_version

# Added by mail, ad and social platforms to links; no page reads them. Never
# kept, even if a page declared one.
TRACKING_PARAMETERS = frozenset(
    {
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "dclid",
        "fbclid",
        "gbraid",
        "gclid",
        "gclsrc",
        "igshid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "msclkid",
        "ref",
        "ref_src",
        "srsltid",
        "ttclid",
        "twclid",
        "wbraid",
        "yclid",
    }
)
TRACKING_PREFIXES = ("utm_",)


def is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def untracked(query):
    """The (name, value) pairs of `query` (a QueryDict) but tracking ones."""
    return [
        (name, value)
        for name, values in query.lists()
        if not is_tracking(name)
        for value in values
    ]


def declared_params(page):
    """The query parameters `page` reads, as its model declares them."""
    declared = getattr(page, "page_cache_query_params", ())
    return tuple(sorted(name for name in declared if not is_tracking(name)))


def kept_query(pairs, declared):
    """The query string a page that reads `declared` is keyed by: those
    parameters, sorted by name (the values of one name keep their order,
    as the page sees them)."""
    kept = [(name, value) for name, value in pairs if name in declared]
    return urlencode(sorted(kept, key=lambda pair: pair[0]))


def only_declared(request, page):
    """Let `page` see only the query parameters it declares, in GET and in
    the query string (`get_full_path()`), so what is stored for it depends
    on nothing but its key."""
    query = kept_query(untracked(request.GET), declared_params(page))
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query


def entry_key(host, path, query, slots):
    """The key of the page at `host` and `path` for the kept `query`: the
    plain address without one, else one of `slots` variants."""
    key = f"pc:page:{code_version()}:{host}:{path}"
    if not query:
        return key
    digest = hashlib.sha256(query.encode()).digest()
    return f"{key}?{int.from_bytes(digest[:8], 'big') % slots}"


def declared_params_key(host, path):
    return f"pc:params:{code_version()}:{host}:{path}"


def known_query(pairs, learned, generations):
    """The kept query for a request's untracked `pairs`, or None if it
    depends on parameters not learned (under these generations) yet."""
    if not pairs:
        return ""
    if learned is None or learned[0] != generations:
        return None
    return kept_query(pairs, learned[1])
