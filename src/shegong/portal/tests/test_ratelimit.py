"""The public rate limiter counts locally in each worker and settles with the shared cache in
batches (issue 13, ADR 0047), without letting a client past the limit beyond the documented
bound. Two workers are two sets of local counts over one cache (``worker``)."""

import os
import time

import pytest
from django.core.cache import cache

from shegong.portal import ratelimit

RATE = "10/minute"
IP = "10.9.9.9"


@pytest.fixture(autouse=True)
def _batch_of_three(settings, english):
    settings.RATE_LIMIT_LOCAL_SHARE = 0.3  # floor(10 × 0.3): a batch of 3
    settings.RATE_LIMIT_BATCH_MAX = 100


@pytest.fixture
def worker(monkeypatch):
    """``worker("a")`` makes the next ``hit`` count as worker "a" would (its own memory)."""
    memories = {}

    def use(name):
        monkeypatch.setattr(ratelimit, "_local", memories.setdefault(name, {}))

    return use


def window():
    return str(int(time.time() // 60))


def lookup() -> bool:
    """One lookup; True if admitted."""
    return ratelimit.hit("public_register", IP, RATE) is None


def test_the_batch_is_a_share_of_the_limit(settings):
    settings.RATE_LIMIT_LOCAL_SHARE = 0.05
    assert ratelimit.batch_size(60) == 3
    assert ratelimit.batch_size(39) == 1  # exact: every request counted in the cache
    assert ratelimit.batch_size(10**9) == 100  # RATE_LIMIT_BATCH_MAX
    settings.RATE_LIMIT_LOCAL_SHARE = 0
    assert ratelimit.batch_size(10**9) == 1


def test_one_worker_admits_the_limit_th_request_and_refuses_the_next(worker):
    worker("a")
    counts = []
    admitted = []
    for _ in range(11):
        admitted.append(lookup())
        counts.append(cache.get(f"rl:public_register:{IP}:{window()}"))
    assert admitted == [True] * 10 + [False]
    # Sent in batches of three far from the limit, then every request near it.
    assert counts == [None, None, 3, 3, 3, 6, 6, 8, 9, 10, 11]


def test_two_workers_alternating_admit_exactly_the_limit(worker):
    admitted = []
    for name in "abababababab":
        worker(name)
        admitted.append(lookup())
    assert admitted == [True] * 10 + [False, False]


def test_over_admission_is_bounded_by_the_other_workers_unsent_batch(worker):
    worker("a")
    assert [lookup() for _ in range(11)] == [True] * 10 + [False]
    # Worker b has seen nothing yet: it admits at most batch - 1 = 2 on its own count, then
    # settles, sees the total over the limit and refuses; so does a again.
    worker("b")
    assert [lookup() for _ in range(4)] == [True, True, False, False]
    worker("a")
    assert lookup() is False


def test_a_new_window_starts_afresh(worker, monkeypatch):
    worker("a")
    now = 1_800_000_000.0  # the start of a minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert [lookup() for _ in range(11)] == [True] * 10 + [False]
    now += 60
    assert [lookup() for _ in range(11)] == [True] * 10 + [False]


@pytest.mark.skipif(not os.environ.get("SHEGONG_TEST_REDIS"), reason="SHEGONG_TEST_REDIS unset")
def test_with_redis_two_workers_settle_in_one_counter(worker, monkeypatch):
    """With ``SHEGONG_TEST_REDIS=redis://127.0.0.1:6379/<db>``: two workers, each with its own
    local counts and its own Redis client (connection pool), settle into one counter with the
    window's expiry, one pipeline a settle."""
    from django.core.cache.backends.redis import RedisCache

    location = os.environ["SHEGONG_TEST_REDIS"]
    clients = {name: RedisCache(location, {"KEY_PREFIX": "rltest"}) for name in "ab"}
    key = f"rl:public_register:{IP}:{window()}"
    clients["a"].delete(key)
    admitted = []
    for name in "abababababab":
        worker(name)
        monkeypatch.setattr(ratelimit, "cache", clients[name])
        monkeypatch.setattr(ratelimit, "caches", {"default": clients[name]})
        assert ratelimit._redis_client(key) is not None  # the pipeline, not Django's incr
        admitted.append(lookup())
    assert admitted == [True] * 10 + [False, False]
    assert clients["b"].get(key) == 12
    redis = clients["a"]._cache.get_client(key)
    assert 0 < redis.ttl(clients["a"].make_and_validate_key(key)) <= 61
    clients["a"].delete(key)
