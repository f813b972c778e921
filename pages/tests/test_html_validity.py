"""Every page type renders valid HTML5 (the Nu HTML Checker, run locally)."""

from django.test import Client, override_settings

from pages.tests.test_errors import urlpatterns  # noqa: F401  (a URL that fails)

handler500 = "pages.views.server_error"


def test_pages_are_valid_html5(client, demo, html_validator):
    documents = {
        "home": client.get("/").content.decode(),
        "about": client.get("/about/").content.decode(),
        "privacy": client.get("/privacy/").content.decode(),
        "levels-of-care": client.get("/levels-of-care/").content.decode(),
        "program": client.get(
            "/levels-of-care/intensive-outpatient-program/"
        ).content.decode(),
        "team": client.get("/team/").content.decode(),
        "not-found": client.get("/no-such-page/").content.decode(),
    }
    with override_settings(ROOT_URLCONF=__name__):
        failing = Client(raise_request_exception=False).get("/broken/")
    documents["server-error"] = failing.content.decode()
    assert html_validator(documents) == []
