"""Separation of duties (issue 10, ``core.workflow``): the maker of a request, the person it is
about and whoever's act it disputes never decide it. The mechanism on a throwaway declaration
over areas, and the checks that keep every decision of the platform declared and guarded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import get_resolver
from django.utils import translation

from shegong.areas.models import Area
from shegong.core import workflow
from shegong.core.testing import factories
from shegong.core.workflow import DECISIONS, Workflow, declared_workflows, workflow_of

#: Who filed the "request" (``created_by``), whom it is about (``updated_by``), and whose act it
#: disputes (every user whose home is the area: a multi-valued lookup).
DECLARED = Workflow(
    maker="created_by", subject="updated_by", reviewed="users", decisions={"approve", "refuse"}
)


@pytest.fixture
def people(tree):
    street = tree["futian_street"]
    maker = factories.user("maker", role="city_admin", scope=tree["city"])
    subject = factories.user("subject", role="city_admin", scope=tree["city"])
    other = factories.user("other", role="city_admin", scope=tree["city"])
    reviewed = factories.user("reviewed", home=street)
    Area.objects.filter(pk=street.pk).update(created_by=maker, updated_by=subject)
    return {
        "area": street,
        "maker": maker,
        "subject": subject,
        "other": other,
        "reviewed": reviewed,
    }


def refusal(actor, obj, transition="approve") -> str:
    with translation.override("en"), pytest.raises(PermissionDenied) as info:
        DECLARED.guard(actor, obj, transition)
    return str(info.value)


def test_the_maker_is_refused_with_the_reason(people):
    assert refusal(people["maker"], people["area"]) == (
        "You made this request, so someone else must decide it."
    )
    assert refusal(people["maker"], people["area"], "refuse") == (
        "You made this request, so someone else must decide it."
    )


def test_the_subject_is_refused_with_the_reason(people):
    assert refusal(people["subject"], people["area"]) == (
        "This request is about you, so someone else must decide it."
    )


def test_whoever_act_is_disputed_is_refused_even_through_a_many_valued_lookup(people):
    assert refusal(people["reviewed"], people["area"]) == (
        "This request disputes what you did, so someone else must decide it."
    )


def test_the_message_is_translated(people):
    with translation.override("zh-hans"), pytest.raises(PermissionDenied) as info:
        DECLARED.guard(people["maker"], people["area"], "approve")
    assert str(info.value) == "本申请由您提出，须由他人决定。"


def test_another_official_and_the_system_may_decide(people):
    area = people["area"]
    assert DECLARED.conflict(people["other"], area, "approve") is None
    assert DECLARED.conflict(None, area, "approve") is None
    DECLARED.guard(people["other"], area, "approve")  # no exception


def test_a_superuser_is_not_above_the_rule(people):
    boss = factories.user("boss", is_superuser=True)
    Area.objects.filter(pk=people["area"].pk).update(created_by=boss)
    assert DECLARED.conflict(boss, people["area"], "approve") == "maker"


def test_the_database_decides_not_a_stale_copy(people):
    stale = Area.objects.get(pk=people["area"].pk)
    Area.objects.filter(pk=stale.pk).update(created_by=people["other"])
    assert DECLARED.conflict(people["other"], stale, "approve") == "maker"
    assert DECLARED.conflict(people["maker"], stale, "approve") is None


def test_an_undeclared_transition_is_a_programming_error(people):
    with pytest.raises(ImproperlyConfigured, match="'publish' is not a decision"):
        DECLARED.guard(people["other"], people["area"], "publish")


def test_the_queue_leaves_out_what_the_user_may_not_decide(people, tree):
    areas = Area.objects.filter(pk__in=[people["area"].pk, tree["luohu"].pk])
    assert set(DECLARED.exclude_conflicts(areas, people["maker"])) == {tree["luohu"]}
    assert set(DECLARED.exclude_conflicts(areas, people["subject"])) == {tree["luohu"]}
    assert set(DECLARED.exclude_conflicts(areas, people["reviewed"])) == {tree["luohu"]}
    assert set(DECLARED.exclude_conflicts(areas, people["other"])) == {
        people["area"],
        tree["luohu"],
    }


def test_a_model_without_a_declaration_cannot_have_a_guarded_decision():
    with pytest.raises(ImproperlyConfigured, match="areas.Area declares no workflow"):
        workflow.decision(Area, "approve")


# --- Every decision of the platform is declared and guarded -------------------------------------

#: The decisions the platform declares (issue 10). A new one is added here on purpose, with its
#: tests in its app (each app's ``test_separation_of_duties``).
EXPECTED = {
    ("assessment.appeal", "decide_appeal"),
    ("education.cpdrecord", "approve"),
    ("education.cpdrecord", "refuse"),
    ("grading.appeal", "dismiss"),
    ("grading.appeal", "uphold"),
    ("incubation.application", "admit"),
    ("incubation.application", "refuse"),
    ("incubation.call", "decide"),
    ("inspections.appeal", "dismiss"),
    ("inspections.appeal", "uphold"),
    ("inspections.case", "decide"),
    ("inspections.discipline", "record"),
    ("registry.conductcase", "decide"),
    ("registry.conductcase", "decide_appeal"),
    ("registry.recallrequest", "recall"),
    ("registry.recallrequest", "reject"),
    ("registry.registrationapplication", "approve"),
    ("registry.registrationapplication", "refuse"),
    ("workforce.promotionapplication", "approve"),
    ("workforce.promotionapplication", "refuse"),
}

#: Fields that say a model's rows are decided by someone.
DECISION_FIELDS = ("decided_by", "decided_at", "decided_on")


def test_the_declared_decisions_are_the_expected_ones():
    declared = {
        (model._meta.label_lower, transition)
        for model, wf in declared_workflows()
        for transition in wf.decisions
    }
    assert declared == EXPECTED


def test_every_model_that_records_a_decision_declares_its_workflow():
    from django.apps import apps

    undeclared = [
        model._meta.label_lower
        for model in apps.get_models()
        if any(f.name in DECISION_FIELDS for f in model._meta.concrete_fields)
        and workflow_of(model) is None
    ]
    assert undeclared == []


def test_every_declared_decision_has_a_guarded_service():
    get_resolver().url_patterns  # noqa: B018 - loads every view, and so every service
    missing = sorted(EXPECTED - set(DECISIONS))
    assert missing == []


@pytest.mark.parametrize("label,transition", sorted(EXPECTED))
def test_each_declared_lookup_reaches_a_user(label, transition):
    """Every lookup of a declaration is a valid path to the user model."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    model = apps.get_model(label)
    wf = workflow_of(model)
    assert transition in wf.decisions
    for _role, lookup in wf.parties():
        field = None
        current = model
        for part in lookup.split("__"):
            field = current._meta.get_field(part)
            current = field.related_model
        assert current is get_user_model(), (label, lookup)
