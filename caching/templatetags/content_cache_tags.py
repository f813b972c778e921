"""`{% contentcache "name" [vary_on ...] %}...{% endcontentcache %}`.

Renders its contents once per content version, site, page and vary-on values
and serves them from the cache after that (see `caching.fragments`). The
page in the context has its page links prefetched before a miss renders.
"""

from django import template
from django.conf import settings
from django.template import Node, TemplateSyntaxError

from caching.fragments import content_cache, fragment_key
from richtext.page_links import prefetched_pages

register = template.Library()


class ContentCacheNode(Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        key = None
        if request is not None:
            # The outermost template: its blocks may override this fragment's.
            template_name = getattr(context.template, "name", None)
            # A page may add what else its fragments differ by (its review
            # status, which can expire with no change to the content).
            vary_on = [
                template_name,
                getattr(page, "pk", None),
                getattr(page, "fragment_cache_vary", None),
            ]
            vary_on.extend(value.resolve(context) for value in self.vary_on)
            key = fragment_key(request, self.name, vary_on)
        cache = content_cache()
        if key is not None:
            html = cache.get(key)
            if html is not None:
                return html
        prefetched_pages()  # a miss: load the page's linked pages at once
        html = self.nodelist.render(context)
        if key is not None:
            cache.set(key, html, settings.CONTENT_CACHE_TIMEOUT)
        return html


@register.tag
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError(f"'{bits[0]}' needs a fragment name")
    name = bits[1].strip("\"'")
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, name, [parser.compile_filter(b) for b in bits[2:]]
    )
