"""Admin wiring for pages: the Topic snippet and the page link handler."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.link_handlers import PrefetchedPageLinkHandler
from pages.models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(TopicViewSet)


# order=1: after Wagtail's own registration of the "page" link type.
@hooks.register("register_rich_text_features", order=1)
def register_prefetched_page_links(features):
    features.register_link_type(PrefetchedPageLinkHandler)
