"""The error summary at the top of a form (issue 12, point 4): how many problems, each a link
to its field, the form's own errors without a link, in the user's language; the fields carry
aria-invalid and point at their message."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shegong.core.testing import factories

ORG_ADD = "organisations:organisation_add"
#: Four problems: a required name, a short credit code, no kind, no district.
BAD_ORGANISATION = {"name": "", "credit_code": "123", "kind": "", "status": "active"}


def summary(body: str) -> dict:
    """The summary box as a reader sees it: its heading, and each item's text and link."""
    box = re.search(r'<div class="alert alert-danger error-summary".*?</div>', body, re.S)
    assert box, "no error summary on the page"
    html = box.group(0)
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", html, re.S).group(1).strip()
    items = []
    for li in re.findall(r"<li>(.*?)</li>", html, re.S):
        link = re.match(r'<a class="alert-link" href="([^"]*)">(.*)</a>', li, re.S)
        items.append((link.group(2), link.group(1)) if link else (li.strip(), None))
    return {"html": html, "heading": heading, "items": items}


@pytest.fixture
def admin_client(client, tree):
    client.force_login(factories.user("cityadmin", role="city_admin", scope=tree["city"]))
    return client


def test_a_record_form_lists_each_problem_with_a_link_to_its_field_in_chinese(admin_client):
    body = admin_client.post(reverse(ORG_ADD), BAD_ORGANISATION).content.decode()
    box = summary(body)
    assert box["heading"] == "请更正以下 4 处问题"
    assert box["items"] == [
        ("名称：该字段是必填项。", "#id_name"),
        ("统一社会信用代码：统一社会信用代码应为 18 位，当前为 3 位。", "#id_credit_code"),
        ("类型：该字段是必填项。", "#id_kind"),
        ("所在区：该字段是必填项。", "#id_area"),
    ]
    # Focused by the site's script (no inline script under the CSP): it must be focusable.
    assert 'tabindex="-1"' in box["html"] and "data-error-summary" in box["html"]
    # Each linked id is a field on the page, marked invalid and described by its message.
    name = re.search(r'<input[^>]*id="id_name"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in name
    assert 'aria-describedby="id_name_error"' in name
    assert re.search(
        r'<div id="id_name_error"><div class="[^"]*field-error">该字段是必填项。', body
    )
    code = re.search(r'<input[^>]*id="id_credit_code"[^>]*>', body).group(0)
    assert 'aria-describedby="id_credit_code_error"' in code
    # A field without an error is not marked.
    phone = re.search(r'<input[^>]*id="id_phone"[^>]*>', body).group(0)
    assert "aria-invalid" not in phone


def test_the_same_summary_in_english(admin_client):
    body = admin_client.post(
        reverse(ORG_ADD), BAD_ORGANISATION, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    box = summary(body)
    assert box["heading"] == "There are 4 problems with this form"
    assert box["items"] == [
        ("Name: This field is required.", "#id_name"),
        (
            "Unified social credit code: A unified social credit code has 18 characters; "
            "this one has 3.",
            "#id_credit_code",
        ),
        ("Kind: This field is required.", "#id_kind"),
        ("District: This field is required.", "#id_area"),
    ]


def test_an_unbound_form_has_no_summary(admin_client):
    body = admin_client.get(reverse(ORG_ADD)).content.decode()
    assert "error-summary" not in body
    assert "aria-invalid" not in body


@pytest.mark.parametrize(
    "language, heading, message",
    [
        (
            "zh-hans",
            "请更正以下 1 处问题",
            "请输入一个正确的用户名和密码。注意，两者都区分大小写。",
        ),
        (
            "en",
            "There is 1 problem with this form",
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive.",
        ),
    ],
)
def test_a_non_field_error_is_listed_without_a_link(client, db, language, heading, message):
    """The sign-in form's "wrong user name or password" belongs to no field."""
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=language)
    assert "autofocus" in page.content.decode()  # the user name field, on a fresh form
    response = client.post(
        reverse("accounts:login"),
        {"username": "nobody", "password": "wrong-password-1"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    body = response.content.decode()
    box = summary(body)
    assert box["heading"] == heading
    assert box["items"] == [(message, None)]
    # The summary takes the focus: no field's autofocus takes it back.
    assert "autofocus" not in body


def test_an_empty_complaint_says_what_is_missing(client, db):
    """Regression: an empty POST left the form unbound, and the page came back without a word."""
    body = client.post(reverse("portal:complaint_new"), {}).content.decode()
    box = summary(body)
    assert box["heading"] == "请更正以下 4 处问题"
    hrefs = [href for _text, href in box["items"]]
    assert hrefs == ["#id_name", "#id_contact", "#id_worker", "#id_text"]
    for href in hrefs:
        assert re.search(rf'<(input|textarea)[^>]*aria-invalid="true"[^>]*id="{href[1:]}"', body)


def test_the_bulk_verification_form_has_the_summary(client, db):
    body = client.post(reverse("portal:bulk_verify"), {"numbers": ""}).content.decode()
    box = summary(body)
    assert box["heading"] == "请更正以下 1 处问题"
    assert 'id="bulk-verify-error"' in box["html"]
