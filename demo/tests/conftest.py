"""A demo site loaded once for a whole test module, for tests that only read
it: loading the demo is the slow part of a test, and a module that crawls
every page needs it once, not once per test."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo content, loaded inside a transaction that is rolled back
    after the module's last test. Each test still runs in its own savepoint
    (pytest-django's `db`), so what one test changes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
