"""The Atom feed of published articles, newest first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from pages.models import ArticlePage, SiteSettings


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Plain answers about levels of care and the conditions we treat."
    limit = 50

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        settings = SiteSettings.for_request(self.request)
        return f"{settings.display_name}: resources"

    def link(self):
        return "/"

    def items(self):
        articles = ArticlePage.objects.live().public().select_related("topic")
        if self.site is not None:
            articles = articles.descendant_of(self.site.root_page)
        return articles.order_by("-first_published_at", "-pk")[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_updated or item.last_published_at

    def item_categories(self, item):
        return [item.topic.name]
