"""Issue 12, defect 6: values as a person reads them, in the user's language and time zone:
no Python dict or list, no ``True``/``False``, no escapes, no model labels, no UTC timestamps
with microseconds (``core.display``, the generic detail page, tables and History tab)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from shegong.assessment.choices import Criterion
from shegong.core import services
from shegong.core.display import display_value
from shegong.core.models import AuditRecord, PolicyParameter
from shegong.core.testing import factories

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (True, "Yes", "是"),
        (False, "No", "否"),
        (datetime(2026, 12, 7, 6, 40, 4, 123456, tzinfo=UTC), "2026-12-07 14:40", None),
        ("2026-12-07T06:40:04.123456+00:00", "2026-12-07 14:40", None),
        (["a", "b"], "a、b", None),
        ("深圳市人事局", "深圳市人事局", None),
        ({}, None, None),
    ],
)
def test_plain_values(value, english, chinese):
    with translation.override("en"):
        assert display_value(value) == english
    with translation.override("zh-hans"):
        assert display_value(value) == (chinese or english)


def test_a_dict_is_a_list_of_labelled_values():
    with translation.override("zh-hans"):
        shown = display_value({"ability": "20.00", "moral": True}, labels=Criterion)
    assert "{" not in shown
    assert '<dt class="col-6 fw-normal">能力</dt><dd class="col-6 mb-0">20.00</dd>' in shown
    assert '<dt class="col-6 fw-normal">品德</dt><dd class="col-6 mb-0">是</dd>' in shown


@pytest.fixture
def admin(tree, client):
    user = factories.user("cityadmin", role="city_admin", scope=tree["city"])
    client.force_login(user)
    return user


def test_policy_parameters_read_in_chinese(admin, client):
    """The list showed ``"\\u6df1…"``, ``city`` and English sources."""
    page = client.get(reverse("core:policyparameter_list") + "?key=registry.issuing_body", **ZH)
    html = page.content.decode()
    assert "\\u" not in html
    assert "<td >深圳市人事局</td>" in html or ">深圳市人事局<" in html
    assert "政策第三条：证书由人事部门颁发" in html
    assert ">市<" in html
    row = PolicyParameter.objects.get(key="registry.registration_years", scope="national")
    detail = client.get(reverse("core:policyparameter_detail", args=[row.pk]), **ZH)
    text = detail.content.decode()
    assert "全国登记管理办法（2009 年）：登记有效期 3 年" in text
    assert '<dd class="col-sm-9">全国</dd>' in text


def test_the_audit_trail_names_record_types(admin, client, tree):
    org = factories.organisation(tree["futian"])
    services.update_record(admin, org, {"is_active": False}, "closed")
    page = client.get(reverse("core:auditrecord_list") + "?model=organisations.organisation", **ZH)
    html = page.content.decode()
    assert "organisations.organisation" not in html.split("<tbody")[1]
    assert ">机构<" in html or "机构</td>" in html
    record = AuditRecord.objects.filter(model="organisations.organisation").last()
    detail = client.get(reverse("core:auditrecord_detail", args=[record.pk]), **ZH)
    assert "organisations.organisation" not in detail.content.decode().split("<dl")[1]
    history = client.get(org.get_absolute_url() + "?tab=history", **ZH).content.decode()
    assert "is_active" not in history and "True" not in history and "False" not in history
    assert "是 → 否" in history


def test_exports_read_the_same_as_plain_text():
    from shegong.core.display import display_text

    with translation.override("zh-hans"):
        assert display_text({"ability": "20.00", "moral": True}, labels=Criterion) == (
            "能力: 20.00; 品德: 是"
        )
        assert display_text(False) == "否"


def test_a_rules_code_is_an_identifier_on_its_page(admin, client):
    """The continuing-education rule's page showed its code ``city`` as an English word in the
    Chinese page (found by tests/test_crawl.py); the list already showed it as ``<code>``."""
    from shegong.education.models import CpdRule  # noqa: PLC0415

    rule = CpdRule.objects.filter(code="city").first()
    page = client.get(reverse("education:cpdrule_detail", args=[rule.pk]), **ZH)
    assert '<dd class="col-sm-9"><code>city</code></dd>' in page.content.decode()


@pytest.mark.parametrize(
    "language, shown",
    [("zh-hans", "3（全国规定，自 2000-01-01 起）"), ("en", "3 (national rule, from 2000-01-01)")],
)
def test_a_decision_names_the_rule_it_applied_as_a_person_reads_it(db, language, shown):
    """A registration's "period rule applied" showed ``registry.registration_years (全国) = 3
    (2000-01-01)``: the key and the raw value."""
    row = PolicyParameter.objects.get(key="registry.registration_years", scope="national")
    with translation.override(language):
        assert str(row) == shown
