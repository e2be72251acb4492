"""ORG-4 (issue 15) on the shared workflow mechanism (``Application.workflow``,
``Call.workflow``): every transition by the role allowed and refused to a wrong role or from a
wrong state with its message; the applicant organisation withdraws its own application before
the decision (page with a confirmation, API), never another organisation; separation of
duties (ADR 0030) for the official who filed an application and for a person of the applicant
organisation; two districts and two organisations. A milestone's evidence as a file: uploaded
by the applicant, downloaded only by who sees the milestone, a wrong type or size refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shegong.core import services as core
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.incubation import services
from shegong.incubation.choices import ApplicationStatus
from shegong.incubation.models import Application, Milestone

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    operator = data.organisation(tree["futian"], date(2015, 1, 1), name="福田运营机构")
    base = data.base(tree["futian"], places=(("A01", 1), ("A02", 1)), operator=operator)
    org_a = data.organisation(tree["futian"], date(2025, 1, 1), [data.field("01")], "福田甲机构")
    org_b = data.organisation(tree["futian"], date(2010, 1, 1), [data.field("04")], "福田乙机构")
    call = data.call(base, places_offered=2)
    return {
        "call": call,
        "org_a": org_a,
        "org_b": org_b,
        "app_a": data.apply(call, org_a),
        "app_b": data.apply(call, org_b),
        "officer": factories.user("futian_officer", role="district_officer", scope=tree["futian"]),
        "luohu_officer": factories.user(role="district_officer", scope=tree["luohu"]),
        "admin_a": factories.user("admin_a", role="org_admin", scope=org_a),
        "admin_b": factories.user("admin_b", role="org_admin", scope=org_b),
        "operator_admin": factories.user(role="org_admin", scope=operator),
        # A district officer who is also a person of organisation A.
        "insider": factories.user(
            role="district_officer", scope=tree["futian"], organisation=org_a
        ),
    }


def decide(call, actor):
    """The call decided today (after it closed), as a user whose grants hold today."""
    return services.decide_call(call, actor=actor, reason="评审")


def status(application) -> str:
    return Application.objects.get(pk=application.pk).status


# --- withdraw ------------------------------------------------------------------------------


def test_the_applicant_withdraws_before_the_decision_and_is_not_ranked(w):
    services.withdraw_application(w["app_a"], actor=w["admin_a"], reason="另有安排")
    assert status(w["app_a"]) == ApplicationStatus.WITHDRAWN
    record = AuditRecord.objects.filter(
        model="incubation.application", object_id=str(w["app_a"].pk), action="update"
    ).latest("pk")
    assert record.reason == "另有安排"
    assert (record.before["status"], record.after["status"]) == ("submitted", "withdrawn")
    decided = data.decide(w["call"])
    assert [(a.pk, a.status, a.rank) for a in decided] == [(w["app_b"].pk, "admitted", 1)]
    assert Application.objects.get(pk=w["app_a"].pk).rank is None


def test_a_withdrawal_after_the_decision_is_refused_with_the_state(w):
    data.decide(w["call"])
    with pytest.raises(ValidationError) as refused:
        services.withdraw_application(w["app_a"], actor=w["admin_a"])
    assert refused.value.messages == [
        "This application is admitted; it can be withdrawn only when it is submitted."
    ]


def test_another_organisation_and_the_operator_and_officials_cannot_withdraw(w):
    for who in ("admin_b", "operator_admin", "officer"):
        with pytest.raises(PermissionDenied) as refused:
            services.withdraw_application(w["app_a"], actor=w[who])
        assert str(refused.value) == (
            "Only the administrator of the applicant organisation withdraws it."
        ), who
    assert status(w["app_a"]) == ApplicationStatus.SUBMITTED


def test_the_withdraw_button_is_the_applicants_and_only_while_submitted(client, w):
    url = reverse("incubation:application_detail", args=[w["app_a"].pk])
    withdraw = reverse("incubation:application_withdraw", args=[w["app_a"].pk])
    client.force_login(w["admin_a"])
    assert withdraw in client.get(url).content.decode()
    for who in ("operator_admin", "officer"):
        client.force_login(w[who])
        assert withdraw not in client.get(url).content.decode(), who
        assert client.get(withdraw).status_code == 403, who
    client.force_login(w["admin_b"])
    assert client.get(withdraw).status_code == 404  # not even seen
    client.force_login(w["admin_a"])
    confirm = client.get(withdraw).content.decode()
    assert "A withdrawn application is not ranked or admitted" in confirm
    done = client.post(withdraw, {"reason": ""})
    assert done.status_code == 302
    assert status(w["app_a"]) == ApplicationStatus.WITHDRAWN
    assert withdraw not in client.get(url).content.decode()
    again = client.post(withdraw, {"reason": ""})
    assert again.status_code == 200
    assert (
        "This application is withdrawn; it can be withdrawn only when it is submitted."
        in again.content.decode()
    )


def test_the_api_withdraws_for_the_applicant_only(client, w):
    url = f"/api/v1/incubation/applications/{w['app_a'].pk}/withdraw/"
    client.force_login(w["admin_b"])
    assert client.post(url, {}, content_type="application/json").status_code == 404
    client.force_login(w["operator_admin"])
    refused = client.post(url, {}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the administrator of the applicant organisation withdraws it."
    )
    client.force_login(w["admin_a"])
    done = client.post(url, {"reason": "不再需要"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 400
    assert "it can be withdrawn only when it is submitted" in str(again.json())


# --- refuse and admit ----------------------------------------------------------------------


def test_a_keeper_refuses_and_a_wrong_role_or_state_is_refused(w):
    with pytest.raises(PermissionDenied) as other_district:
        services.refuse_application(w["app_a"], actor=w["luohu_officer"], reason="不符合")
    assert str(other_district.value) == (
        "Only the officials who keep the base decide its applications."
    )
    with pytest.raises(PermissionDenied):
        services.refuse_application(w["app_a"], actor=w["admin_a"], reason="不符合")
    refused = services.refuse_application(w["app_a"], actor=w["officer"], reason="不符合定位")
    assert (refused.status, refused.decision_reason) == ("refused", "不符合定位")
    with pytest.raises(ValidationError) as twice:
        services.refuse_application(w["app_a"], actor=w["officer"], reason="再次")
    assert twice.value.messages == [
        "This application is refused; it can be refused only when it is submitted."
    ]


def test_the_call_admits_through_the_workflow_and_only_a_keeper_decides(w):
    with pytest.raises(PermissionDenied):
        decide(w["call"], w["admin_a"])
    with pytest.raises(PermissionDenied):
        decide(w["call"], w["luohu_officer"])
    decided = decide(w["call"], w["officer"])
    assert sorted(a.status for a in decided) == ["admitted", "admitted"]
    record = AuditRecord.objects.filter(
        model="incubation.application", object_id=str(w["app_a"].pk), action="update"
    ).latest("pk")
    assert (record.before["status"], record.after["status"]) == ("submitted", "admitted")


# --- separation of duties ------------------------------------------------------------------


def test_a_person_of_the_applicant_organisation_never_decides(client, w):
    with pytest.raises(PermissionDenied) as own:
        services.refuse_application(w["app_a"], actor=w["insider"], reason="不符合")
    assert str(own.value) == (
        "This application is your organisation's, so another official must decide it."
    )
    services.refuse_application(w["app_b"], actor=w["insider"], reason="不符合定位")  # B: fine
    with pytest.raises(PermissionDenied) as call:
        decide(w["call"], w["insider"])
    assert str(call.value) == (
        "Your organisation applied to this call, so another official must decide it."
    )
    client.force_login(w["insider"])
    page = client.get(reverse("incubation:application_detail", args=[w["app_a"].pk]))
    refuse = reverse("incubation:application_refuse", args=[w["app_a"].pk])
    assert refuse not in page.content.decode()
    assert client.get(refuse).status_code == 403
    assert status(w["app_a"]) == ApplicationStatus.SUBMITTED


def test_the_official_who_filed_an_application_never_decides_it(w):
    paper = data.apply(w["call"], name="筹备中的丙")
    # Entered on paper by the Futian officer (whose grant starts today, after the call).
    Application.objects.filter(pk=paper.pk).update(created_by=w["officer"])
    with pytest.raises(PermissionDenied) as own:
        services.refuse_application(paper, actor=w["officer"], reason="不符合")
    assert str(own.value) == "You filed this application, so another official must decide it."
    with pytest.raises(PermissionDenied) as call:
        decide(w["call"], w["officer"])
    assert str(call.value) == (
        "You filed an application to this call, so another official must decide it."
    )
    other = factories.user(role="city_officer", scope=w["call"].base.area.parent)
    services.refuse_application(paper, actor=other, reason="不符合定位")
    assert status(paper) == ApplicationStatus.REFUSED


# --- a milestone's evidence as a file (issue 15) ------------------------------------------


@pytest.fixture
def milestone(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data.decide(w["call"])
    occupancy = Application.objects.get(pk=w["app_a"].pk).occupancies.get()
    return core.create_record(
        None,
        Milestone,
        {"occupancy": occupancy, "title": "完成登记注册", "due_on": date(2026, 9, 1)},
    )


def test_the_evidence_file_is_uploaded_and_served_only_to_who_sees_the_milestone(
    client, w, milestone
):
    meet = reverse("incubation:milestone_meet", args=[milestone.pk])
    client.force_login(w["admin_a"])
    upload = SimpleUploadedFile("登记证书.pdf", b"%PDF-1.4 certificate", "application/pdf")
    done = client.post(meet, {"on": "2026-06-01", "evidence": "", "evidence_file": upload})
    assert done.status_code == 302
    stored = Milestone.objects.get(pk=milestone.pk)
    assert (stored.met_on, stored.evidence) == (date(2026, 6, 1), "")
    download = reverse("incubation:milestone_evidence", args=[milestone.pk])
    page = client.get(reverse("incubation:milestone_detail", args=[milestone.pk]))
    assert download in page.content.decode()
    for who in ("admin_a", "officer", "operator_admin"):
        client.force_login(w[who])
        got = client.get(download)
        assert got.status_code == 200, who
        assert b"".join(got.streaming_content) == b"%PDF-1.4 certificate"
    for who in ("admin_b", "luohu_officer"):
        client.force_login(w[who])
        assert client.get(download).status_code == 404, who
    api = client.get(f"/api/v1/incubation/milestones/{milestone.pk}/")
    assert api.status_code == 404
    client.force_login(w["officer"])
    assert (
        client.get(f"/api/v1/incubation/milestones/{milestone.pk}/").json()["evidence_file_url"]
        == download
    )


def test_a_wrong_type_or_too_large_a_file_is_refused_with_its_message(
    client, w, milestone, settings
):
    meet = reverse("incubation:milestone_meet", args=[milestone.pk])
    client.force_login(w["admin_a"])
    bad = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    page = client.post(meet, {"on": "2026-06-01", "evidence": "", "evidence_file": bad})
    assert page.status_code == 200
    assert page.context["form"].errors["evidence_file"] == [
        "File extension “exe” is not allowed. Allowed extensions are: pdf, jpg, jpeg, png, "
        "doc, docx, xls, xlsx."
    ]
    settings.SHEGONG_MAX_UPLOAD_MB = {**settings.SHEGONG_MAX_UPLOAD_MB, "evidence": 1}
    big = SimpleUploadedFile("big.pdf", b"x" * (2**20 + 1), "application/pdf")
    page = client.post(meet, {"on": "2026-06-01", "evidence": "", "evidence_file": big})
    assert page.context["form"].errors["evidence_file"] == [
        "The file is 1.1 MB; at most 1 MB can be uploaded here."
    ]
    page = client.post(meet, {"on": "2026-06-01", "evidence": " "})
    assert page.context["form"].errors["evidence"] == ["Describe the evidence or attach a file."]
    assert Milestone.objects.get(pk=milestone.pk).met_on is None
    api = client.post(
        f"/api/v1/incubation/milestones/{milestone.pk}/meet/",
        {"on": "2026-06-01", "evidence_file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert api.status_code == 400
    assert "File extension “exe” is not allowed" in str(api.json())
