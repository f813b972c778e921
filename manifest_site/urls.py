from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.throttling import ThrottledPasswordResetView
from pages.feeds import ArticleFeed
from pages.views import robots_txt
from review.reading import preview_for_review
from search.views import search

urlpatterns = [
    # Wagtail's password reset, throttled per client and per email address
    # (accounts/throttling.py); ahead of Wagtail's own at the same address.
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # Wagtail's preview of a page in review (linked from the review-request
    # email) shows the revision submitted; ours, what an approval approves
    # (review/reading.py). Ahead of Wagtail's own at the same address.
    path(
        "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/",
        require_admin_access(preview_for_review),
        name="review_preview_for_review",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("resources/feed/", ArticleFeed(), name="article_feed"),
    path("search/", search, name="search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Uploaded media from the local disk while developing; in production the
    # web server or object storage serves it.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Everything else is a Wagtail page; this must stay last.
    path("", include(wagtail_urls)),
]

handler400 = "pages.views.bad_request"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"
