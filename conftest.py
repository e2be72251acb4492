"""Test settings for every run: fast hashing, jobs inside the request, a throwaway media folder."""

import os

import pytest
from hypothesis import HealthCheck, settings

# Property tests on a loaded machine (issue 12, defect 10): no per-example deadline and no
# health check that fails a test for being slow or for the data it draws. Loaded by default;
# HYPOTHESIS_PROFILE=default gives Hypothesis's own settings back.
settings.register_profile(
    "shegong",
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "shegong"))


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Audit checkpoints (core/checkpoints.py) of one test's database stay with that test.
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit_checkpoints.jsonl")
    settings.CELERY_BROKER_URL = ""
    # Jobs run inside the request that starts them: done when start_job returns (ADR 0043).
    settings.JOBS_RUN_IN_REQUEST = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A signed-in session is renewed at most once a minute (SlidingSessionMiddleware); in tests
    # never, so that the first request after signing in costs what the next ones do (query
    # counts). accounts/tests/test_login.py tests the renewal with the real setting.
    settings.SESSION_RENEW_SECONDS = 10**12
    # What a process keeps between requests starts empty in every test (a test's districts
    # are not the last test's).
    from shegong.portal.forms import forget_districts

    forget_districts()


@pytest.fixture
def english(settings):
    """Messages in English, whatever the default language and its catalogue say (the Chinese
    catalogue has its own test, ``core/tests/test_i18n.py``), and throttle and rate-limit
    counters fresh. The apps' test folders use it for every test (their ``conftest.py``)."""
    from django.core.cache import cache
    from django.utils import translation

    from shegong.portal.ratelimit import forget_local

    settings.LANGUAGE_CODE = "en"
    cache.clear()
    forget_local()
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    from shegong.core.testing.factories import city_tree

    return city_tree()
