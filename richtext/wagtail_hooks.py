"""Admin wiring for rich text: page links that read the render's one fetch."""

from wagtail import hooks

from richtext.link_handlers import PrefetchedPageLinkHandler


# order=1: after Wagtail's own registration of the "page" link type.
@hooks.register("register_rich_text_features", order=1)
def register_prefetched_page_links(features):
    features.register_link_type(PrefetchedPageLinkHandler)
