"""Page links that cost one query per render, not one per paragraph.

Wagtail expands `<a linktype="page">` links each time a rich text value is
rendered, one database query per block that has links. Pages with many
paragraphs would make the query count grow with the body. Instead, a page
collects the ids of every page its content links to, fetches them together,
and the page link handler (`richtext.link_handlers`) and page chooser blocks
read them from that per-render store.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail import blocks
from wagtail.blocks.stream_block import StreamValue
from wagtail.models import Page
from wagtail.rich_text import RichText, extract_references_from_rich_text

_prefetched_pages = ContextVar("prefetched_pages", default=None)

# What a link to a plain Page needs: its URL (from url_path and the tree) and
# title. Loading only these keeps wide page rows out of queries run on every
# request. Not for specific(defer=True), which reads every base field.
PAGE_LINK_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale_id",
    "content_type_id",
)


def prefetched_pages():
    """The {page id: page} store of the current render, fetched on first use;
    None outside a render."""
    store = _prefetched_pages.get()
    return None if store is None else store.load()


def linked_page_ids(block, raw):
    """Ids of the pages that stored block data links to (page choosers, and
    page links in rich text), read from the raw data without converting it,
    so that the fetch can serve the page choosers too."""
    if raw is None:
        return
    if isinstance(block, blocks.PageChooserBlock):
        yield str(raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield from rich_text_page_ids(raw)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from linked_page_ids(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from linked_page_ids(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) else item
            yield from linked_page_ids(block.child_block, value)


def rich_text_page_ids(source):
    for model, object_id, _, _ in extract_references_from_rich_text(source or ""):
        if issubclass(model, Page):
            yield str(object_id)


class PageLinkStore:
    """The pages a render links to, fetched together the first time a link
    needs one (a render served from the fragment cache never does)."""

    def __init__(self, values, extra_ids, on_load=None):
        self.values = values
        self.extra_ids = extra_ids
        self.on_load = on_load
        self.pages = None

    def load(self):
        if self.pages is None:
            self.pages = self.fetch()
            if self.on_load is not None:
                self.on_load(self.pages)
        return self.pages

    def fetch(self):
        ids = set()
        for value in self.values:
            if isinstance(value, StreamValue):
                ids.update(linked_page_ids(value.stream_block, value.raw_data))
            elif isinstance(value, RichText):
                ids.update(rich_text_page_ids(value.source))
        ids.update(str(page_id) for page_id in self.extra_ids if page_id)
        if not ids:
            return {}
        # specific(defer=True): each page as its own class from this one
        # query of the base table. (It reads every base field, so .only()
        # would cost a query per deferred field.)
        pages = Page.objects.filter(id__in=ids).defer_streamfields()
        return {str(page.pk): page for page in pages.specific(defer=True)}


@contextmanager
def page_links_prefetched(*values, extra_ids=(), on_load=None):
    """Within the block, page links in `values` (and the pages `extra_ids`)
    resolve from one fetch, made when the first link is resolved; then
    `on_load` receives the {page id: page} store."""
    token = _prefetched_pages.set(PageLinkStore(values, extra_ids, on_load))
    try:
        yield
    finally:
        _prefetched_pages.reset(token)


class PrefetchedPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser whose pages come from the render's one page fetch."""

    def bulk_to_python(self, values):
        store = prefetched_pages()
        if store is None or any(str(v) not in store for v in values if v):
            return super().bulk_to_python(values)
        return [store[str(v)] if v else None for v in values]
