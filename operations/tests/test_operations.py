"""Running the site: the load balancer's probes, the 503 page while the
database is down, and the request log, which records nothing about a visitor.

The database outage against a real gunicorn, with the database cut off for
real, is in test_database_outage.py.
"""

import logging
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from admissions.tests.factories import EnquiryPageFactory
from operations.middleware import RequestLogMiddleware
from operations.production_server import PROJECT, production_environment
from operations.views import service_unavailable
from pages import context_processors

# A load balancer probes each server at its own address, over plain HTTP.
PROBE = {"HTTP_HOST": "10.0.3.7:8000"}
# Where an outage's error message would leak from: the database's address and
# the account the site uses.
DATABASE_ERROR = (
    'connection to server at "db.internal" (10.1.2.3), port 5432 failed: '
    'FATAL: password authentication failed for user "manifest_app"'
)


def database_down(execute, sql, params, many, context):
    raise OperationalError(DATABASE_ERROR)


class BrokenCache(BaseCache):
    """A cache server that does not answer."""

    def __init__(self, location, params):
        super().__init__(params)

    def _refuse(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to cache.internal:6379.")

    add = get = set = touch = delete = clear = has_key = incr = _refuse


BROKEN_CACHE = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}


def view_raising(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("interface-error/", view_raising(InterfaceError("connection already closed"))),
    path("programming-error/", view_raising(ProgrammingError("no such column"))),
    path("", include("manifest_site.urls")),
]
handler500 = "pages.views.server_error"


