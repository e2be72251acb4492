"""The shared cache on Redis (``core.cache``, issue 13): one client a connection pool, and
the same behaviour as Django's backend against a real Redis."""

import os

import pytest

from shegong.core.cache import RedisCache

LOCATION = os.environ.get("SHEGONG_TEST_REDIS", "redis://127.0.0.1:6379/14")


def test_the_cache_makes_one_redis_client_per_connection_pool():
    """Django's backend made a client (some 170 callbacks built) for every operation; ours
    reuses it. Making a client opens no connection, so this needs no Redis."""
    one, other = RedisCache(LOCATION, {}), RedisCache(LOCATION, {})
    first = one._cache.get_client("a")
    assert one._cache.get_client("b") is first
    assert one._cache.get_client("c", write=True) is first  # one server: one pool for both
    assert other._cache.get_client("a") is not first  # each backend (process) its own


def test_two_servers_keep_a_client_each():
    cache = RedisCache("redis://127.0.0.1:6379/14,redis://127.0.0.1:6379/13", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()  # reads go to the second server
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["db"] == 14
    assert reader.connection_pool.connection_kwargs["db"] == 13
    assert cache._cache.get_client(write=True) is writer
    assert cache._cache.get_client() is reader


@pytest.mark.skipif(not os.environ.get("SHEGONG_TEST_REDIS"), reason="SHEGONG_TEST_REDIS unset")
def test_with_redis_two_workers_share_values_through_the_kept_clients():
    """With ``SHEGONG_TEST_REDIS=redis://127.0.0.1:6379/<db>``: what one worker's backend
    writes, another's reads, through clients kept across operations; expiry and counters as
    Django's."""
    a, b = (RedisCache(LOCATION, {"KEY_PREFIX": "cachetest"}) for _ in range(2))
    a.delete_many(["page", "count"])
    a.set("page", "<p>登记</p>", 30)
    assert b.get("page") == "<p>登记</p>"
    assert b.get_many(["page", "missing"]) == {"page": "<p>登记</p>"}
    assert b.add("count", 1, 30) is True
    assert a.incr("count", 4) == 5
    assert b.get("count") == 5
    assert 0 < a._cache.get_client().ttl(a.make_and_validate_key("page")) <= 30
    b.delete_many(["page", "count"])
    assert a.get("page") is None
