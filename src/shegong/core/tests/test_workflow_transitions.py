"""The workflow mechanism (issue 11, ``core.workflow``): states and transitions declared once,
each transition one audited write through ``core.services.update_record`` with its reason,
refused in one wording per state, and the diagrams in the docs generated from the
declarations. The mechanism on a throwaway declaration over areas (a street "demoted" to a
community), then the checks over the platform's own declarations."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from shegong.areas.models import Area
from shegong.core import workflow
from shegong.core.management.commands.workflow_diagrams import docs_dir
from shegong.core.models import AuditRecord
from shegong.core.services import ConcurrentEditError
from shegong.core.testing import factories
from shegong.core.workflow import Transition, Workflow, declared_workflows

DECLARED = Workflow(
    field="level",
    initial={"street"},
    maker="created_by",
    subject="updated_by",
    transitions=[
        Transition(
            "demote",
            {"street"},
            "community",
            verb="demoted",
            reason_required="Give the reason for the demotion.",
        ),
        Transition("approve", {"street"}, "community", verb="approved", decision=True),
        Transition("guarded", {"street"}, "community", verb="moved", guards=[lambda a: "Not now."]),
        Transition("touch", {"street", "district"}, verb="touched"),
    ],
)


@pytest.fixture
def declared(monkeypatch, tree):
    monkeypatch.setattr(Area, "workflow", DECLARED, raising=False)
    admin = factories.user("wf_admin", role="city_admin", scope=tree["city"])
    return {"street": tree["futian_street"], "district": tree["futian"], "admin": admin}


def messages(exc) -> list[str]:
    return exc.value.messages


def test_a_transition_writes_the_target_and_the_changes_once_with_the_reason(declared):
    street = declared["street"]
    with translation.override("en"):
        done = workflow.take(
            declared["admin"], street, "demote", reason=" merged ", changes={"name": "园岭社区"}
        )
    stored = Area.objects.get(pk=street.pk)
    assert (stored.level, stored.name, stored.version) == ("community", "园岭社区", 2)
    assert done.version == 2
    record = AuditRecord.objects.get(model="areas.area", object_id=str(street.pk), action="update")
    assert record.reason == "merged"
    assert (record.before["level"], record.after["level"]) == ("street", "community")


def test_a_transition_from_another_state_is_refused_naming_the_state(declared):
    with translation.override("en"), pytest.raises(ValidationError) as info:
        workflow.take(declared["admin"], declared["district"], "demote", reason="merged")
    assert messages(info) == ["福田区 is district; it can be demoted only when it is street."]
    assert Area.objects.get(pk=declared["district"].pk).version == 1


def test_the_refusal_is_translated(declared):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        workflow.take(declared["admin"], declared["district"], "demote", reason="merged")
    assert messages(info) == ["福田区 当前状态为“区”；只有状态为街道时才能demoted。"]


def test_a_blank_reason_is_refused_on_its_field(declared):
    with pytest.raises(ValidationError) as info:
        workflow.take(declared["admin"], declared["street"], "demote", reason="  ")
    assert info.value.message_dict == {"reason": ["Give the reason for the demotion."]}
    assert Area.objects.get(pk=declared["street"].pk).level == "street"


def test_a_guard_refuses_with_its_message(declared):
    with pytest.raises(ValidationError) as info:
        workflow.take(declared["admin"], declared["street"], "guarded")
    assert messages(info) == ["Not now."]


def test_a_user_without_the_permission_is_refused(declared, tree):
    officer = factories.user("wf_officer", role="district_officer", scope=tree["futian"])
    with translation.override("en"), pytest.raises(PermissionDenied) as info:
        workflow.take(officer, declared["street"], "touch")
    assert str(info.value) == "You may not change this record."


def test_a_decision_keeps_separation_of_duties(declared):
    street = declared["street"]
    Area.objects.filter(pk=street.pk).update(created_by=declared["admin"])
    with translation.override("en"), pytest.raises(PermissionDenied) as info:
        workflow.take(declared["admin"], street, "approve")
    assert str(info.value) == "You made this request, so someone else must decide it."


def test_a_stale_version_is_refused(declared):
    street = declared["street"]
    workflow.take(declared["admin"], street, "touch", changes={"name": "一"})
    with pytest.raises(ConcurrentEditError):
        workflow.take(
            declared["admin"], street, "touch", changes={"name": "二"}, expected_version=1
        )
    assert Area.objects.get(pk=street.pk).name == "一"


def test_allowed_transitions_are_what_the_user_may_take_now(declared, tree):
    assert workflow.allowed_transitions(declared["admin"], declared["street"]) == [
        "demote",
        "approve",
        "touch",
    ]
    assert workflow.allowed_transitions(declared["admin"], declared["district"]) == ["touch"]


def test_the_diagram_of_a_declaration(monkeypatch):
    monkeypatch.setattr(Area, "workflow", DECLARED, raising=False)
    assert workflow.mermaid(Area) == "\n".join(
        [
            "```mermaid",
            "stateDiagram-v2",
            "    province : Province",
            "    city : City",
            "    district : District",
            "    street : Street",
            "    community : Community",
            "    [*] --> street",
            "    street --> community : demote (city_admin)",
            "    street --> community : approve (city_admin; decision)",
            "    street --> community : guarded (city_admin)",
            "    district --> district : touch (city_admin)",
            "    street --> street : touch (city_admin)",
            "    community --> [*]",
            "```",
        ]
    )


# --- The platform's declarations ---------------------------------------------------------------

#: The workflows declared on the shared mechanism (issue 11), with their transitions.
EXPECTED = {
    "assessment.assessmentcycle": {
        "open_scoring",
        "close_scoring",
        "compute_results",
        "publish",
        "close",
    },
    "education.cpdrecord": {"approve", "refuse", "withdraw", "revoke"},
    "grading.appeal": {"uphold", "dismiss"},
    "incubation.application": {"admit", "refuse", "withdraw"},
    "inspections.appeal": {"uphold", "dismiss"},
    "inspections.case": {"record_investigation", "decide", "close"},
    "procurement.procurement": {
        "publish",
        "clarify",
        "award_single_source",
        "cancel",
        "close_bids",
        "fail",
        "evaluate",
        "award",
        "revoke_award",
        "fail_after_challenge",
        "sign_contract",
    },
    "procurement.challenge": {"dismiss", "uphold"},
    "registry.conductcase": {
        "start_investigation",
        "schedule_hearing",
        "decide",
        "lodge_appeal",
        "decide_appeal",
        "close",
    },
    "registry.registration": {
        "suspend",
        "change_suspension_end",
        "reinstate",
        "cancel",
        "expire",
        "lift_suspension",
        "register_again",
    },
    "registry.registrationapplication": {"approve", "refuse", "withdraw"},
    "workforce.promotionapplication": {"approve", "refuse"},
}


def test_the_platforms_workflows_are_declared():
    found = {
        model._meta.label_lower: {t.name for t in wf.transitions}
        for model, wf in declared_workflows()
        if wf.transitions
    }
    assert found == EXPECTED


def test_every_state_named_by_a_declaration_is_a_choice_of_its_field():
    wrong = []
    for model, wf in declared_workflows():
        choices = {value for value, _label in model._meta.get_field(wf.field).choices or ()}
        for t in wf.transitions:
            for state in {*t.source, *([t.target] if t.target else []), *wf.initial}:
                if state not in choices:
                    wrong.append(f"{model._meta.label_lower}.{t.name}: {state}")
    assert wrong == []


def test_the_diagrams_in_the_docs_are_those_of_the_declarations():
    """Run ``shegong workflow_diagrams`` after changing a declaration."""
    if not docs_dir().is_dir():
        pytest.skip("no docs folder next to the source (an installed package)")
    texts = "".join(p.read_text(encoding="utf-8") for p in docs_dir().glob("*.md"))
    for label in EXPECTED:
        assert f"<!-- workflow:{label} -->" in texts, label
    call_command("workflow_diagrams", "--check")
