"""FIN-3: the evaluation panel, its random draw and recusals, the scores, the ranking, the award,
challenges and the contract after them (services and rules, at their edges)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core.models import AuditRecord
from shegong.core.permissions import restrict
from shegong.funding.tests.data import line as budget_line
from shegong.procurement import overdue, rules, services
from shegong.procurement.models import Award, Challenge, PanelDraw, Result

from .data import world
from .evaldata import AWARD_DAY, SEED, awarded, eval_world, panel, score_all

pytestmark = pytest.mark.django_db
__all__ = ["eval_world", "world"]
D = Decimal


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lowest", "price", "weight", "expected"),
    [
        ("90000.00", "90000.00", "30", "30.00"),
        ("90000.00", "100000.00", "30", "27.00"),
        ("90000.00", "120000.00", "30", "22.50"),
        ("100000.00", "300000.00", "10", "3.33"),
        ("100000.00", "150000.00", "10", "6.67"),  # 6.666… half up
    ],
)
def test_price_score_is_the_lowest_price_over_the_bids_times_the_weight(
    lowest, price, weight, expected
):
    assert rules.price_score(D(lowest), D(price), D(weight)) == D(expected)


def test_ranking_by_total_then_the_lower_price():
    ranked = rules.ranking(
        [("x", D("87.00"), D("120000")), ("y", D("87.00"), D("100000")), ("z", D("90"), D("1"))]
    )
    assert [(r.key, r.rank) for r in ranked] == [("z", 1), ("y", 2), ("x", 3)]


def test_mean_points_to_the_hundredth():
    assert rules.mean_points([D("60"), D("61"), D("61")]) == D("60.67")


@pytest.mark.parametrize(
    ("lodged", "ok"),
    [(date(2026, 11, 2), True), (date(2026, 11, 11), True), (date(2026, 11, 12), False)],
)
def test_challenge_window_is_the_notice_day_to_the_seventh_working_day(lodged, ok):
    # Monday 2 November 2026: working days 3, 4, 5, 6, 9, 10, 11 November.
    assert (rules.challenge_problem(date(2026, 11, 2), lodged) is None) is ok


def test_draw_is_reproducible_from_its_seed_and_takes_the_field_first():
    first = rules.draw_experts("s1", [5, 3, 9, 1], [20, 21], 3)
    assert first == rules.draw_experts("s1", [1, 3, 5, 9], [21, 20], 3)
    assert set(first) <= {1, 3, 5, 9}
    assert rules.draw_experts("s1", [1, 2], [20, 21], 3)[:2] in ([1, 2], [2, 1])


# --- the panel -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "experts", "problem"),
    [
        (5, 4, None),
        (5, 3, "At least 2/3"),  # 3/5 < 2/3
        (4, 3, "at least 5 members"),
        (6, 4, "odd number"),
        (7, 5, None),
        (7, 4, "At least 2/3"),
        (9, 6, None),  # exactly two thirds
        (9, 5, "At least 2/3"),  # one fewer
    ],
)
def test_panel_size_and_expert_share(eval_world, size, experts, problem):
    w = eval_world
    if problem is None:
        made = panel(w, size, experts)
        assert made.members.count() == size
        assert made.members.filter(kind="expert").count() == experts
    else:
        with pytest.raises(ValidationError, match=problem):
            panel(w, size, experts)


def test_the_draw_leaves_out_experts_tied_to_a_bidder_and_keeps_its_seed(eval_world):
    w = eval_world
    made = panel(w, 7, 5)
    names = set(made.members.values_list("name", flat=True))
    assert not names & {"专家受雇", "专家关联", "专家停用"}
    assert "专家其他领域" not in names  # eight of the field: the field first
    draw = PanelDraw.objects.get(panel=made)
    assert draw.seed == SEED
    assert sorted(e[1] for e in draw.excluded) == ["专家关联", "专家受雇"]
    assert draw.drawn == rules.draw_experts(SEED, draw.matching, draw.others, 5)
    record = AuditRecord.objects.get(model="procurement.paneldraw", action="create")
    assert SEED in record.reason and record.after["seed"] == SEED


def test_a_pool_too_small_is_refused_with_the_numbers(eval_world):
    with pytest.raises(ValidationError, match="9 eligible experts"):
        panel(eval_world, 13, 10)


def test_a_panel_needs_the_representatives_it_leaves_room_for(eval_world):
    w = eval_world
    with pytest.raises(ValidationError, match="Name 2 representatives"):
        services.form_panel(w["officer"], w["procurement"], 7, 5, ["一人"], SEED)


def test_only_the_buyers_officer_forms_the_panel(eval_world):
    w = eval_world
    for who in ("luohu_officer", "city_officer"):
        with pytest.raises(PermissionDenied):
            services.form_panel(w[who], w["procurement"], 5, 4, ["代表"], SEED)


def test_a_recusal_draws_a_replacement_and_is_kept(eval_world):
    w = eval_world
    made = panel(w)
    member = made.members.filter(kind="expert").first()
    new = services.recuse(w["officer"], member, "曾在投标机构任职", seed="r1")
    member.refresh_from_db()
    assert member.status == "recused" and member.recusal_reason == "曾在投标机构任职"
    assert member.replaced_by == new and new.kind == "expert" and new.expert != member.expert
    assert made.members.filter(status="serving").count() == 5
    assert PanelDraw.objects.filter(panel=made).count() == 2
    with pytest.raises(ValidationError, match="already recused"):
        services.recuse(w["officer"], member, "again")


def test_a_member_recuses_themselves_but_not_another(eval_world):
    w = eval_world
    made = panel(w)
    mine = (
        made.members.get(user=w["expert_users"][0])
        if made.members.filter(user=w["expert_users"][0]).exists()
        else None
    )
    others = made.members.exclude(user=w["expert_users"][0]).filter(kind="expert")
    with pytest.raises(PermissionDenied):
        services.recuse(w["expert_users"][0], others.first(), "不是我")
    if mine is not None:
        services.recuse(w["expert_users"][0], mine, "与投标人有亲属关系", seed="r2")


def test_a_representatives_recusal_names_the_replacement(eval_world):
    w = eval_world
    made = panel(w)
    rep = made.members.get(kind="representative")
    with pytest.raises(ValidationError):
        services.recuse(w["officer"], rep, "回避")
    new = services.recuse(w["officer"], rep, "回避", replacement="新代表")
    assert new.name == "新代表"


# --- scores, ranking, award ------------------------------------------------------------------


def test_scores_from_0_to_the_weight(eval_world):
    w = eval_world
    made = panel(w)
    member = made.members.first()
    criterion = w["procurement"].criteria.get(is_price=False)  # weight 70
    sheet = {(w["bids"][k].pk, criterion.pk): D("70") for k in "abc"}
    services.record_scores(w["officer"], member, sheet)
    sheet[(w["bids"]["a"].pk, criterion.pk)] = D("70.01")
    with pytest.raises(ValidationError, match="from 0 to 70 points"):
        services.record_scores(w["officer"], member, sheet)
    sheet[(w["bids"]["a"].pk, criterion.pk)] = D("-0.01")
    with pytest.raises(ValidationError, match="from 0 to 70 points"):
        services.record_scores(w["officer"], member, sheet)
    del sheet[(w["bids"]["a"].pk, criterion.pk)]
    with pytest.raises(ValidationError, match="Score 服务方案 of 福田社工服务中心"):
        services.record_scores(w["officer"], member, sheet)


def test_evaluation_needs_every_member_scored(eval_world):
    w = eval_world
    made = panel(w)
    with pytest.raises(ValidationError, match="Not every member has scored"):
        services.evaluate(w["officer"], w["procurement"])
    score_all(w, made)
    services.evaluate(w["officer"], w["procurement"])


def test_ranking_totals_and_award_to_the_top(eval_world):
    w = eval_world
    made_award = awarded(w)
    results = {
        r.bid.organisation.name: r for r in Result.objects.select_related("bid__organisation")
    }
    assert {n: (r.rank, r.quality_score, r.price_score, r.total) for n, r in results.items()} == {
        "南山社工服务中心": (1, D("65.00"), D("22.50"), D("87.50")),
        "福田社工服务中心": (2, D("60.00"), D("27.00"), D("87.00")),
        "罗湖社工服务中心": (3, D("50.00"), D("30.00"), D("80.00")),
    }
    assert made_award.supplier.name == "南山社工服务中心"
    assert made_award.amount == D("120000.00")
    w["procurement"].refresh_from_db()
    assert w["procurement"].status == "awarded" and w["procurement"].awarded_on == AWARD_DAY
    assert services.awarded_supplier(w["procurement"]).name == "南山社工服务中心"


def test_equal_totals_go_to_the_lower_price(eval_world):
    w = eval_world
    made = panel(w)
    score_all(w, made, {"a": D("60"), "b": D("50"), "c": D("64.50")})  # a and c: 87.00
    services.evaluate(w["officer"], w["procurement"])
    first = Result.objects.get(rank=1)
    assert first.bid == w["bids"]["a"] and first.total == D("87.00")


def test_a_failed_tender_gets_no_panel(world, eval_world):
    w = eval_world
    w["procurement"].status = "failed"
    w["procurement"].save()
    with pytest.raises(ValidationError):
        panel(w)


# --- challenges and the contract ---------------------------------------------------------------


@pytest.mark.parametrize(("day", "ok"), [(date(2026, 11, 11), True), (date(2026, 11, 12), False)])
def test_a_challenge_on_the_seventh_working_day_not_the_eighth(eval_world, day, ok):
    w = eval_world
    awarded(w)
    act = lambda: services.lodge_challenge(  # noqa: E731
        w["admins"]["a"], w["procurement"], w["orgs"]["a"], "评分有误", on=day
    )
    if ok:
        made = act()
        assert made.answer_due == date(2026, 11, 20)  # 7 working days after 11 November
    else:
        with pytest.raises(ValidationError, match="to 2026-11-11"):
            act()


def test_only_a_bidder_challenges_once(eval_world, world):
    w = eval_world
    awarded(w)
    services.lodge_challenge(w["admins"]["a"], w["procurement"], w["orgs"]["a"], "x", on=AWARD_DAY)
    with pytest.raises(ValidationError, match="already challenged"):
        services.lodge_challenge(
            w["admins"]["a"], w["procurement"], w["orgs"]["a"], "y", on=AWARD_DAY
        )


def _contract(w, signed_on):
    line = budget_line(w["tree"]["futian"], amount=D("500000.00"))
    return services.create_contract(
        w["officer"],
        w["procurement"],
        {
            "number": "FT-2026-001",
            "title": "长者服务项目合同",
            "signed_on": signed_on,
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 12, 31),
            "outputs": "服务1000人次",
            "outcome_targets": "满意度90%",
        },
        [(line, D("120000.00"))],
    )


def test_a_pending_challenge_blocks_the_contract_and_a_dismissal_frees_it(eval_world):
    w = eval_world
    awarded(w)
    challenge = services.lodge_challenge(
        w["admins"]["a"], w["procurement"], w["orgs"]["a"], "评分有误", on=AWARD_DAY
    )
    with pytest.raises(ValidationError, match="awaits its answer"):
        _contract(w, date(2026, 11, 10))
    with pytest.raises(PermissionDenied):
        services.decide_challenge(w["luohu_officer"], challenge, False, "无理")
    with pytest.raises(ValidationError, match="reasons"):
        services.decide_challenge(w["officer"], challenge, False, "")
    services.decide_challenge(w["officer"], challenge, False, "评分复核无误", on=date(2026, 11, 5))
    contract = _contract(w, date(2026, 11, 10))
    assert contract.supplier.name == "南山社工服务中心"


@pytest.mark.parametrize(("days", "ok"), [(30, True), (31, False)])
def test_the_contract_on_day_30_not_31(eval_world, days, ok):
    w = eval_world
    awarded(w)
    if ok:
        assert _contract(w, AWARD_DAY + timedelta(days=days)).signed_on == date(2026, 12, 2)
    else:
        with pytest.raises(ValidationError, match="2026-12-02 at the latest"):
            _contract(w, AWARD_DAY + timedelta(days=days))


def test_an_upheld_challenge_revokes_and_the_bids_are_evaluated_again(eval_world):
    w = eval_world
    first = awarded(w)
    challenge = services.lodge_challenge(
        w["admins"]["a"], w["procurement"], w["orgs"]["a"], "评分有误", on=AWARD_DAY
    )
    services.decide_challenge(
        w["officer"], challenge, True, "评分计算错误", outcome="re_evaluate", on=date(2026, 11, 4)
    )
    first.refresh_from_db()
    w["procurement"].refresh_from_db()
    assert first.status == "revoked" and first.revocation_reason == "评分计算错误"
    assert w["procurement"].status == "bids_closed" and w["procurement"].awarded_on is None
    assert not Result.objects.exists()
    score_all(w, w["procurement"].panel, {"a": D("70"), "b": D("50"), "c": D("60")})
    services.evaluate(w["officer"], w["procurement"])
    second = services.award(w["officer"], w["procurement"], on=date(2026, 11, 9))
    assert second.number == 2 and second.supplier == w["orgs"]["a"]
    assert Award.objects.filter(status="active").get() == second


def test_an_upheld_challenge_may_fail_the_procurement(eval_world):
    w = eval_world
    awarded(w)
    challenge = services.lodge_challenge(
        w["admins"]["b"], w["procurement"], w["orgs"]["b"], "资格有误", on=AWARD_DAY
    )
    with pytest.raises(ValidationError, match="what follows"):
        services.decide_challenge(w["officer"], challenge, True, "成立")
    services.decide_challenge(w["officer"], challenge, True, "成立", outcome="fail")
    w["procurement"].refresh_from_db()
    assert w["procurement"].status == "failed"


def test_the_demo_challenged_tender(tree):
    from django.utils import timezone

    from shegong.core.testing import factories
    from shegong.procurement import demo
    from shegong.procurement.models import Challenge, PanelMember

    from .data import plan

    for n in range(3):
        factories.organisation(tree["futian"], f"演示机构{n}")
    today = timezone.localdate()
    plan(tree["futian"], year=today.year)
    messages = []
    tender = demo.challenged_tender(tree["futian"], today, messages.append)
    assert tender.status == "awarded"
    assert PanelMember.objects.filter(status="recused").count() == 1
    assert Challenge.objects.get().status == "dismissed"
    assert Award.objects.get().noticed_on == today - timedelta(days=20)
    assert Result.objects.count() == 3


def test_a_challenge_is_overdue_the_day_after_its_answer_deadline_until_answered(eval_world):
    """Issue 14 (overdue steps), FIN-3: lodged Monday 2 November 2026, answer due Wednesday
    11 November (7 working days); lodged 11 November, due Friday 20 November."""
    w = eval_world
    awarded(w)
    first = services.lodge_challenge(
        w["admins"]["a"], w["procurement"], w["orgs"]["a"], "评分有误", on=AWARD_DAY
    )
    services.lodge_challenge(
        w["admins"]["b"], w["procurement"], w["orgs"]["b"], "价格分有误", on=date(2026, 11, 11)
    )
    late = lambda on: set(  # noqa: E731
        overdue.find("challenge_not_answered", Challenge.objects.all(), on).values_list(
            "organisation__name", flat=True
        )
    )
    assert late(date(2026, 11, 11)) == set()
    assert late(date(2026, 11, 12)) == {"福田社工服务中心"}
    assert late(date(2026, 11, 20)) == {"福田社工服务中心"}
    assert late(date(2026, 11, 21)) == {"福田社工服务中心", "罗湖社工服务中心"}
    # Answered late (13 November): no longer waiting, so no longer overdue.
    services.decide_challenge(w["officer"], first, False, "评分复核无误", on=date(2026, 11, 13))
    assert late(date(2026, 11, 21)) == {"罗湖社工服务中心"}
    # The buyer is Futian: Luohu's officer sees none of it.
    luohu = restrict(Challenge.objects.all(), w["luohu_officer"], "view", own=False)
    assert overdue.find("challenge_not_answered", luohu, date(2026, 11, 21)).count() == 0
    futian = restrict(Challenge.objects.all(), w["officer"], "view", own=False)
    assert overdue.find("challenge_not_answered", futian, date(2026, 11, 21)).count() == 1
