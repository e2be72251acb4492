"""REG-6 at city scale: opening scoring and computing the results of a large cycle run as a
background job (a progress bar, the list of assessments to download), through the pages and the
API; what a step would refuse is refused at once, with nothing written and no job started; the
rows are written in bulk and stay in the audit trail."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.assessment import services
from shegong.assessment.choices import CycleStatus, Rating, Side
from shegong.assessment.models import Assessment, ScoreSheet
from shegong.core import audit
from shegong.core.models import AuditRecord, Job, JobStatus
from shegong.workforce import services as workforce
from shegong.workforce.tests import data as wdata

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    w = data.build(tree)
    w["employments"] = [
        data.employ(w["employer"], w["futian"], w["post_type"], w["unit"]) for _ in range(3)
    ]
    return w


@pytest.fixture
def small_limit(monkeypatch):
    """Two people still run within the request; three go to the background."""
    monkeypatch.setattr(services.steps, "INLINE_LIMIT", 2)


def _csv(job: Job) -> list[list[str]]:
    with job.result_file.open("rb") as f:
        return list(csv.reader(io.StringIO(f.read().decode("utf-8-sig"))))


def test_a_large_cycle_opens_in_the_background_with_progress_and_the_list(client, w, small_limit):
    c = data.cycle(w["futian"])
    client.force_login(w["officer"])
    response = client.post(reverse("assessment:assessmentcycle_open", args=[c.pk]), {})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # Without a broker the job ran at once; with one, the job page shows its progress.
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.total) == (3, 3)
    assert job.created_by == w["officer"] and "(3" in job.title
    c.refresh_from_db()
    assert c.status == CycleStatus.SCORING_OPEN
    people = {e.person_id for e in w["employments"]}
    assert set(c.assessments.values_list("person_id", flat=True)) == people
    # one sheet for the employer and one for the served unit, each
    assert ScoreSheet.objects.filter(assessment__cycle=c, side=Side.EMPLOYER).count() == 3
    assert ScoreSheet.objects.filter(assessment__cycle=c, side=Side.SERVED_UNIT).count() == 3
    rows = _csv(job)
    assert {r[0] for r in rows[1:]} == {e.person.name for e in w["employments"]}
    assert all(r[1] == w["employer"].name and r[2] == w["served"].name for r in rows[1:])
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("core:job_download", args=[job.pk]) in page
    # each row's history shows its creation by the job's user; the chain verifies
    a = c.assessments.first()
    (created,) = [r for r in audit.history_entries(a) if r.action == "create"]
    assert created.actor == w["officer"] and created.after["person"] == a.person_id
    assert not list(audit.verify_chain())


def test_at_the_limit_the_step_runs_within_the_request(client, w, small_limit):
    c = data.cycle(w["futian"])
    workforce.end_employment(None, w["employments"][0], data.today() - timedelta(days=1))
    client.force_login(w["officer"])
    response = client.post(reverse("assessment:assessmentcycle_open", args=[c.pk]), {})
    assert response.status_code == 302 and response["Location"] == c.get_absolute_url()
    assert not Job.objects.exists()
    assert c.assessments.count() == 2


def test_a_refusal_comes_at_once_and_starts_nothing(client, w, small_limit):
    c = data.cycle(w["futian"])
    without_form = wdata.post_type(designated=False)
    data.employ(w["employer"], w["futian"], without_form)
    client.force_login(w["officer"])
    response = client.post(reverse("assessment:assessmentcycle_open", args=[c.pk]), {})
    assert response.status_code == 200
    assert "no active assessment form" in response.content.decode()
    api = client.post(f"/api/v1/assessment-cycles/{c.pk}/open-scoring/", {}, format="json")
    assert api.status_code == 400 and "no active assessment form" in api.content.decode()
    c.refresh_from_db()
    assert c.status == CycleStatus.DRAFT
    assert not Job.objects.exists() and not Assessment.objects.exists()


def test_the_api_answers_202_and_the_results_are_computed_in_the_background(client, w, small_limit):
    c = data.cycle(w["futian"])
    client.force_login(w["officer"])
    opened = client.post(
        f"/api/v1/assessment-cycles/{c.pk}/open-scoring/", {"reason": "年度考核"}, format="json"
    )
    assert opened.status_code == 202, opened.content
    body = opened.json()
    assert body["url"].endswith(f"/api/v1/jobs/{body['job']}/") and opened["Location"]
    assert client.get(body["url"]).json()["status"] == "done"
    in_order = Assessment.objects.filter(cycle=c).order_by("pk")
    for a, value in zip(in_order, [95, 80, 50], strict=True):
        data.score(a, value)
    closed = client.post(f"/api/v1/assessment-cycles/{c.pk}/close-scoring/", {}, format="json")
    assert closed.status_code == 202, closed.content
    job = Job.objects.get(pk=closed.json()["job"])
    assert job.status == JobStatus.DONE and job.total == 3
    c.refresh_from_db()
    assert c.status == CycleStatus.SCORING_CLOSED and c.results_computed_at
    ratings = sorted(Assessment.objects.filter(cycle=c).values_list("rating", flat=True))
    assert ratings == sorted([Rating.EXCELLENT, Rating.COMPETENT, Rating.NOT_COMPETENT])
    rows = _csv(job)
    assert sorted(r[5] for r in rows[1:]) == ["50.00", "80.00", "95.00"]
    assert {r[6] for r in rows[1:]} == {str(Rating(r).label) for r in ratings}


def test_computing_again_writes_only_what_changes(tree):
    c, assessed = data.run_to_results(data.build(tree), [95, 80])
    updates = AuditRecord.objects.filter(model="assessment.assessment", action="update")
    before = updates.count()
    with CaptureQueriesContext(connection) as queries:
        services.compute_results(None, c)
    assert updates.count() == before  # nothing changed, nothing written
    # Issue 13: the inputs are read as values; no assessment, person or organisation is
    # loaded as a model when none changes.
    assert not [q["sql"] for q in queries if '"people_person"' in q["sql"]]
    first = Assessment.objects.get(pk=assessed[0].pk)
    assert first.rating == Rating.EXCELLENT and first.version == assessed[0].version
    assert not list(audit.verify_chain())


def test_one_changed_score_rewrites_that_person_and_those_the_cap_moves(tree):
    """Issue 13: computing again reads every input but writes only the results that change.
    10 people of one organisation: 1 excellent place (15 %). 95 keeps it and 91 is demoted;
    then one 80 becomes 96: 96 takes the place and 95 is demoted, 91 stays demoted with the
    same note; the seven others are untouched."""
    c, assessed = data.run_to_results(data.build(tree), [95, 91] + [80] * 8)
    assert [a.rating for a in assessed[:3]] == [
        Rating.EXCELLENT,
        Rating.COMPETENT,
        Rating.COMPETENT,
    ]
    ScoreSheet.objects.filter(assessment=assessed[2]).update(total=Decimal("96.00"))
    updates = AuditRecord.objects.filter(model="assessment.assessment", action="update")
    before = set(updates.values_list("pk", flat=True))
    services.compute_results(None, c)
    written = updates.exclude(pk__in=before)
    assert sorted(written.values_list("object_id", flat=True)) == sorted(
        [str(assessed[0].pk), str(assessed[2].pk)]
    )
    now = {a.pk: a for a in Assessment.objects.filter(cycle=c)}
    assert now[assessed[2].pk].rating == Rating.EXCELLENT
    assert now[assessed[2].pk].combined_score == Decimal("96.00")
    assert now[assessed[0].pk].rating == Rating.COMPETENT and now[assessed[0].pk].cap_demoted
    assert now[assessed[1].pk].version == assessed[1].version  # still demoted: not written
    assert [now[a.pk].version for a in assessed[3:]] == [a.version for a in assessed[3:]]
    assert not list(audit.verify_chain())
