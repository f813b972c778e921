"""Fixtures of the staff sign-in tests: staff in each group, signing in with
a password through Wagtail's own login form, and a clock to move."""

import pytest
from django.contrib.auth.models import Group

from accounts import sessions

PASSWORD = "a-long-password-for-tests"


@pytest.fixture
def staff(django_user_model, db):
    """make(group) gives an active user in that group ("superuser" for an
    administrator) with the password PASSWORD."""

    def make(group, username=None):
        username = username or group.lower().replace(" ", ".")
        if group == "superuser":
            return django_user_model.objects.create_superuser(
                username, f"{username}@example.com", PASSWORD
            )
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


def password_step(client, username, password=PASSWORD, **extra):
    """Post Wagtail's login form, as the browser does."""
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


class Clock:
    """The time the session limits read (accounts.sessions.now), moved by hand."""

    def __init__(self, start):
        self.time = start

    def __call__(self):
        return self.time

    def advance(self, minutes=0, hours=0):
        self.time += minutes * 60 + hours * 3600


@pytest.fixture
def clock(monkeypatch):
    moved = Clock(sessions.now())
    monkeypatch.setattr(sessions, "now", moved)
    return moved
