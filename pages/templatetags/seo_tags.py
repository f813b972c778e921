"""`{% seo_meta %}` (description, canonical, Open Graph, Twitter card) and
`{% breadcrumbs %}` for page templates."""

from django import template

from pages.seo import breadcrumb_pages, meta_description, share_image

register = template.Library()


@register.inclusion_tag("includes/seo_meta.html", takes_context=True)
def seo_meta(context):
    request = context["request"]
    page = context.get("page")
    if page is None or getattr(page, "pk", None) is None:
        return {"page": None}
    settings = context["site_settings"]
    title = page.seo_title or page.title
    return {
        "page": page,
        "title": title,
        "description": meta_description(page),
        "canonical": page.get_full_url(request),
        "site_name": settings.display_name,
        "og_type": "article"
        if page.specific_class.__name__ == "ArticlePage"
        else "website",
        "image": share_image(page, request),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    return {"crumbs": breadcrumb_pages(context.get("page"), request)}
