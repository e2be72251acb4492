"""ORG-3 (ADR 0055, 0060): an evaluator who stands aside, or is excluded for a tie, no longer
reads the application's private data, through every channel: the application's page, the
claims (the organisation's evidence) and scores (their notes) on their pages, lists and CSV
exports, the API lists and records, and the audit trail's records. Before the recusal the
evaluator reads application A's evidence and their own draft scores; after it nothing of A,
while the other evaluator of A still reads it and the recused evaluator still reads
application B, which they score. The member excluded for a tie (on A's board) never reads A."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.grading import services
from shegong.grading.models import Claim, Score

from .data import applied, indicators

pytestmark = pytest.mark.django_db

#: A's evidence, e1's and e2's notes on A; B's evidence and e1's note on B.
A_SECRETS = ("甲机构佐证材料", "e1甲机构备注", "e2甲机构备注")
B_SECRETS = ("乙机构佐证材料", "e1乙机构备注")


def _claim(w, key, evidence):
    application = applied(w, key)
    rows = {i: (i.max_points, evidence, None) for i in indicators()}
    services.save_claims(w[f"admin_{key}"], application, rows)
    return services.submit(w[f"admin_{key}"], application, on=date(2026, 4, 1))


def _draft(application, user, note):
    assignment = application.assignments.get(evaluator=user)
    rows = {i: (i.max_points, note) for i in indicators()[:1]}
    services.score(user, assignment, rows, on=date(2026, 4, 20))
    return assignment


@pytest.fixture
def scoring(world):
    w = world
    a = _claim(w, "a", "甲机构佐证材料")
    b = _claim(w, "b", "乙机构佐证材料")
    services.assign(w["city"], a, committee=w["committee"], on=date(2026, 4, 2))  # e3: tie
    services.assign(w["city"], b, evaluators=[w["e1"], w["e4"]], on=date(2026, 4, 2))
    w["e1_on_a"] = _draft(a, w["e1"], "e1甲机构备注")
    _draft(a, w["e2"], "e2甲机构备注")
    _draft(b, w["e1"], "e1乙机构备注")
    w["app_a"], w["app_b"] = a, b
    return w


def _channels(w, application) -> dict[str, str]:
    claim = Claim.objects.filter(application=application).first()
    score = Score.objects.filter(
        assignment__application=application, assignment__evaluator=w["e1"]
    ).first()
    claim_audit = AuditRecord.objects.filter(
        model="grading.claim", object_id=str(claim.pk), action="create"
    ).first()
    score_audit = AuditRecord.objects.filter(
        model="grading.score", object_id=str(score.pk), action="create"
    ).first()
    return {
        "application page": reverse("grading:application_detail", args=[application.pk]),
        "application history": reverse("grading:application_detail", args=[application.pk])
        + "?tab=history",
        "claim page": reverse("grading:claim_detail", args=[claim.pk]),
        "claim list": reverse("grading:claim_list"),
        "claim export": reverse("grading:claim_list") + "?format=csv",
        "score page": reverse("grading:score_detail", args=[score.pk]),
        "score list": reverse("grading:score_list"),
        "score export": reverse("grading:score_list") + "?format=csv",
        "api application": reverse("api:gradingapplication-detail", args=[application.pk]),
        "api claims": reverse("api:gradingclaim-list"),
        "api claim": reverse("api:gradingclaim-detail", args=[claim.pk]),
        "api scores": reverse("api:gradingscore-list"),
        "api score": reverse("api:gradingscore-detail", args=[score.pk]),
        "audit list": reverse("core:auditrecord_list") + "?q=grading",
        "audit claim": reverse("core:auditrecord_detail", args=[claim_audit.pk]),
        "audit score": reverse("core:auditrecord_detail", args=[score_audit.pk]),
    }


def _read(client, user, urls) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[name] = (response.status_code, body.decode("utf-8-sig", "replace"))
    client.logout()
    return found


def _leaks(read, secrets) -> dict[str, list[str]]:
    found = {}
    for name, (status, body) in read.items():
        assert status in (200, 403, 404), (name, status)
        shown = [s for s in secrets if s in body]
        if shown:
            found[name] = shown
    return found


def test_before_the_recusal_the_evaluator_reads_the_evidence_and_their_own_scores(client, scoring):
    w = scoring
    read = _read(client, w["e1"], _channels(w, w["app_a"]))
    assert read["application page"][0] == 200
    assert "甲机构佐证材料" in read["claim page"][1]
    assert "甲机构佐证材料" in read["api claim"][1]
    assert "e1甲机构备注" in read["score page"][1]
    assert "e1甲机构备注" in read["api score"][1]
    # never the other evaluator's notes
    assert not any("e2甲机构备注" in body for _status, body in read.values())


def test_after_the_recusal_no_channel_shows_the_application_s_private_data(client, scoring):
    w = scoring
    services.recuse(w["e1"], w["e1_on_a"], "曾任该机构顾问")
    read = _read(client, w["e1"], _channels(w, w["app_a"]))
    assert _leaks(read, A_SECRETS) == {}
    for name in ("application page", "claim page", "score page", "api claim", "api score"):
        assert read[name][0] == 404, name
    # the recused evaluator still scores B: B's evidence and their note on it
    read_b = _read(client, w["e1"], _channels(w, w["app_b"]))
    assert "乙机构佐证材料" in read_b["claim page"][1]
    assert "e1乙机构备注" in read_b["score page"][1]
    assert {row["id"] for row in _json(client, w["e1"], "api:gradingscore-list")} == set(
        Score.objects.filter(
            assignment__evaluator=w["e1"], assignment__application=w["app_b"]
        ).values_list("pk", flat=True)
    )


def test_the_member_excluded_for_a_tie_never_reads_it_and_the_other_evaluator_still_does(
    client, scoring
):
    w = scoring
    services.recuse(w["e1"], w["e1_on_a"], "曾任该机构顾问")
    assert _leaks(_read(client, w["e3"], _channels(w, w["app_a"])), A_SECRETS + B_SECRETS) == {}
    read = _read(client, w["e2"], _channels(w, w["app_a"]))
    assert read["application page"][0] == 200
    assert "甲机构佐证材料" in read["claim page"][1]
    # e2 reads their own notes, never e1's (a score page of e1's is not theirs)
    assert read["score page"][0] == 404
    assert "e1甲机构备注" not in "".join(body for _s, body in read.values())
    e2_score = Score.objects.filter(assignment__evaluator=w["e2"]).first()
    client.force_login(w["e2"])
    page = client.get(reverse("grading:score_detail", args=[e2_score.pk])).content.decode()
    assert "e2甲机构备注" in page
    # the city's grading officials still read every score, the recused evaluator's kept
    assert Score.objects.filter(assignment=w["e1_on_a"]).exists()
    client.force_login(w["city"])
    own = Score.objects.filter(assignment=w["e1_on_a"]).first()
    page = client.get(reverse("grading:score_detail", args=[own.pk])).content.decode()
    assert "e1甲机构备注" in page


def _json(client, user, name) -> list[dict]:
    client.force_login(user)
    rows = client.get(reverse(name)).json()["results"]
    client.logout()
    return rows
