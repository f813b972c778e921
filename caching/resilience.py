"""Redis holds caches and counters, not content: while it is unreachable the
site serves every page from the database, slower but whole.

django-redis turns a failed cache call into a miss (`IGNORE_EXCEPTIONS`,
settings/caches.py). What is left is the cost of finding out: a Redis that
stops answering (rather than refusing) would make every cache call wait for
its timeout, several per request. `BreakerConnectionPool` opens a circuit
breaker, per process, at the first failure: for `CACHE_RETRY_AFTER_SECONDS`
the cache is not even tried, then one call tries again. One line is logged
when the cache goes and one when it comes back.

Purges made while Redis was away are lost, so a cache that comes back (not
restarted, only cut off) could still hold pages that changed meanwhile: the
first connection after an outage purges the whole page cache (one increment
of the site's generation, `caching.purge.purge_site`) before any page is
read from it, in every process that saw the outage. Fragments need no purge:
their keys hold the content version, which lives in the database.
"""

import logging
import threading
import time

from django.conf import settings
from redis.connection import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from caching.purge import purge_site

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class CircuitBreaker:
    """Whether to try the cache now, for this process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.down = False

    def allows(self):
        return time.monotonic() >= self.open_until

    def trip(self, error):
        with self.lock:
            self.open_until = time.monotonic() + settings.CACHE_RETRY_AFTER_SECONDS
            if not self.down:
                self.down = True
                logger.warning(
                    "Cache unavailable (%s): serving pages without it, trying "
                    "again every %s s",
                    type(error).__name__,
                    settings.CACHE_RETRY_AFTER_SECONDS,
                )

    def succeeded(self):
        """Note a connection made; True the first time after an outage."""
        if not self.down:
            return False
        with self.lock:
            recovered, self.down = self.down, False
        if recovered:
            logger.warning("Cache available again")
        return recovered


breaker = CircuitBreaker()


class CacheSkipped(RedisConnectionError):
    """The breaker is open: the cache was not tried."""


class BreakerConnectionPool(ConnectionPool):
    """redis-py's connection pool behind the process's circuit breaker
    (CONNECTION_POOL_CLASS of the cache's OPTIONS)."""

    def get_connection(self, *args, **kwargs):
        if not breaker.allows():
            raise CacheSkipped("the cache failed a moment ago; not tried")
        try:
            connection = super().get_connection(*args, **kwargs)
        except UNREACHABLE as error:
            breaker.trip(error)
            raise
        if breaker.succeeded():
            # Before the caller reads anything: pages stored before the
            # outage may have missed its purges. (The purge takes another
            # connection from this pool; the breaker is closed by now.)
            purge_site()
        return connection
