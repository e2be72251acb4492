"""FIN-5 (ADR 0060): an evaluator who declares a recusal keeps their seat (the recusal and its
reason, as a recused procurement panel member does) but reads nothing private of the
evaluation any more: their score and private notes go, on their page, the evaluators' list,
the API list and record; the evaluation's page stays closed to them; the other evaluator still
reads their own notes, and the recused evaluator still reads theirs on another contract's
evaluation. Two contracts (Futian's, Luohu's), three evaluators."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shegong.oversight import services
from shegong.oversight.models import Evaluation

pytestmark = pytest.mark.django_db

NOTE_1, NOTE_2, NOTE_OTHER = "甲评估员私下备注", "乙评估员私下备注", "甲评估员罗湖备注"


def _plan(w, contract, officer, evaluators):
    return services.plan_evaluation(
        w[officer],
        Evaluation,
        {"contract": w[contract], "stage": "final", "held_on": date(2027, 2, 1)},
        m2m={"evaluators": [w[key] for key in evaluators]},
    )


@pytest.fixture
def scored(oworld):
    w = oworld
    futian = _plan(w, "contract_futian", "officer", ("evaluator", "evaluator2"))
    luohu = _plan(w, "contract_luohu", "luohu_officer", ("evaluator", "evaluator3"))
    w["mine"] = futian.assignments.get(evaluator=w["evaluator"])
    w["theirs"] = futian.assignments.get(evaluator=w["evaluator2"])
    w["elsewhere"] = luohu.assignments.get(evaluator=w["evaluator"])
    services.score(w["evaluator"], w["mine"], "61.25", NOTE_1)
    services.score(w["evaluator2"], w["theirs"], "70", NOTE_2)
    services.score(w["evaluator"], w["elsewhere"], "80", NOTE_OTHER)
    w["final"] = futian
    return w


def _channels(w) -> dict[str, str]:
    return {
        "seat page": reverse("oversight:evaluatorassignment_detail", args=[w["mine"].pk]),
        "other seat page": reverse("oversight:evaluatorassignment_detail", args=[w["theirs"].pk]),
        "seat list": reverse("oversight:evaluatorassignment_list"),
        "evaluation page": reverse("oversight:evaluation_detail", args=[w["final"].pk]),
        "api seats": reverse("api:evaluatorassignment-list"),
        "api seat": reverse("api:evaluatorassignment-detail", args=[w["mine"].pk]),
        "api other seat": reverse("api:evaluatorassignment-detail", args=[w["theirs"].pk]),
        "api evaluation": reverse("api:contractevaluation-detail", args=[w["final"].pk]),
    }


def _read(client, user, urls) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        found[name] = (response.status_code, response.content.decode())
    client.logout()
    return found


def test_before_the_recusal_the_evaluator_reads_their_own_notes_only(client, scored):
    w = scored
    read = _read(client, w["evaluator"], _channels(w))
    assert NOTE_1 in read["seat page"][1] and "61.25" in read["seat page"][1]
    assert NOTE_1 in read["api seat"][1]
    assert read["other seat page"][0] == 404 and read["api other seat"][0] == 404
    assert read["evaluation page"][0] == 404  # the evaluation is the officials'
    assert not any(NOTE_2 in body for _status, body in read.values())


def test_after_the_recusal_the_seat_shows_the_recusal_and_nothing_private(client, scored):
    w = scored
    services.declare_recusal(w["evaluator"], w["mine"], "曾为该机构提供督导")
    read = _read(client, w["evaluator"], _channels(w))
    for name, (status, body) in read.items():
        assert status in (200, 404), name
        assert NOTE_1 not in body and NOTE_2 not in body and "61.25" not in body, name
    assert read["seat page"][0] == 200 and "曾为该机构提供督导" in read["seat page"][1]
    assert read["evaluation page"][0] == 404 and read["api evaluation"][0] == 404
    # their seat on Luohu's evaluation keeps their notes; the other evaluator keeps theirs
    client.force_login(w["evaluator"])
    elsewhere = client.get(reverse("api:evaluatorassignment-detail", args=[w["elsewhere"].pk]))
    assert NOTE_OTHER in elsewhere.content.decode()
    client.force_login(w["evaluator2"])
    theirs = client.get(reverse("api:evaluatorassignment-detail", args=[w["theirs"].pk]))
    assert NOTE_2 in theirs.content.decode()
    # the buyer's officer sees the recusal, no score counted for it
    client.force_login(w["officer"])
    page = client.get(reverse("oversight:evaluation_detail", args=[w["final"].pk])).content
    assert "曾为该机构提供督导" in page.decode() and "61.25" not in page.decode()
