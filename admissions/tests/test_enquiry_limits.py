"""The inquiry form's two limits: accepted inquiries per client, counted in
the database (so mistakes do not count, and the count survives a cache
outage), and attempts per client, counted in the cache against floods."""

import logging
import re
import socket

import pytest
from bs4 import BeautifulSoup
from django.core.checks import run_checks
from django.test import override_settings

from admissions.models import Enquiry
from admissions.ratelimits import parse_rate

pytestmark = pytest.mark.django_db

URL = "/enquire/"
CLIENT = {"REMOTE_ADDR": "203.0.113.7"}
OTHER_CLIENT = {"REMOTE_ADDR": "198.51.100.4"}


def post(client, data, **extra):
    return client.post(URL, data, **{**CLIENT, **extra})


def refusal_text(response):
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="error-summary")
    assert summary is not None, response.content
    assert summary.find("a", href="tel:+19497355705")  # the phone, to call instead
    return summary.get_text(" ", strip=True)


def test_mistakes_do_not_count_against_the_enquiry_limit(
    client, enquiry_page, valid_data, settings
):
    settings.ENQUIRY_RATE_LIMIT = "5/h"
    mistyped = {**valid_data, "date_of_birth": "02/30/1985"}
    for _ in range(5):
        assert post(client, mistyped).status_code == 400
    assert post(client, valid_data).status_code == 303
    assert Enquiry.objects.count() == 1


def test_the_enquiry_limit_counts_what_was_stored(
    client, enquiry_page, valid_data, settings
):
    settings.ENQUIRY_RATE_LIMIT = "2/h"
    assert post(client, valid_data).status_code == 303
    assert post(client, {**valid_data, "name": ""}).status_code == 400
    assert post(client, valid_data).status_code == 303
    response = post(client, valid_data)
    assert response.status_code == 429
    assert "call admissions instead" in refusal_text(response)
    assert Enquiry.objects.count() == 2
    assert post(client, valid_data, **OTHER_CLIENT).status_code == 303


def test_every_post_counts_against_the_attempt_limit(
    client, enquiry_page, valid_data, settings
):
    settings.ENQUIRY_ATTEMPT_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert post(client, {**valid_data, "consent": ""}).status_code == 400
    response = post(client, valid_data)
    assert response.status_code == 429
    assert "call admissions instead" in refusal_text(response)
    assert not Enquiry.objects.exists()
    # Another client is not held back by the first.
    assert post(client, valid_data, **OTHER_CLIENT).status_code == 303


def test_each_enquiry_keeps_a_keyed_hash_of_its_network_never_the_address(
    client, enquiry_page, valid_data, settings
):
    settings.ENQUIRY_RATE_LIMIT = "100/h"
    senders = [
        {"REMOTE_ADDR": "203.0.113.7"},
        {"REMOTE_ADDR": "203.0.113.7"},
        {"REMOTE_ADDR": "203.0.113.8"},
        # One IPv6 network (a /64) is one client.
        {"REMOTE_ADDR": "2001:db8:1:2::10"},
        {"REMOTE_ADDR": "2001:db8:1:2:ffff::1"},
        {"REMOTE_ADDR": "2001:db8:1:3::10"},
    ]
    for sender in senders:
        assert post(client, valid_data, **sender).status_code == 303
    keys = list(Enquiry.objects.order_by("pk").values_list("client_key", flat=True))
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys), keys
    assert keys[0] == keys[1] != keys[2]
    assert keys[3] == keys[4] != keys[5]
    stored = " ".join(str(value) for value in Enquiry.objects.values_list())
    for sender in senders:
        assert sender["REMOTE_ADDR"] not in stored
    # The key depends on the site's secret: a list of every address's hash
    # made elsewhere does not reveal who sent what.
    with override_settings(SECRET_KEY="another-secret-key"):
        post(client, valid_data, **senders[0])
    assert Enquiry.objects.order_by("pk").last().client_key != keys[0]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_redis(ignore_exceptions):
    """django-redis pointed at a port where nothing listens, with short
    timeouts, as in production when Redis is down."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": ignore_exceptions,
            },
        }
    }


# Both ways a cache backend fails: raising (django-redis's default) and
# answering nothing (IGNORE_EXCEPTIONS, which django-ratelimit reads as "over
# the limit").
@pytest.mark.parametrize("ignore_exceptions", [False, True], ids=["raises", "quiet"])
def test_while_the_cache_is_unreachable_enquiries_are_stored_and_still_limited(
    client, enquiry_page, valid_data, settings, caplog, ignore_exceptions
):
    settings.ENQUIRY_RATE_LIMIT = "2/h"
    caplog.set_level(logging.WARNING)
    with override_settings(CACHES=unreachable_redis(ignore_exceptions)):
        assert post(client, valid_data).status_code == 303
        assert post(client, valid_data).status_code == 303
        assert Enquiry.objects.count() == 2
        if ignore_exceptions:  # the refusal's page needs no fragment cache
            response = post(client, valid_data)
            assert response.status_code == 429
            assert "call admissions instead" in refusal_text(response)
    assert Enquiry.objects.count() == 2
    warnings = [
        record for record in caplog.records if record.name == "admissions.ratelimits"
    ]
    assert warnings, caplog.text
    assert (
        warnings[0]
        .getMessage()
        .startswith("Inquiry attempts not counted: the cache is unavailable (")
    )
    assert all(record.exc_info is None for record in warnings)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("5/h", (5, 3600)), ("10/d", (10, 86400)), ("20/2h", (20, 7200))],
)
def test_rates_are_read_as_django_ratelimit_writes_them(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["5", "five/h", "5/y", "0/h", ""])
def test_a_mistyped_rate_stops_the_system_checks(settings, rate):
    settings.ENQUIRY_ATTEMPT_RATE_LIMIT = rate
    errors = [error for error in run_checks() if error.id == "admissions.E001"]
    assert [error.msg.split(":")[0] for error in errors] == [
        "ENQUIRY_ATTEMPT_RATE_LIMIT"
    ]
