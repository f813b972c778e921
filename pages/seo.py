"""What search engines and link previews read: descriptions, the share
image, breadcrumbs, and the site-wide nodes of the JSON-LD graph."""

import re
from dataclasses import dataclass

from django.db import DatabaseError
from django.templatetags.static import static
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.models import Page, Site

from richtext.page_links import PAGE_LINK_FIELDS
from richtext.readability import plain_text

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 155
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")

# Link previews are 1.91:1; Facebook, LinkedIn and messaging apps read
# neither AVIF nor WebP, so the share image is a JPEG.
SHARE_RENDITION = "fill-1200x630|format-jpeg"
# Shown when neither the page nor the site settings have an image.
DEFAULT_SHARE_IMAGE = "img/share.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)
DEFAULT_SHARE_IMAGE_ALT = (
    "Manifest Behavioral Health: outpatient mental health and addiction "
    "treatment in Laguna Hills, CA, beside a sun rising over green hills."
)


def absolute_url(request, path):
    """`path` on the site's own address (its root URL in Wagtail's Sites), so
    that cached fragments do not depend on the host a visitor typed. An
    address that already names its host (media or static files on a CDN)
    is kept."""
    if path.startswith(("http://", "https://")):
        return path
    site = request_site(request)
    if site is None:
        return request.build_absolute_uri(path)
    return site.root_url + path


def request_site(request):
    """The request's Wagtail site; None if none matches or the database is
    down (the 404 page still renders, with its share tags)."""
    try:
        return Site.find_for_request(request)
    except DatabaseError:
        return None


def page_title(page, settings, request):
    """The page's title as a visitor knows it: the home page's is the
    practice's name ("Home" says nothing in a link preview or a list of
    search results)."""
    site = request_site(request)
    if site is not None and page.pk == site.root_page_id:
        return settings.display_name
    return page.title


def meta_description(page):
    """What search engines and link previews show under the page's title:
    its search description, else a sentence of its own, from the first of
    its summary, the home page's hero text, its introduction or the first
    paragraph of its body that has any text."""
    if page is None:
        return ""
    if page.search_description:
        return page.search_description
    for name in ("summary", "hero_text"):
        if text := getattr(page, name, ""):
            return text
    for name in ("intro", "body"):
        value = getattr(page, name, None)
        if isinstance(value, StreamValue):
            value = first_paragraph(value)
        if value and (text := plain_text(value)):
            return opening(text)
    return ""


def first_paragraph(stream):
    """The source of a stream's first rich text block with any text, read
    from its stored data (converting the stream could fetch chosen
    snippets, one query each)."""
    for item in stream.raw_data:
        block = stream.stream_block.child_blocks.get(item.get("type"))
        value = item.get("value")
        if isinstance(block, blocks.RichTextBlock) and plain_text(value or ""):
            return value
    return ""


def opening(text, length=DESCRIPTION_LENGTH):
    """The whole sentences that `text` opens with, up to `length` characters;
    the first cut at a word boundary, with an ellipsis, if it is longer."""
    sentences = SENTENCE_BREAK.split(text.strip())
    kept = sentences[0]
    if len(kept) > length:
        return kept[: length - 1].rsplit(" ", 1)[0].rstrip(",;:–—") + "…"
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > length:
            break
        kept = f"{kept} {sentence}"
    return kept


@dataclass(frozen=True)
class ShareImage:
    """The image a link preview shows, with its absolute address."""

    url: str
    width: int
    height: int
    alt: str


def share_image(page, settings, request):
    """The page's hero image, else the site's default share image (site
    settings), cropped to 1200 × 630 JPEG; else the built-in share image.

    The settings' image comes with the settings (`select_related`) and a
    rendition from Wagtail's rendition cache once made, so this adds no
    query to a warm render; the result sits in the cached head fragment.
    """
    image = getattr(page, "hero_image", None)
    alt = getattr(page, "hero_alt", "") if image is not None else ""
    if image is None and settings is not None:
        image = settings.share_image
    if image is None:
        return ShareImage(
            absolute_url(request, static(DEFAULT_SHARE_IMAGE)),
            *DEFAULT_SHARE_IMAGE_SIZE,
            DEFAULT_SHARE_IMAGE_ALT,
        )
    rendition = image.get_rendition(SHARE_RENDITION)
    # The description, not Wagtail's default_alt_text, which falls back to
    # the image's title (often a file name).
    alt = alt or image.description or (settings.display_name if settings else "")
    return ShareImage(
        absolute_url(request, rendition.url), rendition.width, rendition.height, alt
    )


def breadcrumb_pages(page, request):
    """Live pages from the site's home page down to `page`; empty on the
    home page itself (and off the page tree). Worked out once per render."""
    if page is None or not isinstance(page, Page) or page.pk is None:
        return []
    cached = getattr(page, "_breadcrumb_pages", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    crumbs = []
    if site is not None and page.pk != site.root_page_id:
        ancestors = routed_ancestors(page, site)
        if ancestors is None:  # not reached by routing: ask the database
            ancestors = (
                Page.objects.ancestor_of(page)
                .filter(path__startswith=site.root_page.path, live=True)
                .order_by("depth")
                .only(*PAGE_LINK_FIELDS)
            )
        crumbs = [*ancestors, page]
    page._breadcrumb_pages = crumbs
    return crumbs


def routed_ancestors(page, site):
    """The ancestors routing already loaded (each page's cached parent, as
    Wagtail's routing leaves it) up to the site's home page, or None."""
    chain = []
    node = page
    while node.pk != site.root_page_id:
        node = getattr(node, "_cached_parent_obj", None)
        if node is None:
            return None
        chain.append(node)
    return chain[::-1]


def breadcrumb_node(pages, request):
    if len(pages) < 2:
        return None
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": crumb.title,
                "item": crumb.get_full_url(request),
            }
            for number, crumb in enumerate(pages, start=1)
        ],
    }


def clinic_node(settings, request):
    """The practice as a schema.org MedicalClinic, from its site settings."""
    node = {
        "@type": "MedicalClinic",
        "@id": absolute_url(request, "/#clinic"),
        "name": settings.display_name,
        "url": absolute_url(request, "/"),
    }
    if settings.phone:
        node["telephone"] = settings.phone
    address = {
        key: value
        for key, value in {
            "streetAddress": settings.street_address,
            "addressLocality": settings.city,
            "addressRegion": settings.region,
            "postalCode": settings.postcode,
        }.items()
        if value
    }
    if address:
        node["address"] = {"@type": "PostalAddress", "addressCountry": "US", **address}
    if settings.service_area:
        node["areaServed"] = settings.service_area
    return node
