"""POST-3 (持证上岗): the hire rule at its edges, conversion plans, credential flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.registry.services import registrations
from shegong.workforce import services
from shegong.workforce.models import ConversionPlan, Employment

from . import data
from .data import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    org = factories.organisation(tree["futian"])
    return {
        "org": org,
        "area": tree["futian"],
        "post": data.post(org, data.post_type(level="intermediate")),
    }


def refusal(exc) -> str:
    return " ".join(exc.value.messages)


def test_new_hire_on_the_registrations_last_day_is_accepted(world):
    last_day = today() + timedelta(days=30)
    who = data.credentialed(world["area"], level="intermediate", valid_until=last_day)
    employment = services.hire(None, who, world["post"], last_day, "new_hire")
    assert employment.start == last_day
    assert AuditRecord.objects.filter(model="workforce.employment").exists()


def test_new_hire_the_day_after_the_registration_ends_is_refused_naming_it(world):
    last_day = today() + timedelta(days=30)
    who = data.credentialed(world["area"], level="intermediate", valid_until=last_day)
    day_after = last_day + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.hire(None, who, world["post"], day_after, "new_hire")
    assert f"no registration valid on {day_after:%Y-%m-%d}" in refusal(exc)
    assert "certificate" not in refusal(exc)
    assert not Employment.objects.exists()


def test_certificate_one_level_too_low_is_refused_naming_both_levels(world):
    who = data.credentialed(world["area"], level="assistant")
    with pytest.raises(ValidationError) as exc:
        services.hire(None, who, world["post"], today(), "new_hire")
    assert (
        "certificate level Assistant Social Worker is below the required Social Worker"
        in refusal(exc)
    )
    assert "registration" not in refusal(exc)


def test_a_higher_level_than_required_is_accepted(world):
    who = data.credentialed(world["area"], level="senior")
    assert services.hire(None, who, world["post"], today(), "new_hire")


def test_recalled_certificate_is_refused(world):
    who = data.person(world["area"])
    cert = data.certificate(who, "intermediate", status="recalled")
    data.registration(who, cert)
    with pytest.raises(ValidationError) as exc:
        services.hire(None, who, world["post"], today(), "new_hire")
    assert "no certificate" in refusal(exc)


def test_nothing_at_all_lists_everything_missing(world):
    who = data.person(world["area"])
    with pytest.raises(ValidationError) as exc:
        services.hire(None, who, world["post"], today(), "transfer")
    text = refusal(exc)
    assert "no certificate" in text and "no registration valid on" in text


def test_non_designated_post_has_no_credential_check(world):
    post = data.post(world["org"], data.post_type(designated=False))
    who = data.person(world["area"])
    assert services.hire(None, who, post, today(), "new_hire").post == post


def test_a_post_override_can_make_a_designated_type_non_designated(world):
    post = data.post(world["org"], data.post_type(), designated=False)
    assert post.designated is False
    assert services.hire(None, data.person(world["area"]), post, today(), "new_hire")


def test_conversion_without_credentials_needs_a_plan(world):
    who = data.person(world["area"])
    with pytest.raises(ValidationError) as exc:
        services.hire(None, who, world["post"], today(), "conversion")
    assert "conversion plan" in refusal(exc)
    employment = services.hire(
        None,
        who,
        world["post"],
        today(),
        "conversion",
        training_batch="2025-1",
        exam_year=2026,
        deadline=today() + timedelta(days=365),
    )
    plan = employment.conversion_plan
    assert plan.training_batch == "2025-1" and not plan.is_overdue()


def test_conversion_with_credentials_needs_no_plan(world):
    who = data.credentialed(world["area"], level="intermediate")
    employment = services.hire(None, who, world["post"], today(), "conversion")
    assert not ConversionPlan.objects.filter(employment=employment).exists()


def test_a_post_is_held_by_one_person_at_a_time(world):
    first = data.credentialed(world["area"], level="intermediate")
    second = data.credentialed(world["area"], level="intermediate")
    employment = services.hire(None, first, world["post"], today() - timedelta(days=10), "new_hire")
    with pytest.raises(ValidationError, match="is held by"):
        services.hire(None, second, world["post"], today(), "new_hire")
    services.end_employment(None, employment, today() - timedelta(days=1))
    assert services.hire(None, second, world["post"], today(), "new_hire")
    with pytest.raises(ValidationError, match="already ended"):
        services.end_employment(None, employment, today())


def plan_due(world, deadline):
    who = data.person(world["area"])
    employment = services.hire(
        None,
        who,
        world["post"],
        today() - timedelta(days=400),
        "conversion",
        training_batch="B1",
        exam_year=2025,
        deadline=deadline,
    )
    return employment.conversion_plan


def test_plan_due_today_is_not_overdue_due_yesterday_is(world):
    due_today = plan_due(world, today())
    other = data.post(world["org"], world["post"].post_type)
    world_b = {**world, "post": other}
    due_yesterday = plan_due(world_b, today() - timedelta(days=1))
    assert not due_today.is_overdue()
    assert due_yesterday.is_overdue()
    assert list(services.overdue_plans()) == [due_yesterday]
    assert set(services.overdue_plans(today() + timedelta(days=1))) == {due_today, due_yesterday}


def test_plan_completion_needs_the_credentials(world):
    plan = plan_due(world, today())
    who = plan.employment.person
    with pytest.raises(ValidationError, match="cannot be completed yet"):
        services.complete_plan(None, plan, today())
    data.registration(who, data.certificate(who, "intermediate"))
    done = services.complete_plan(None, plan, today())
    assert done.completed_on == today() and not services.overdue_plans().exists()


def test_cancelled_registration_is_flagged_at_once(world):
    who = data.person(world["area"])
    reg = data.registration(who, data.certificate(who, "intermediate"))
    employment = services.hire(None, who, world["post"], today(), "new_hire")
    assert not services.credential_flags().exists()
    registrations.cancel(None, reg, reason="本人申请注销")
    assert list(services.credential_flags()) == [employment]


def test_registration_past_its_end_is_flagged_before_the_expiry_job(world):
    who = data.person(world["area"])
    reg = data.registration(who, data.certificate(who, "intermediate"))
    employment = services.hire(None, who, world["post"], today() - timedelta(days=5), "new_hire")
    reg.valid_until = today() - timedelta(days=1)
    reg.save()
    assert reg.status == "registered"
    assert list(services.credential_flags()) == [employment]
    assert not services.credential_flags(today() - timedelta(days=1)).exists()


def test_ended_employment_and_open_plans_are_not_flagged(world):
    plan_due(world, today() + timedelta(days=30))
    assert not services.credential_flags().exists()
    who = data.person(world["area"])
    reg = data.registration(who, data.certificate(who, "intermediate"))
    other = data.post(world["org"], world["post"].post_type)
    employment = services.hire(None, who, other, today() - timedelta(days=9), "new_hire")
    services.end_employment(None, employment, today() - timedelta(days=1))
    registrations.cancel(None, reg, reason="x")
    assert not services.credential_flags().exists()
