"""Views outside the page tree: the branded 400, 404 and 500 pages (they
render even when the database is unavailable) and robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render

from pages.seo import absolute_url


def bad_request(request, exception=None):
    # Django's own view renders 400.html without the request, so without the
    # practice's phone and the crisis lines; and it runs the CSRF check,
    # which reads the very form that could not be read, and fails again.
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def robots_txt(request):
    """Everything may be crawled but the admin; the sitemap lists the pages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
