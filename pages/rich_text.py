"""Rich text rendering that costs one query per page, not one per paragraph.

Wagtail expands `<a linktype="page">` links each time a rich text value is
rendered, one database query per block that has links. Pages with many
paragraphs would make the query count grow with the body. Instead, a page
collects the ids of every page its body links to, fetches them together, and
the page link handler (`pages.link_handlers`) reads them from that
per-render store.
"""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructValue
from wagtail.models import Page
from wagtail.rich_text import RichText, extract_references_from_rich_text

from references.citations import Citations, numbered_citations, validate_citations

# The one list of rich-text features for body paragraphs, callouts and FAQ
# answers: internal and external links, document links, bold, italic, lists,
# and citations of Reference snippets.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "citation"]


class CitableRichTextBlock(blocks.RichTextBlock):
    """Rich text with the paragraph features, whose citations must point to
    references that exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        kwargs.setdefault("validators", [validate_citations])
        super().__init__(**kwargs)


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


def rich_texts(value):
    """Every RichText inside a stream, struct or list value, at any depth."""
    if isinstance(value, RichText):
        yield value
    elif hasattr(value, "rich_texts"):  # a snippet that holds rich text
        yield from value.rich_texts()
    elif isinstance(value, StreamValue):
        for child in value:
            yield from rich_texts(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from rich_texts(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from rich_texts(child)


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


_anchors = ContextVar("anchors", default=None)


def unique_anchor(base):
    """`base`, or `base-2`, `base-3`... if this page's render already gave
    out `base`: ids stay unique when the same content appears twice."""
    used = _anchors.get()
    if used is None:
        return base
    used[base] += 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


@contextmanager
def anchors_unique():
    """Within the block, `unique_anchor` counts the ids given out."""
    token = _anchors.set(Counter())
    try:
        yield
    finally:
        _anchors.reset(token)


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


class PrefetchedLinksMixin:
    """For page types with rich text: render the page with its page links
    fetched together and its citations numbered (`references.citations`).
    Rendering happens inside, because a TemplateResponse would otherwise
    render after the stores are gone.

    `rich_text_fields` names the fields holding rich text, in reading order.
    `linked_page_fields` names foreign keys to pages that the template links
    to; they join the same fetch. Templates should read them inside a
    `{% contentcache %}` fragment, which loads the store first."""

    rich_text_fields = ("body",)
    linked_page_fields = ()

    def rich_text_values(self):
        # A RichTextField's value is its source; a StreamField's, a StreamValue.
        values = [getattr(self, name) for name in self.rich_text_fields]
        return [RichText(v) if isinstance(v, str) else v for v in values]

    @cached_property
    def citations(self):
        """The page's citations: numbers, and `.references` in their order
        (also what structured data lists as the page's `citation`)."""
        return Citations(self.rich_text_values())

    def structured_data(self):
        """schema.org nodes for the page's JSON-LD `@graph`: its questions as
        an FAQPage. (Other nodes join the same graph.)"""
        from faq.blocks import page_faq_entries
        from faq.structured_data import faq_page_node

        body = getattr(self, "body", None)
        nodes = []
        if hasattr(self, "medical_web_page_node"):
            nodes.append(self.medical_web_page_node())
        nodes.append(faq_page_node(page_faq_entries(body) if body is not None else []))
        return nodes

    def cited_references(self):
        """The references this page cites, in the order of their numbers."""
        self.citations.load()
        return self.citations.references

    @contextmanager
    def render_stores(self):
        """Page links fetched together and citations numbered, while inside."""
        extra_ids = [getattr(self, f"{name}_id") for name in self.linked_page_fields]

        def attach(store):
            for name, page_id in zip(self.linked_page_fields, extra_ids, strict=True):
                if page_id and str(page_id) in store:
                    setattr(self, name, store[str(page_id)])

        with (
            page_links_prefetched(
                *self.rich_text_values(), extra_ids=extra_ids, on_load=attach
            ),
            numbered_citations(self.citations),
            anchors_unique(),
        ):
            yield

    def serve(self, request, *args, **kwargs):
        with self.render_stores():
            return rendered(super().serve(request, *args, **kwargs))

    def serve_preview(self, request, mode_name):
        # Wagtail renders previews without serve(): same stores, same page.
        with self.render_stores():
            return rendered(super().serve_preview(request, mode_name))


def rendered(response):
    """A TemplateResponse rendered now, while the render stores exist."""
    if hasattr(response, "render"):
        response.render()
    return response
