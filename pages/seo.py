"""What search engines and link previews read: descriptions, the share
image, breadcrumbs, and the site-wide nodes of the JSON-LD graph."""

from wagtail.models import Page, Site

from richtext.page_links import PAGE_LINK_FIELDS


def absolute_url(request, path):
    """`path` on the site's own address (its root URL in Wagtail's Sites), so
    that cached fragments do not depend on the host a visitor typed."""
    site = Site.find_for_request(request)
    if site is None:
        return request.build_absolute_uri(path)
    return site.root_url + path


def meta_description(page):
    """The page's search description, else its one-sentence summary (or the
    home page's hero text)."""
    if page is None:
        return ""
    return (
        page.search_description
        or getattr(page, "summary", "")
        or getattr(page, "hero_text", "")
    )


def share_image(page, request):
    """(absolute URL, width, height, alt) of the page's hero image cropped for
    link previews, or None."""
    image = getattr(page, "hero_image", None)
    if image is None:
        return None
    rendition = image.get_rendition("fill-1200x630|format-jpeg")
    alt = getattr(page, "hero_alt", None) or image.description
    url = rendition.url
    if not url.startswith(("http://", "https://")):  # local media, not a CDN
        url = absolute_url(request, url)
    return url, 1200, 630, alt


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
