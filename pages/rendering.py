"""Rendering a page with what its content needs, fetched once: the pages its
links point to (`richtext.page_links`), its citations numbered
(`references.citations`) and element ids kept unique (`richtext.anchors`)."""

from contextlib import contextmanager

from django.utils.functional import cached_property
from wagtail.rich_text import RichText

from faq.blocks import page_faq_entries
from faq.structured_data import faq_page_node
from references.citations import Citations, numbered_citations
from richtext.anchors import anchors_unique
from richtext.page_links import page_links_prefetched


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
