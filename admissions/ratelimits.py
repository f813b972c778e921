"""How often one client may use the inquiry form, counted two ways:

- **attempts**, every POST whether or not it is accepted, in the shared cache
  by django-ratelimit (`ENQUIRY_ATTEMPT_RATE_LIMIT`, "30/h"): a brake on
  floods;
- **inquiries**, only those accepted and stored (`ENQUIRY_RATE_LIMIT`,
  "5/h"), counted in the database from the inquiries themselves. A visitor
  who mistypes a date five times is not locked out.

Each inquiry stores a keyed hash of its sender's network (`client_key`),
never the address, and only until the limit no longer needs it
(`forget_client_keys`). Counting inquiries needs no cache, so while the
shared cache (Redis) is unreachable the form still stores inquiries and
still limits them; only the attempt limit lapses until it returns, because
a lost inquiry from someone seeking treatment is worse than a flood that the
inquiry limit still bounds.
"""

import datetime
import ipaddress
import logging
import re

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage

from admissions.models.enquiry import Enquiry

logger = logging.getLogger(__name__)

ATTEMPTS_GROUP = "admissions-enquiry-attempts"
# Changing the salt starts every client's count afresh.
CLIENT_KEY_SALT = "admissions.ratelimits.client_key"
# django-ratelimit's notation: "5/h" is five an hour, "10/2d" ten in two days.
RATE = re.compile(r"(?P<count>\d+)/(?P<multiplier>\d*)(?P<unit>[smhd])")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate):
    """(count, seconds) of a rate such as "5/h"; ValueError if malformed."""
    match = RATE.fullmatch(str(rate).strip())
    if not match or int(match["count"]) < 1:
        raise ValueError(f"{rate!r} is not a rate such as 5/h or 10/d")
    seconds = UNIT_SECONDS[match["unit"]] * int(match["multiplier"] or 1)
    return int(match["count"]), seconds


def client_address(request):
    """The client's address, or None. Behind a proxy, the address it passes
    in the header RATELIMIT_IP_META_KEY names (the last one, which the proxy
    itself saw, if the header holds a list); a request without that header
    did not come through the proxy, and REMOTE_ADDR is the client's."""
    header = settings.RATELIMIT_IP_META_KEY
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if header and request.META.get(header):
        candidates.insert(0, request.META[header].rsplit(",", 1)[-1])
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate.strip())
        except ValueError:
            continue
        # An IPv4 client of an IPv6 socket is the IPv4 client.
        return getattr(address, "ipv4_mapped", None) or address
    return None


def client_key(request):
    """A keyed hash (SECRET_KEY) of the client's network: its IPv4 address,
    or the /64 of an IPv6 one, which one household or phone is usually
    given (django-ratelimit's masks). "" when the client has no address,
    and then nothing is counted."""
    address = client_address(request)
    if address is None:
        return ""
    if address.version == 4:
        prefix = getattr(settings, "RATELIMIT_IPV4_MASK", 32)
    else:
        prefix = getattr(settings, "RATELIMIT_IPV6_MASK", 64)
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    digest = salted_hmac(CLIENT_KEY_SALT, str(network), algorithm="sha256")
    return digest.hexdigest()[:32]


def too_many_attempts(request, key):
    """Count this POST against ENQUIRY_ATTEMPT_RATE_LIMIT; True once the
    client is over it. False, with a warning, while the cache cannot count."""
    if not key:
        return False
    try:
        usage = get_usage(
            request,
            group=ATTEMPTS_GROUP,
            key=lambda group, request: key,
            rate=settings.ENQUIRY_ATTEMPT_RATE_LIMIT,
            increment=True,
        )
    except Exception as error:  # whatever the backend raises without its server
        return cache_cannot_count(type(error).__name__)
    if usage is None:  # RATELIMIT_ENABLE is off
        return False
    # django-ratelimit's answer when the cache returned no count (a backend
    # that swallows its errors, as django-redis with IGNORE_EXCEPTIONS does):
    # "limit" with no time left. A real count always has time left.
    if usage["time_left"] < 0:
        return cache_cannot_count("no count returned")
    return usage["should_limit"]


def cache_cannot_count(reason):
    logger.warning(
        "Inquiry attempts not counted: the cache is unavailable (%s); "
        "accepted inquiries are still limited",
        reason,
    )
    return False


def too_many_enquiries(key):
    """Whether the client already sent ENQUIRY_RATE_LIMIT inquiries within
    its period (a sliding window, counted in the database)."""
    if not key:
        return False
    limit, seconds = parse_rate(settings.ENQUIRY_RATE_LIMIT)
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    recent = Enquiry.objects.filter(client_key=key, received_at__gte=since)
    return recent.count() >= limit


def forget_client_keys():
    """Blank the client key of inquiries older than the inquiry limit's
    period, which no count needs any more; returns how many."""
    _, seconds = parse_rate(settings.ENQUIRY_RATE_LIMIT)
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    old = Enquiry.objects.filter(received_at__lt=cutoff).exclude(client_key="")
    return old.update(client_key="")