# Probes --------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_the_probe_touching_neither_database_nor_cache(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0), override_settings(CACHES=BROKEN_CACHE):
        response = client.get("/healthz", **PROBE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_readyz_checks_the_database_and_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        response = client.get("/readyz", **PROBE)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    # Only its own query: not the content version every page reads.
    assert queries.captured_queries[0]["sql"] == "SELECT 1"


def assert_no_detail(response):
    """Nothing about the failure's cause reaches the response."""
    for detail in ("db.internal", "10.1.2.3", "5432", "manifest_app", "cache.internal"):
        assert detail not in response.content.decode()


@pytest.mark.django_db
def test_readyz_says_the_database_failed_and_nothing_more(client, caplog):
    with connection.execute_wrapper(database_down):
        response = client.get("/readyz", **PROBE)
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert_no_detail(response)
    assert "Not ready: the database check failed (OperationalError)" in caplog.text


@pytest.mark.django_db
def test_readyz_says_the_cache_failed_and_nothing_more(client, caplog):
    with override_settings(CACHES=BROKEN_CACHE):
        response = client.get("/readyz", **PROBE)
    # Reported, but the server stays ready: it serves without the cache.
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable"}
    assert_no_detail(response)
    assert "Not ready: the cache check failed (ConnectionError)" in caplog.text


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_only_the_probes_skip_the_host_check_and_the_https_redirect(client):
    assert client.get("/healthz", **PROBE).status_code == 200
    assert client.get("/readyz", **PROBE).status_code == 200
    # Everything else still refuses a host that is not in ALLOWED_HOSTS...
    assert client.get("/", **PROBE).status_code == 400
    assert client.get("/healthz/", **PROBE).status_code == 400
    # ...and sends plain HTTP to HTTPS.
    assert client.get("/")["Location"] == "https://testserver/"


# The database is down --------------------------------------------------------


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert b"Traceback" not in response.content
    assert_no_detail(response)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Sorry, our website is not available right now"
    # The crisis lines, from the practice's details or the model's defaults.
    hrefs = {link["href"] for link in soup.select("a")}
    assert {"tel:988", "sms:988", "tel:911"} <= hrefs
    # Nothing that would need the database to work: no menu, no search.
    assert soup.select_one("form[role=search]") is None
    return soup


def practice_phone(soup):
    link = soup.select_one(".error-page a[href^='tel:']")
    return link and (link["href"], link.get_text())


@pytest.mark.django_db
def test_a_page_gets_the_503_page_while_the_database_is_down(client, demo, logs):
    assert client.get("/").status_code == 200  # reads the practice's details
    logs.clear()
    with connection.execute_wrapper(database_down):
        response = client.get("/about/")
    soup = assert_unavailable_page(response)
    assert practice_phone(soup) == ("tel:+19497355705", "(949) 735-5705")
    # The page keeps the headers of the middleware below it.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    # One line, without the request's data (Django's own is not added).
    assert [
        (record.name, record.getMessage())
        for record in logs.records
        if record.levelno >= logging.WARNING
    ] == [
        (
            "operations.middleware",
            "Database unavailable (OperationalError): answered 503",
        )
    ]
    # And back when the database is.
    assert client.get("/about/").status_code == 200


@pytest.mark.django_db
def test_a_form_sent_while_the_database_is_down_gets_the_503_page(client, home_page):
    EnquiryPageFactory(parent=home_page)
    with connection.execute_wrapper(database_down):
        response = client.post("/enquire/", {"name": "Jordan Q. Rivera"})
    assert_unavailable_page(response)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_only_a_lost_connection_is_an_outage(caplog):
    client = Client(raise_request_exception=False)
    assert_unavailable_page(client.get("/interface-error/"))
    # A query that is wrong is a bug: the 500 page, and the traceback logged.
    assert client.get("/programming-error/").status_code == 500


class DatabaseFailsOnTheWayOut:
    """Below DatabaseUnavailableMiddleware, failing as SessionMiddleware
    does when it cannot save a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError(DATABASE_ERROR)


@pytest.mark.django_db
def test_a_middleware_below_that_finds_the_database_down_gets_the_503_page(
    demo, caplog
):
    middleware = [*settings.MIDDLEWARE, f"{__name__}.DatabaseFailsOnTheWayOut"]
    with override_settings(MIDDLEWARE=middleware):
        response = Client(raise_request_exception=False).get("/about/")
    assert_unavailable_page(response)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Database unavailable (OperationalError): answered 503" in caplog.text


@pytest.mark.django_db
def test_the_503_page_renders_without_a_query(rf, django_assert_num_queries):
    request = rf.get("/about/")
    request.content_version = 7  # read just before the database went away
    with django_assert_num_queries(0):
        assert_unavailable_page(service_unavailable(request))


@pytest.mark.django_db
def test_the_503_page_gives_the_phone_another_process_read(
    client, demo, rf, monkeypatch
):
    monkeypatch.setattr(context_processors.SITE_SETTINGS, "values", None)
    assert client.get("/").status_code == 200  # remembered, and shared
    # A process that has not read them since it started: the shared cache.
    monkeypatch.setattr(context_processors.SITE_SETTINGS, "values", None)
    soup = assert_unavailable_page(service_unavailable(rf.get("/")))
    assert practice_phone(soup) == ("tel:+19497355705", "(949) 735-5705")


# The request log -------------------------------------------------------------

# What must never reach a log: the visitor's address, browser, where they came
# from, their cookies, and what they searched for or sent.
VISITOR = {
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) VisitorBrowser/1.0",
    "HTTP_REFERER": "https://search.example/?q=opioid+detox+laguna",
    "HTTP_COOKIE": "preferences=cookie-value-9f3a",
}
VISITOR_TRACES = ["203.0.113.9", "VisitorBrowser", "opioid", "cookie-value-9f3a"]
ENQUIRY = {
    "name": "Jordan Q. Rivera",
    "phone": "(949) 555-0142",
    "voicemail_ok": "no",
    "message": "My brother relapsed on fentanyl last week.",
    "consent": "on",
}
ENQUIRY_TRACES = ["Jordan", "Rivera", "555-0142", "brother", "fentanyl"]
LINE = re.compile(
    r"method=(?P<method>\S+) path=(?P<path>\S+) status=(?P<status>\d{3}) "
    r"bytes=(?P<bytes>\d+|-) ms=\d+\.\d page_cache=(?P<page_cache>\S+)"
)


@pytest.fixture
def logs(caplog):
    """caplog at INFO, also catching the request log and Django's and
    Wagtail's loggers (which do not pass their records up to the root)."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="manifest.requests")  # off in tests
    names = ("manifest.requests", "django", "wagtail")
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


def request_lines(caplog):
    """Each request's line, parsed."""
    lines = []
    for record in caplog.records:
        if record.name == "manifest.requests":
            assert record.levelno == logging.INFO
            match = LINE.fullmatch(record.getMessage())
            assert match, record.getMessage()
            lines.append(match.groupdict())
    return lines


def assert_nothing_personal(caplog, traces):
    """Nothing any logger wrote, tracebacks included, holds any trace."""
    text = caplog.text
    for trace in [*VISITOR_TRACES, *traces]:
        assert not re.search(rf"\b{re.escape(trace)}\b", text, re.IGNORECASE), trace


@pytest.mark.django_db
def test_a_search_is_logged_without_what_was_searched_for(client, logs):
    response = client.get("/search/?q=my+son+heroin", **VISITOR)
    assert response.status_code == 200
    [line] = request_lines(logs)
    assert line["method"] == "GET"
    assert line["path"] == "/search/"
    assert line["status"] == "200"
    assert int(line["bytes"]) == len(response.content)
    assert_nothing_personal(logs, ["my", "son", "heroin"])


@pytest.mark.django_db
def test_an_enquiry_is_logged_without_what_was_sent(client, home_page, logs):
    EnquiryPageFactory(parent=home_page)
    response = client.post("/enquire/", ENQUIRY, **VISITOR)
    assert response.status_code == 303, response.content  # stored: thank you
    [line] = request_lines(logs)
    assert (line["method"], line["path"], line["status"]) == (
        "POST",
        "/enquire/",
        "303",
    )
    assert_nothing_personal(logs, ENQUIRY_TRACES)


@pytest.mark.django_db
def test_refusals_are_logged_by_path_alone(client, home_page, logs):
    EnquiryPageFactory(parent=home_page)
    client.get("/no-such-page/?q=my+son+heroin", **VISITOR)
    refused = {key: value for key, value in ENQUIRY.items() if key != "consent"}
    assert client.post("/enquire/", refused, **VISITOR).status_code == 400
    assert [(line["path"], line["status"]) for line in request_lines(logs)] == [
        ("/no-such-page/", "404"),
        ("/enquire/", "400"),
    ]
    # Django's own warnings name the path, and nothing else.
    assert "Not Found: /no-such-page/" in logs.text
    assert "Bad Request: /enquire/" in logs.text
    assert_nothing_personal(logs, ["son", "heroin", *ENQUIRY_TRACES])


def test_the_line_says_whether_the_page_cache_answered(rf, logs):
    def cached_page(request):
        return HttpResponse("x" * 42, headers={"X-Page-Cache": "hit"})

    RequestLogMiddleware(cached_page)(rf.get("/about/"))
    [line] = request_lines(logs)
    assert (line["path"], line["bytes"], line["page_cache"]) == ("/about/", "42", "hit")


def test_a_crafted_path_cannot_break_the_line(rf, logs):
    RequestLogMiddleware(lambda request: HttpResponse())(rf.get("/a%0Ab c/"))
    [record] = logs.records
    assert record.getMessage().startswith("method=GET path=/a%0Ab%20c/ status=200")


LOG_ONE_REQUEST = """
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from operations.middleware import RequestLogMiddleware
request = RequestFactory().get("/search/?q=heroin", REMOTE_ADDR="203.0.113.9")
RequestLogMiddleware(lambda request: HttpResponse("found"))(request)
"""


@pytest.mark.slow  # runs manage.py under production settings
def test_under_production_settings_each_request_is_one_line_on_stdout(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", LOG_ONE_REQUEST],
        cwd=PROJECT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    [line] = result.stdout.splitlines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO manifest\.requests "
        r"method=GET path=/search/ status=200 bytes=5 ms=\d+\.\d page_cache=-",
        line,
    ), line
