"""`check_reference_links` against a local HTTP server, never the internet."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from references.tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    """/ok answers; /gone is 404; /old moved permanently to /new; /no-head
    refuses HEAD but answers GET; /slow never answers in time."""

    def answer(self, with_body):
        # Recorded first: the client may be done before the answer's last byte.
        self.server.seen.append((self.command, self.path))
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/new")
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
def server():
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
    assert "Checked 4 links: 1 broken, 1 moved." in output
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
    assert output.strip() == "Checked 1 links: 0 broken, 0 moved."
