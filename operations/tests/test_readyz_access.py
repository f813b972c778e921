"""/readyz answers monitoring only: a request straight from a loopback or
private address, or one with the token. Anyone else finds no page there, as
at any other address; /healthz stays open to all."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

pytestmark = pytest.mark.django_db

# A visitor on the internet.
PUBLIC = "203.0.113.9"
TOKEN = "a-long-random-token-for-monitoring"
READY = {"database": "ok", "cache": "ok"}


def readyz(client, remote_addr, **headers):
    return client.get("/readyz", REMOTE_ADDR=remote_addr, headers=headers)


def assert_no_such_page(client, response):
    """Answered exactly as an address with no page: Django's added slash,
    then the branded 404; nothing about the database or the cache."""
    unknown = client.get("/no-probe-here", REMOTE_ADDR=PUBLIC)
    assert (response.status_code, response["Location"]) == (301, "/readyz/")
    assert (unknown.status_code, unknown["Location"]) == (301, "/no-probe-here/")
    final = client.get(response["Location"], REMOTE_ADDR=PUBLIC)
    assert final.status_code == 404
    assert b"We could not find that page" in final.content
    assert b"database" not in final.content


def test_readyz_answers_loopback_and_private_addresses_only(client):
    for address in ("127.0.0.1", "::1", "10.0.3.7", "172.20.1.2", "192.168.1.20"):
        response = readyz(client, address)
        assert response.status_code == 200, address
        assert response.json() == READY
    assert readyz(client, "fd12::5").json() == READY  # IPv6's private range
    for address in (PUBLIC, "2001:db8::7", "8.8.8.8", "172.32.0.1"):
        assert_no_such_page(client, readyz(client, address))


def test_an_ipv4_client_of_an_ipv6_socket_is_that_client(client):
    assert readyz(client, "::ffff:10.0.3.7").json() == READY
    assert_no_such_page(client, readyz(client, f"::ffff:{PUBLIC}"))


def test_healthz_stays_open_to_all(client):
    response = client.get("/healthz", REMOTE_ADDR=PUBLIC)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert_no_such_page(client, readyz(client, PUBLIC))


def test_the_networks_are_a_setting(client, settings):
    settings.READYZ_ALLOWED_NETWORKS = ["198.51.100.0/24"]
    assert readyz(client, "198.51.100.20").json() == READY
    assert_no_such_page(client, readyz(client, "127.0.0.1"))


def test_a_request_relayed_by_the_proxy_is_from_anywhere(client, settings):
    # Behind the proxy, REMOTE_ADDR is the proxy's own private address; the
    # header it adds says the request came from outside.
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    relayed = client.get(
        "/readyz", REMOTE_ADDR="127.0.0.1", headers={"X-Real-IP": PUBLIC}
    )
    assert_no_such_page(client, relayed)
    assert readyz(client, "127.0.0.1").json() == READY  # monitoring, direct


def test_the_token_opens_readyz_from_anywhere(client, settings):
    settings.READYZ_TOKEN = TOKEN
    for wrong in (f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", TOKEN, "Bearer ", ""):
        assert_no_such_page(client, readyz(client, PUBLIC, Authorization=wrong))
    response = readyz(client, PUBLIC, Authorization=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response.json() == READY


def test_without_a_token_set_no_token_opens_it(client, settings):
    settings.READYZ_TOKEN = ""
    assert_no_such_page(client, readyz(client, PUBLIC, Authorization="Bearer "))


def test_a_network_that_is_not_one_stops_the_site_starting(settings):
    settings.READYZ_ALLOWED_NETWORKS = ["10.0.0.0/8", "the office"]
    with pytest.raises(ImproperlyConfigured, match="READYZ_ALLOWED_NETWORKS"):
        Client().get("/healthz")  # the first request loads the middleware
