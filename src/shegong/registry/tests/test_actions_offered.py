"""Issue 12, defect 2: offer only the actions the user may take, and refuse the others with
the site's own 403 page, in the user's language, saying why and where to go.

A social worker saw *审批* (decide) on their own application and *为员工申请* (apply for
staff) on the applications list; both led to a bare English "403 Forbidden" / "Not Found"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from shegong.registry.services import registrations as svc

from .test_registrations import build_world, code

ZH = {"accept-language": "zh-hans"}


@pytest.fixture
def world(tree, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        yield build_world(tree)


@pytest.fixture
def application(world):
    return svc.apply(world["worker_user"], world["worker"], code_of_conduct=code(), accepted=True)


def _styled(body: str) -> None:
    """The page is in the site's layout (its menu bar and style sheet) and in Chinese."""
    assert 'lang="zh-hans"' in body
    assert "core/shegong.css" in body and 'class="navbar' in body
    assert 'href="/"' in body  # a way home


def test_a_social_worker_is_not_offered_the_decision_on_their_own_application(
    world, application, client
):
    client.force_login(world["worker_user"])
    decide = reverse("registry:registrationapplication_decide", args=[application.pk])
    page = client.get(
        reverse("registry:registrationapplication_detail", args=[application.pk]), headers=ZH
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert decide not in body
    assert ">审批<" not in body
    withdraw = reverse("registry:registrationapplication_withdraw", args=[application.pk])
    assert withdraw in body  # what they may do is still there

    refused = client.get(decide, headers=ZH)
    assert refused.status_code == 403
    body = refused.content.decode()
    _styled(body)
    assert '<h1 class="h3 mb-3">无权操作</h1>' in body
    assert "只有登记机关可以审批此申请" in body
    assert "Forbidden" not in body


def test_a_social_worker_is_not_offered_to_apply_for_staff(world, application, client):
    client.force_login(world["worker_user"])
    batch = reverse("registry:registration_apply_batch")
    page = client.get(reverse("registry:registrationapplication_list"), headers=ZH)
    body = page.content.decode()
    assert batch not in body
    assert "为员工申请" not in body
    assert reverse("registry:registration_apply") in body  # their own application is offered

    refused = client.get(batch, headers=ZH)
    assert refused.status_code == 403
    body = refused.content.decode()
    _styled(body)
    assert "只有机构管理员可以为本机构员工申请登记" in body


def test_the_organisation_administrator_and_the_registrar_keep_their_buttons(
    world, application, client
):
    client.force_login(world["org_admin"])
    body = client.get(reverse("registry:registrationapplication_list"), headers=ZH)
    assert reverse("registry:registration_apply_batch") in body.content.decode()
    client.force_login(world["registrar"])
    detail = reverse("registry:registrationapplication_detail", args=[application.pk])
    decide = reverse("registry:registrationapplication_decide", args=[application.pk])
    assert decide in client.get(detail, headers=ZH).content.decode()
