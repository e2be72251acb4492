"""The tender stage through the services (FIN-3, GOV-1): plans per district, a procurement
from a plan item, publication with its checks, clarifications that move the deadline, the
single-source notice with its objections and award, and who may do each in two districts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.core.permissions import restrict
from shegong.core.services import create_record
from shegong.procurement import services
from shegong.procurement.models import Criterion, PlanItem, Procurement, PurchasePlan

from .data import criteria, item, plan, tender, today, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


def messages(exc) -> list[str]:
    return sorted(exc.value.messages)


# --- Plans (GOV-1: districts purchase) -----------------------------------------------------------


def test_a_district_officer_plans_for_their_district_only(world):
    tree = world["tree"]
    mine = create_record(
        world["officer"], PurchasePlan, {"area": tree["futian"], "year": 2027, "title": "计划"}
    )
    assert mine.area == tree["futian"]
    with pytest.raises(PermissionDenied):
        create_record(
            world["officer"], PurchasePlan, {"area": tree["luohu"], "year": 2027, "title": "计划"}
        )
    with pytest.raises(PermissionDenied):
        create_record(
            world["city_officer"], PurchasePlan, {"area": tree["luohu"], "year": 2028, "title": "x"}
        )


def test_a_plan_belongs_to_a_district_once_a_year(world):
    with pytest.raises(ValidationError) as exc:
        plan(world["tree"]["city"])
    assert "A purchase plan belongs to a district." in exc.value.messages
    with pytest.raises(ValidationError):
        plan(world["tree"]["futian"], 2026)  # the world has Futian's 2026 plan


def test_an_item_names_its_posts_or_its_project(world):
    with pytest.raises(ValidationError) as exc:
        item(world["plan_futian"], kind="posts", posts=None)
    assert exc.value.message_dict == {"posts": ["Give the number of posts to purchase."]}
    with pytest.raises(ValidationError) as exc:
        item(world["plan_futian"], kind="project", project=" ")
    assert exc.value.message_dict == {"project": ["Name the project to purchase."]}
    posts = item(world["plan_futian"], kind="posts", posts=12, project="")
    assert posts.estimated_value == Decimal("800000.00")
    assert PlanItem.objects.filter(plan=world["plan_futian"]).count() == 2


# --- A procurement from a plan item ---------------------------------------------------------------


def test_the_buyer_is_the_district_of_the_plan_and_only_its_officers_create(world):
    mine = tender(world["item_futian"], world["officer"])
    assert mine.buyer == world["tree"]["futian"]
    assert mine.status == "draft"
    for outsider in ("luohu_officer", "city_officer", "org_admin"):
        with pytest.raises(PermissionDenied):
            tender(world["item_futian"], world[outsider])


def test_an_open_tender_deadline_of_nineteen_days_is_refused_twenty_accepted(world):
    with pytest.raises(ValidationError) as exc:
        tender(world["item_futian"], bid_deadline=today() + timedelta(days=19))
    earliest = (today() + timedelta(days=20)).isoformat()
    assert exc.value.message_dict == {
        "bid_deadline": [
            "The bid deadline must be at least 20 days after publication: "
            f"{earliest} at the earliest."
        ]
    }
    assert tender(world["item_futian"], bid_deadline=today() + timedelta(days=20)).pk


def test_publication_checks_the_criteria_and_the_price_weight(world):
    draft = tender(world["item_futian"])
    with pytest.raises(ValidationError) as exc:
        services.publish(world["officer"], draft)
    assert messages(exc) == [
        "The criteria need a price criterion.",
        "The criteria's weights add up to 0 %, not 100 %.",
    ]
    with pytest.raises(ValidationError) as exc:
        criteria(draft, price=Decimal("9.99"))
    assert exc.value.message_dict == {
        "weight": ["The price must weigh at least 10 % of the score of a service."]
    }
    criteria(draft, price=Decimal("10"))
    done = services.publish(world["officer"], draft, reason="计划内采购")
    assert (done.status, done.published_on) == ("published", today())
    assert AuditRecord.objects.filter(
        model="procurement.procurement", object_id=str(done.pk), reason="计划内采购"
    ).exists()
    assert list(verify_chain()) == []


def test_the_deadline_is_checked_again_on_the_day_of_publication(world):
    draft = tender(world["item_futian"], bid_deadline=today() + timedelta(days=20))
    criteria(draft)
    with pytest.raises(ValidationError) as exc:
        services.publish(world["officer"], draft, on=today() + timedelta(days=1))
    assert list(exc.value.message_dict) == ["bid_deadline"]
    assert Procurement.objects.get(pk=draft.pk).status == "draft"


def test_only_the_buyer_districts_officer_publishes(world):
    draft = tender(world["item_futian"])
    criteria(draft)
    for outsider in ("luohu_officer", "city_officer", "org_admin"):
        with pytest.raises(PermissionDenied):
            services.publish(world[outsider], draft)
    assert Procurement.objects.get(pk=draft.pk).status == "draft"


def test_criteria_and_edits_only_while_a_draft(world):
    draft = tender(world["item_futian"])
    criteria(draft)
    published = services.publish(world["officer"], draft)
    with pytest.raises(ValidationError) as exc:
        services.create_criterion(
            world["officer"], Criterion, {"procurement": published, "name": "x", "weight": 1}
        )
    assert exc.value.messages == [
        "长者服务项目公开招标 is published; it can be given criteria only when it is draft."
    ]
    with pytest.raises(ValidationError):
        services.update_procurement(world["officer"], published, {"title": "新标题"})


# --- Clarifications (MoF Order 87 art. 27) -------------------------------------------------------


def published_tender(world, days=20):
    draft = tender(world["item_futian"], bid_deadline=today() + timedelta(days=days))
    criteria(draft)
    return services.publish(world["officer"], draft)


def test_a_change_fifteen_days_before_the_deadline_leaves_it(world):
    p = published_tender(world)  # deadline: today + 20
    c = services.clarify(world["officer"], p, "补充说明", True, on=today() + timedelta(days=5))
    assert (c.deadline_before, c.deadline_after) == (p.bid_deadline, p.bid_deadline)
    assert not c.moved_deadline
    assert Procurement.objects.get(pk=p.pk).bid_deadline == today() + timedelta(days=20)


def test_a_change_fourteen_days_before_moves_the_deadline_and_records_the_move(world):
    p = published_tender(world)
    on = today() + timedelta(days=6)
    c = services.clarify(world["officer"], p, "修改服务内容", True, on=on)
    moved = on + timedelta(days=15)  # today + 21
    assert (c.deadline_before, c.deadline_after) == (today() + timedelta(days=20), moved)
    assert c.moved_deadline
    p.refresh_from_db()
    assert p.bid_deadline == moved
    record = (
        AuditRecord.objects.filter(model="procurement.procurement", object_id=str(p.pk))
        .order_by("-pk")
        .first()
    )
    assert (record.before["bid_deadline"], record.after["bid_deadline"]) == (
        (today() + timedelta(days=20)).isoformat(),
        moved.isoformat(),
    )


def test_a_clarification_that_changes_nothing_never_moves_the_deadline(world):
    p = published_tender(world)
    c = services.clarify(world["officer"], p, "答疑", False, on=today() + timedelta(days=19))
    assert c.deadline_after == today() + timedelta(days=20)


def test_no_clarification_of_a_draft_after_the_deadline_or_by_another_district(world):
    draft = tender(world["item_futian"])
    with pytest.raises(ValidationError) as exc:
        services.clarify(world["officer"], draft, "x", True)
    assert exc.value.messages == [
        "长者服务项目公开招标 is draft; it can be clarified only when it is published."
    ]
    p = published_tender(world)
    with pytest.raises(ValidationError) as exc:
        services.clarify(world["officer"], p, "x", True, on=today() + timedelta(days=20))
    deadline = (today() + timedelta(days=20)).isoformat()
    assert exc.value.messages == [
        f"Bids closed on {deadline}; the documents can no longer be clarified."
    ]
    with pytest.raises(PermissionDenied):
        services.clarify(world["luohu_officer"], p, "x", True)


# --- Single source (Implementing Regulations art. 38) --------------------------------------------


def single_source(world):
    the_item = item(world["plan_futian"], method="single_source")
    return services.create_procurement(
        world["officer"],
        Procurement,
        {
            "plan_item": the_item,
            "title": "专项服务单一来源采购",
            "single_source_reason": "唯一具备该专项资质的机构",
            "proposed_supplier": world["org_futian"],
        },
    )


def test_a_single_source_needs_a_written_reason_and_a_supplier(world):
    the_item = item(world["plan_futian"], method="single_source")
    with pytest.raises(ValidationError) as exc:
        services.create_procurement(
            world["officer"], Procurement, {"plan_item": the_item, "title": "单一来源"}
        )
    assert exc.value.message_dict == {
        "single_source_reason": ["A single source needs a written reason."],
        "proposed_supplier": ["Name the supplier of the single source."],
    }


def test_the_single_source_award_waits_for_five_working_days_of_notice(world):
    p = services.publish(world["officer"], single_source(world), on=date(2026, 3, 5))  # Thu
    # Open to objections Fri 6, Mon 9, Tue 10, Wed 11, Thu 12.
    with pytest.raises(ValidationError) as exc:
        services.award_single_source(world["officer"], p, on=date(2026, 3, 12))
    assert exc.value.messages == [
        "The single-source notice is open to objections until 2026-03-12; the award can be "
        "made from the next day."
    ]
    with pytest.raises(PermissionDenied):
        services.award_single_source(world["luohu_officer"], p, on=date(2026, 3, 13))
    done = services.award_single_source(world["officer"], p, on=date(2026, 3, 13))
    assert (done.status, done.awarded_on) == ("awarded", date(2026, 3, 13))


def test_objections_are_lodged_during_the_notice_only(world):
    p = services.publish(world["officer"], single_source(world), on=date(2026, 3, 5))
    org_admin = world["org_admin"]
    o = services.lodge_objection(
        org_admin, p, world["org_luohu"], "我方同样具备资质", date(2026, 3, 12)
    )
    assert o.lodged_on == date(2026, 3, 12)
    with pytest.raises(ValidationError) as exc:
        services.lodge_objection(org_admin, p, world["org_luohu"], "迟到", date(2026, 3, 13))
    assert exc.value.messages == [
        "The notice was open to objections from 2026-03-05 to 2026-03-12."
    ]
    # An organisation's administrator objects in the name of their own organisation only.
    with pytest.raises(PermissionDenied):
        services.lodge_objection(org_admin, p, world["org_futian"], "冒名", date(2026, 3, 9))


def test_an_open_tender_has_no_objection_notice(world):
    p = published_tender(world)
    with pytest.raises(ValidationError) as exc:
        services.lodge_objection(world["org_admin"], p, world["org_luohu"], "x")
    assert exc.value.messages == ["Only a single-source notice is open to objections."]
    with pytest.raises(ValidationError) as exc:
        services.award_single_source(world["officer"], p)
    assert exc.value.messages == ["Only a single-source procurement is awarded this way."]


def test_cancelling_needs_a_reason(world):
    draft = tender(world["item_futian"])
    with pytest.raises(ValidationError) as exc:
        services.cancel(world["officer"], draft, " ")
    assert exc.value.message_dict == {"reason": ["Give the reason for cancelling."]}
    assert services.cancel(world["officer"], draft, "预算调整").status == "cancelled"


# --- Who sees what --------------------------------------------------------------------------------


def test_organisations_see_published_procurements_only_officials_their_area(world):
    draft_futian = tender(world["item_futian"])
    draft_luohu = tender(world["item_luohu"])
    criteria(draft_luohu)
    published_luohu = services.publish(None, draft_luohu)
    everything = Procurement.objects.all()
    assert set(restrict(everything, world["org_admin"])) == {published_luohu}
    assert set(restrict(everything, world["officer"])) == {draft_futian}
    assert set(restrict(everything, world["luohu_officer"])) == {published_luohu}
    assert set(restrict(everything, world["city_officer"])) == {draft_futian, published_luohu}
    # The parts follow: a draft's criteria are not shown to organisations.
    criteria(draft_futian)
    assert set(
        restrict(Criterion.objects.all(), world["org_admin"]).values_list("procurement", flat=True)
    ) == {published_luohu.pk}
