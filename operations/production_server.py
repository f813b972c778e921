"""Run the site as production does, on this machine: production settings,
collected static files, gunicorn on a loopback port.

Used by `make bench` and by the production tests, so both exercise the same
start-up path that a deployment uses.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def production_environment(folder, keep_database=False, **overrides):
    """Environment variables for production settings, with everything kept
    in `folder`. The database is an SQLite file there unless `keep_database`
    and DATABASE_URL is set. An override of None removes the variable."""
    env = dict(os.environ)
    if not keep_database:
        env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="manifest_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(Path(folder) / "static"),
        MEDIA_ROOT=str(Path(folder) / "media"),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{Path(folder) / 'production.sqlite3'}")
    # The machine's Redis, under a prefix of this run's own: runs side by side
    # (and their purges) never meet.
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("CACHE_KEY_PREFIX", f"manifest-{secrets.token_hex(6)}")
    # Clients (the tests, wrk) connect to gunicorn directly, and production
    # requires saying so (settings/production.py).
    if not env.get("RATELIMIT_IP_META_KEY"):
        env.setdefault("NO_PROXY_IN_FRONT", "1")
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(env, *args, code=PROJECT):
    """`manage.py` of the code in folder `code` (this project by default) in a
    subprocess with `env`; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def prepare_site(env):
    """Migrate, collect static files and load the demo content (forced, as
    production settings refuse it otherwise); raise with the output on error."""
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load_demo", "--force"],
    ):
        result = manage(env, *command)
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(command)} failed:\n{result.stdout}{result.stderr}"
            )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, workers=2, headers=None):
    """Serve the site with gunicorn on a free loopback port; yields its base
    URL once /healthz answers, and stops it afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "manifest_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # No --access-logfile, as in production: gunicorn's access log
            # would record visitors' addresses, query strings and browsers.
            # The site logs each request itself (manifest.requests).
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited: " + server.stderr.read().decode())
            try:
                # The liveness endpoint: the process is up, whatever the
                # first render of a page (its image renditions) costs.
                request = urllib.request.Request(
                    base + "/healthz", headers=headers or {}
                )
                urllib.request.urlopen(request, timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 60 s") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
