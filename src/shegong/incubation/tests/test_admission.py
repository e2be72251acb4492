"""ORG-4: admission in order of score (ties by the time of submission), the places offered and
the room of the base (exactly full and one over), refusal with reasons, occupancy over time
(a place freed on exit is free from the next day), milestones, the occupancy rate and the
outcomes per year, with expected values written out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shegong.core.audit import verify_chain
from shegong.core.testing.clock import frozen_clock
from shegong.incubation import queries, services
from shegong.incubation.choices import ApplicationStatus, Condition, Outcome
from shegong.incubation.models import Occupancy

from . import data

pytestmark = pytest.mark.django_db


def at(day, hour):
    return timezone.make_aware(datetime(2026, 3, day, hour, 0))


@pytest.fixture
def base(tree):
    made = data.base(tree["futian"], places=(("A01", 1), ("A02", 1)))
    data.rule(made, "筹备中", Condition.IN_PREPARATION, 10)
    data.rule(made, "试点领域", Condition.PILOT_FIELD, 20)
    return made


def test_admitted_in_order_of_score_and_ties_by_submission(tree, base):
    call = data.call(base, places_offered=2)
    pilot, other = data.field("01"), data.field("04")
    late_tie = data.apply(call, name="乙", fields=[pilot], at=at(5, 9))  # 30 points
    early_tie = data.apply(call, name="甲", fields=[pilot], at=at(3, 9))  # 30 points
    lower = data.apply(call, name="丙", fields=[other], at=at(2, 9))  # 10 points
    decided = data.decide(call)
    assert [(a.applicant_name, a.score, a.rank, a.status) for a in decided] == [
        ("甲", 30, 1, ApplicationStatus.ADMITTED),
        ("乙", 30, 2, ApplicationStatus.ADMITTED),
        ("丙", 10, 3, ApplicationStatus.REFUSED),
    ]
    lower.refresh_from_db()
    assert lower.decision_reason == "Refused: 10 points, rank 3 of 3; the call offers 2 places."
    early_tie.refresh_from_db()
    late_tie.refresh_from_db()
    assert early_tie.decision_reason == "Admitted: 30 points, rank 1 of 3."
    assert [(hit["name"], hit["points"]) for hit in early_tie.points] == [
        ("试点领域", 20),
        ("筹备中", 10),
    ]
    held = Occupancy.objects.order_by("place__code")
    assert [(o.place.code, o.application.applicant_name, o.starts_on) for o in held] == [
        ("A01", "甲", date(2026, 5, 1)),
        ("A02", "乙", date(2026, 5, 1)),
    ]
    assert list(verify_chain()) == []


def test_the_base_exactly_full_admits_all_and_one_over_is_refused_for_room(tree, base):
    call = data.call(base, places_offered=3)  # offers 3, the base has room for 2
    for n, name in enumerate(["甲", "乙", "丙"], start=1):
        data.apply(call, name=name, fields=[data.field("01")], at=at(n + 1, 9))
    decided = data.decide(call)
    assert [a.status for a in decided] == [
        ApplicationStatus.ADMITTED,
        ApplicationStatus.ADMITTED,
        ApplicationStatus.REFUSED,
    ]
    assert decided[2].decision_reason == (
        "Refused: 30 points, rank 3 of 3; the base has room for only 2 on the day incubation "
        "starts."
    )
    assert queries.occupancy(base, date(2026, 5, 1)) == {
        "capacity": 2,
        "occupied": 2,
        "free": 0,
        "rate": Decimal("100.0"),
    }


def test_a_call_is_decided_after_it_closes_and_once(tree, base):
    call = data.call(base)
    data.apply(call, name="甲")
    with pytest.raises(
        ValidationError, match="The call closes on 2026-03-31: decide it from the next day."
    ):
        data.decide(call, on=date(2026, 3, 31))
    data.decide(call, on=date(2026, 4, 1))
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="This call was decided on"):
        data.decide(call, on=date(2026, 4, 2))


def test_applications_only_while_the_call_is_open(tree, base):
    call = data.call(base)
    with pytest.raises(ValidationError) as exc:
        data.apply(call, name="甲", at=timezone.make_aware(datetime(2026, 4, 1, 0, 5)))
    assert exc.value.message_dict["call"] == [
        "This call takes applications from 2026-03-01 to 2026-03-31."
    ]
    # the last day, late in the evening (Asia/Shanghai), is still open
    assert data.apply(call, name="乙", at=timezone.make_aware(datetime(2026, 3, 31, 23, 50)))


def test_an_organisation_applies_once_and_a_new_one_gives_its_name(tree, base):
    call = data.call(base)
    org = data.organisation(tree["futian"])
    data.apply(call, org)
    with pytest.raises(ValidationError) as exc:
        data.apply(call, org)
    assert "organisation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        data.apply(call, None, name="")
    assert "applicant_name" in exc.value.message_dict


def test_refusal_needs_reasons(tree, base):
    call = data.call(base)
    application = data.apply(call, name="甲")
    with pytest.raises(ValidationError):
        services.refuse_application(application, actor=None, reason=" ")
    refused = services.refuse_application(application, actor=None, reason="服务方向不符合基地定位")
    assert refused.status == ApplicationStatus.REFUSED
    assert refused.decision_reason == "服务方向不符合基地定位"


@pytest.fixture
def full_room(tree):
    """A base with one room of capacity 2, both held from 2026-05-01."""
    made = data.base(tree["luohu"], places=(("R1", 2),))
    call = data.call(made, places_offered=3)
    for n, name in enumerate(["甲", "乙", "丙"], start=1):
        data.apply(call, name=name, at=at(n + 1, 9))
    data.decide(call)
    return made, call


def test_a_place_holds_its_capacity_and_not_one_more(full_room):
    made, call = full_room
    waiting = call.applications.get(applicant_name="丙")
    assert waiting.status == ApplicationStatus.REFUSED
    first = call.applications.get(applicant_name="甲")
    room = made.places.get()
    extra = data.place(made, "R2", 1)
    with pytest.raises(ValidationError) as exc:
        services.occupy(first, extra, date(2026, 5, 2), actor=None)
    assert exc.value.message_dict["application"] == [
        "The applicant already holds a place: end that occupancy first."
    ]
    assert room.occupancies.count() == 2


def test_a_place_freed_by_an_exit_is_free_from_the_next_day(tree):
    made = data.base(tree["luohu"], places=(("R1", 1),))
    call = data.call(made, places_offered=2)
    data.apply(call, name="甲", at=at(2, 9))
    data.apply(call, name="乙", at=at(3, 9))
    data.decide(call)
    second = call.applications.get(applicant_name="乙")
    assert second.status == ApplicationStatus.REFUSED
    # 乙 is admitted later by an official (a place is expected to free up)
    from shegong.core import services as core

    second = core.update_record(None, second, {"status": ApplicationStatus.ADMITTED})
    room = made.places.get()
    with pytest.raises(ValidationError) as exc:
        services.occupy(second, room, date(2026, 6, 1), actor=None)
    assert exc.value.message_dict["place"] == [
        "The place R1 is full from 2026-06-01: it holds 1 organisation(s) and 1 hold it."
    ]
    held = Occupancy.objects.get(application__applicant_name="甲")
    with frozen_clock(date(2026, 9, 1)):
        services.end_occupancy(
            held, Outcome.EXITED, on=date(2026, 8, 31), actor=None, reason="机构迁址"
        )
    with pytest.raises(ValidationError):  # the last day held is still taken
        services.occupy(second, room, date(2026, 8, 31), actor=None)
    reused = services.occupy(second, room, date(2026, 9, 1), actor=None)
    assert reused.place == room
    assert queries.occupancy(made, date(2026, 8, 31))["occupied"] == 1
    assert queries.occupancy(made, date(2026, 9, 1)) == {
        "capacity": 1,
        "occupied": 1,
        "free": 0,
        "rate": Decimal("100.0"),
    }


def test_an_end_needs_reasons_and_a_day_on_or_after_the_start(tree, base):
    call = data.call(base, places_offered=1)
    data.apply(call, name="甲")
    data.decide(call)
    held = Occupancy.objects.get()
    with pytest.raises(ValidationError):
        services.end_occupancy(held, Outcome.GRADUATED, on=date(2026, 12, 1), actor=None, reason="")
    with pytest.raises(ValidationError):
        services.end_occupancy(
            held, Outcome.GRADUATED, on=date(2026, 4, 30), actor=None, reason="出壳"
        )
    ended = services.end_occupancy(
        held, Outcome.GRADUATED, on=date(2026, 12, 1), actor=None, reason="完成登记并承接项目"
    )
    assert (ended.outcome, ended.ends_on) == (Outcome.GRADUATED, date(2026, 12, 1))


def test_occupancy_rate_and_outcomes_per_year(tree):
    made = data.base(tree["futian"], places=(("A01", 1), ("A02", 1), ("R1", 2)))
    call = data.call(made, places_offered=3)
    for n, name in enumerate(["甲", "乙", "丙"], start=1):
        data.apply(call, name=name, at=at(n + 1, 9))
    data.decide(call)
    # on 2026-05-01: 3 of a capacity of 4 held
    assert queries.occupancy(made, date(2026, 5, 1)) == {
        "capacity": 4,
        "occupied": 3,
        "free": 1,
        "rate": Decimal("75.0"),
    }
    assert queries.occupancy(made, date(2026, 4, 30))["occupied"] == 0
    by_name = {o.application.applicant_name: o for o in Occupancy.objects.all()}
    with frozen_clock(date(2027, 12, 31)):
        services.end_occupancy(
            by_name["甲"], Outcome.GRADUATED, on=date(2026, 12, 31), actor=None, reason="出壳"
        )
        services.end_occupancy(
            by_name["乙"], Outcome.EXITED, on=date(2027, 3, 1), actor=None, reason="主动退出"
        )
    assert queries.outcomes(made) == [
        {"year": 2026, "started": 3, "graduated": 1, "exited": 0, "incubated": 2},
        {"year": 2027, "started": 0, "graduated": 0, "exited": 1, "incubated": 1},
    ]


def test_a_milestone_is_met_with_evidence_on_a_day_that_has_come(tree, base):
    from shegong.core import services as core
    from shegong.incubation.models import Milestone

    call = data.call(base, places_offered=1)
    data.apply(call, name="甲")
    data.decide(call)
    held = Occupancy.objects.get()
    milestone = core.create_record(
        None, Milestone, {"occupancy": held, "title": "完成民政登记", "due_on": date(2026, 9, 30)}
    )
    with frozen_clock(date(2026, 9, 1)):
        with pytest.raises(ValidationError):
            services.meet_milestone(milestone, on=date(2026, 9, 2), evidence="登记证书", actor=None)
        with pytest.raises(ValidationError):
            services.meet_milestone(milestone, on=date(2026, 9, 1), evidence="", actor=None)
        met = services.meet_milestone(
            milestone, on=date(2026, 9, 1), evidence="登记证书", actor=None
        )
    assert met.met_on == date(2026, 9, 1)
