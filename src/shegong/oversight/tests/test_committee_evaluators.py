"""FIN-5, GOV-2: a coordinating committee as an evaluation's evaluator body: its active members
not tied to the supplier evaluate, a member on the supplier's board is recorded as recused
with the tie (and does not count), an inactive member is left out; on the page the committee
is chosen instead of naming evaluators, and the evaluation shows it. The Futian contract's
supplier is tied to one member; the same member is not tied to the Luohu supplier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.governance.models import Committee, CommitteeMember, DeclaredTie
from shegong.oversight import services
from shegong.oversight.models import Evaluation, EvaluatorAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(oworld):
    w = oworld
    department = create_record(
        None,
        type(w["org_futian"]),
        {
            "name": "福田区民政局",
            "credit_code": factories.credit_code(),
            "kind": "government_body",
            "area": w["tree"]["futian"],
        },
    )
    body = create_record(
        None, Committee, {"name": "福田区社会工作协调委员会", "department": department}
    )
    for key, role, active in (
        ("evaluator", "chair", True),
        ("evaluator2", "member", True),
        ("evaluator3", "member", True),
    ):
        create_record(
            None,
            CommitteeMember,
            {"committee": body, "user": w[key], "role": role, "is_active": active},
        )
    idle = factories.user("idle_member", first_name="评估员丁")
    create_record(
        None,
        CommitteeMember,
        {"committee": body, "user": idle, "role": "member", "is_active": False},
    )
    create_record(
        None,
        DeclaredTie,
        {
            "user": w["evaluator2"],
            "organisation": w["org_futian"],
            "kind": "board",
            "declared_on": date(2026, 1, 5),
        },
    )
    return body


def test_a_committee_evaluates_with_a_tied_member_recused(oworld, committee):
    w = oworld
    mid = services.plan_evaluation(
        w["officer"],
        Evaluation,
        {
            "contract": w["contract_futian"],
            "stage": "mid_term",
            "held_on": date(2026, 10, 10),
            "committee": committee,
        },
    )
    assert mid.committee == committee
    rows = [
        (a.evaluator.username, a.recused, a.recusal_reason)
        for a in EvaluatorAssignment.objects.filter(evaluation=mid).order_by("pk")
    ]
    assert rows == [
        ("evaluator1", False, ""),
        ("evaluator3", False, ""),
        ("evaluator2", True, "Tied to the supplier: Member of its board"),
    ]
    for assignment in mid.assignments.filter(recused=False):
        value = "80" if assignment.evaluator == w["evaluator"] else "71"
        services.score(assignment.evaluator, assignment, value, "现场查阅台账")
    mid = services.rate(w["officer"], mid, on=date(2026, 10, 12))
    assert (mid.score, mid.rating) == (Decimal("75.50"), "competent")
    # the same committee for the Luohu supplier: nobody tied, all three active members
    other = services.plan_evaluation(
        w["luohu_officer"],
        Evaluation,
        {
            "contract": w["contract_luohu"],
            "stage": "mid_term",
            "held_on": date(2026, 10, 10),
            "committee": committee,
        },
    )
    assert sorted(other.assignments.values_list("evaluator__username", "recused")) == [
        ("evaluator1", False),
        ("evaluator2", False),
        ("evaluator3", False),
    ]


def test_a_committee_whose_members_are_all_tied_is_refused(oworld, committee):
    w = oworld
    for key in ("evaluator", "evaluator3"):
        create_record(
            None,
            DeclaredTie,
            {
                "user": w[key],
                "organisation": w["org_futian"],
                "kind": "other",
                "declared_on": date(2026, 1, 5),
            },
        )
    with pytest.raises(ValidationError) as refused:
        services.plan_evaluation(
            w["officer"],
            Evaluation,
            {
                "contract": w["contract_futian"],
                "stage": "mid_term",
                "held_on": date(2026, 10, 10),
                "committee": committee,
            },
        )
    assert refused.value.message_dict == {
        "committee": [
            "Every active member of 福田区社会工作协调委员会 is tied to the supplier or the "
            "committee has no active member: name evaluators."
        ]
    }
    assert Evaluation.objects.count() == 0


def test_the_committee_is_chosen_on_the_form_and_shown_on_the_evaluation(client, oworld, committee):
    w = oworld
    client.force_login(w["officer"])
    form = client.get(reverse("oversight:evaluation_add"))
    assert form.status_code == 200
    assert "福田区社会工作协调委员会" in form.content.decode()
    data = {
        "contract": w["contract_futian"].pk,
        "stage": "mid_term",
        "held_on": "2026-10-10",
        "committee": committee.pk,
        "reason": "",
    }
    response = client.post(reverse("oversight:evaluation_add"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    evaluation = Evaluation.objects.get()
    assert evaluation.assignments.count() == 3
    page = client.get(reverse("oversight:evaluation_detail", args=[evaluation.pk])).content
    page = page.decode()
    assert "福田区社会工作协调委员会" in page
    assert "Tied to the supplier: Member of its board" in page
