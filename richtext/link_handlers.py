"""Rich-text link handlers. Imported by wagtail_hooks once the apps are
ready: Wagtail's page link handler loads the Page model when imported."""

from wagtail.rich_text.pages import PageLinkHandler

from richtext.page_links import prefetched_pages


class PrefetchedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, reading pages prefetched for this render."""

    @classmethod
    def get_many(cls, attrs_list):
        store = prefetched_pages()
        if store is None:
            return super().get_many(attrs_list)
        missing = [attrs for attrs in attrs_list if str(attrs.get("id")) not in store]
        if missing:
            for attrs, page in zip(missing, super().get_many(missing), strict=True):
                store[str(attrs.get("id"))] = page
        return [store.get(str(attrs.get("id"))) for attrs in attrs_list]
