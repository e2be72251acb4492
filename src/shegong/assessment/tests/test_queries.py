"""Query-count ceilings: a list of many assessments, sheets or appeals costs the same number of
queries as a list of a few, in the pages and the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.assessment import services

from . import data

pytestmark = pytest.mark.django_db

URLS = [
    "/assessment/assessments/",
    "/assessment/scoresheets/",
    "/assessment/appeals/",
    "/assessment/assessmentcycles/",
    "/api/v1/assessments/",
    "/api/v1/score-sheets/",
    "/api/v1/assessment-appeals/",
]


def _published(w, n, year):
    for _ in range(n):
        data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    c = services.open_scoring(None, data.cycle(w["futian"], year=year))
    for a in c.assessments.all():
        data.score(a, 80)
    c = services.publish(None, services.close_scoring(None, c))
    for a in c.assessments.select_related("person__user"):
        services.lodge_appeal(a.person.user, a, grounds="理由")


def _counts(client):
    found = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = len(ctx.captured_queries)
    return found


def test_lists_cost_the_same_for_many_rows(client, tree):
    w = data.build(tree)
    client.force_login(w["city_officer"])
    _published(w, 2, data.today().year)
    few = _counts(client)
    _published(w, 10, data.today().year - 1)  # another cycle: 12 more assessments
    assert _counts(client) == few
