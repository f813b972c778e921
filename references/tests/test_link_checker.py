"""`check_reference_links` against a local HTTP server, never the internet;
and never a private address, unless allowed."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from references.tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


# Where /to-* redirect: this machine under another name (so the same local
# server, but a host that is not allowed), and private addresses that would
# never answer. {port} is the local server's.
REDIRECTS = {
    "/to-localhost": "http://localhost:{port}/internal",
    "/to-office": "http://10.255.255.1/internal",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
}


class Handler(BaseHTTPRequestHandler):
    """/ok answers; /gone is 404; /old moved permanently to /new; /no-head
    refuses HEAD but answers GET; /slow never answers in time; /to-… redirect
    to private addresses (REDIRECTS)."""

    def answer(self, with_body):
        # Recorded first: the client may be done before the answer's last byte.
        self.server.seen.append((self.command, self.path))
        if self.path == "/old" or self.path in REDIRECTS:
            port = self.server.server_address[1]
            self.send_response(301)
            self.send_header(
                "Location", REDIRECTS.get(self.path, "/new").format(port=port)
            )
            self.end_headers()
            return
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        if self.path == "/slow":
            self.server.release.wait(5)
        status = 404 if self.path == "/gone" else 200
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802 (http.server's naming)
        self.answer(with_body=False)

    def do_GET(self):  # noqa: N802
        self.answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    # The local server is on a private address: allowed by its host name.
    settings.REFERENCE_LINK_CHECK_ALLOWED_HOSTS = ["127.0.0.1"]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()


def run(*args):
    out = io.StringIO()
    try:
        call_command("check_reference_links", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def test_reports_broken_and_moved_links(server):
    httpd, base = server
    ok = ReferenceFactory(url=f"{base}/ok")
    gone = ReferenceFactory(url=f"{base}/gone", title="A page that went away")
    moved = ReferenceFactory(url=f"{base}/old", title="A page that moved")
    no_head = ReferenceFactory(url=f"{base}/no-head")
    ReferenceFactory(url="")  # nothing to check

    code, output = run("--concurrency", "2", "--verbosity", "2")

    assert code == 1  # a broken link: cron mails the report
    assert (
        f"BROKEN  {gone.url}  (HTTP 404)  in reference #{gone.pk} "
        "“A page that went away”"
    ) in output
    assert (
        f"MOVED   {moved.url}  →  {base}/new  in reference #{moved.pk} "
        "“A page that moved”"
    ) in output
    assert f"OK      {ok.url}" in output
    assert f"OK      {no_head.url}" in output
    assert "Checked 4 links: 1 broken, 1 moved, 0 refused." in output
    # HEAD first; GET only where HEAD was refused.
    assert ("HEAD", "/ok") in httpd.seen
    assert ("GET", "/ok") not in httpd.seen
    assert ("GET", "/no-head") in httpd.seen


def test_a_timeout_is_reported_as_broken(server):
    _, base = server
    slow = ReferenceFactory(url=f"{base}/slow")
    code, output = run("--timeout", "0.5")
    assert code == 1
    assert f"BROKEN  {slow.url}  (timed out)" in output


def test_all_good_is_quiet_and_succeeds(server):
    _, base = server
    ReferenceFactory(url=f"{base}/ok")
    code, output = run()
    assert code == 0
    assert output.strip() == "Checked 1 links: 0 broken, 0 moved, 0 refused."


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:9/",
        "http://127.0.0.1:9/",
        "http://[::1]:9/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[fe80::1]/",
        "http://0.0.0.0:9/",
        "http://224.0.0.1/",  # multicast
        "http://240.0.0.1/",  # reserved
        "http://[::ffff:10.0.0.1]/",
        "https://192.168.1.1/",
    ],
)
def test_private_addresses_are_refused_not_fetched(url):
    reference = ReferenceFactory(url=url, title="Somewhere inside")
    # Refused before connecting: no timeout to wait for.
    code, output = run("--timeout", "1")
    assert code == 1  # cron mails the report
    assert output.startswith(f"REFUSED {url}  (")
    assert "not a public address" in output
    assert f"in reference #{reference.pk} “Somewhere inside”" in output
    assert "Checked 1 links: 0 broken, 0 moved, 1 refused." in output


def test_the_local_server_is_refused_unless_allowed(server, settings):
    httpd, base = server
    ReferenceFactory(url=f"{base}/ok")
    settings.REFERENCE_LINK_CHECK_ALLOWED_HOSTS = []
    code, output = run()
    assert code == 1
    assert "127.0.0.1 resolves to 127.0.0.1, not a public address" in output
    assert httpd.seen == []  # never asked


@pytest.mark.parametrize("path", sorted(REDIRECTS))
def test_a_redirect_to_a_private_address_is_refused(server, path):
    httpd, base = server
    reference = ReferenceFactory(url=f"{base}{path}")
    code, output = run("--timeout", "1")
    assert code == 1
    host = urlsplit(REDIRECTS[path]).hostname
    assert output.startswith(f"REFUSED {reference.url}  ({host} resolves to ")
    assert "Checked 1 links: 0 broken, 0 moved, 1 refused." in output
    # The allowed server was asked; where it pointed, never.
    assert httpd.seen == [("HEAD", path)]
