"""The shared cache on Redis: Django's backend with one client a connection pool (issue 13).

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` object for every cache
operation, and redis-py builds some 170 response callbacks in each one's constructor (a
case-insensitive dictionary, key by key): a fifth of a millisecond of CPU for the public
register page's two operations, a sixth of what its kept answer costs. A client holds no
connection of its own (it borrows one from the pool for each command, and the pool is safe
across threads and resets itself in a forked process), so :class:`RedisCache` keeps one per
pool. Everything else is Django's: keys, serialisation, timeouts, the servers' order.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClient(RedisCacheClient):
    """Django's Redis client factory, making one ``redis.Redis`` per connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:  # a pool lives as long as this factory: its id is not reused
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with :class:`KeptClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient
