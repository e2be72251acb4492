"""REG-5: the public register's read function, bulk verification, and the register reports."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.registry.services import public

from . import public_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def reg(tree):
    return public_data.build_register(tree)


def numbers(result):
    return [e["register_number"] for e in result.entries]


def test_search_by_register_number_normalised(reg):
    for query in ("SZ2023000001", "sz2023000001", " ＳＺ２０２３０００００１ "):
        result = public.search_register(query)
        assert numbers(result) == ["SZ2023000001"], query


def test_search_by_certificate_number(reg):
    assert numbers(public.search_register("i2022000001")) == ["SZ2023000001"]


def test_search_by_exact_full_name_only(reg):
    assert numbers(public.search_register("张三丰")) == ["SZ2023000001", "SZ2023000005"]
    assert public.search_register("张三").entries == []  # not a fragment
    assert public.search_register("三丰").entries == []
    short = public.search_register("张")
    assert short.problem == "too_short" and short.entries == []
    assert public.search_register("").problem == "empty"


def test_filters_district_and_organisation(reg, tree):
    assert numbers(public.search_register("张三丰", district="440304")) == ["SZ2023000001"]
    assert numbers(public.search_register("张三丰", district="440303")) == ["SZ2023000005"]
    luohu = reg["orgs"]["luohu"].pk
    assert numbers(public.search_register("张三丰", organisation=luohu)) == ["SZ2023000005"]
    assert public.search_register("张三丰", organisation="x").entries == []
    assert public.search_register("张三丰", district="../").entries == []


def test_entry_fields_and_statuses(reg):
    statuses = {}
    for number in ("SZ2023000001", "SZ2023000002", "SZ2021000003", "SZ2022000004"):
        (e,) = public.search_register(number).entries
        assert tuple(e) == public.ENTRY_FIELDS
        statuses[number] = e["status"]["code"]
    assert statuses == {
        "SZ2023000001": "registered",
        "SZ2023000002": "suspended",
        "SZ2021000003": "cancelled",
        "SZ2022000004": "expired",
    }
    (e,) = public.search_register("SZ2023000001").entries
    assert e["name"] == "张三丰"
    assert e["level"] == {"code": "intermediate", "label": "Social Worker"}
    assert e["organisation"] == "福田社工服务中心"
    assert public.search_register("SZ2022000004").entries[0]["organisation"] is None


def test_lapsed_registration_shows_expired(reg):
    r = reg["regs"]["zhang"]
    r.valid_until = timezone.localdate() - timedelta(days=1)
    r.save(update_fields=["valid_until"])
    assert public.search_register("SZ2023000001").entries[0]["status"]["code"] == "expired"


def test_sanctions_only_while_in_force(reg):
    today = timezone.localdate()
    (li,) = public.search_register("SZ2023000002").entries
    assert li["sanctions"] == [
        {
            "sanction": {"code": "suspension", "label": "Suspension"},
            "from": today - timedelta(days=10),
            "until": None,
        }
    ]
    # Zhang's warning has ended and his other case is not decided: nothing shows.
    assert public.search_register("SZ2023000001").entries[0]["sanctions"] == []
    # Tomorrow's sanction is not in force yet; an overturned one never shows.
    public_data.sanction(reg["people"]["zhang"], "warning", today + timedelta(days=1), None)
    case = public_data.sanction(reg["people"]["zhang"], "conditions", today, None)
    assert public.search_register("SZ2023000001").entries[0]["sanctions"][0]["sanction"][
        "code"
    ] == ("conditions")
    case.appeal_outcome = "overturned"
    case.save(update_fields=["appeal_outcome"])
    assert public.search_register("SZ2023000001").entries[0]["sanctions"] == []


def test_pagination_is_stable_and_bounded(reg, tree):
    org = reg["orgs"]["futian"]
    for i in range(25):
        p = public_data.person("同名人", tree["futian"], org)
        cert = public_data.certificate(p, "assistant", f"A2023{i:06d}", year=2023)
        public_data.registration(p, cert, f"SZ2024{i:06d}")
    first = public.search_register("同名人")
    second = public.search_register("同名人", page=2)
    assert first.total == second.total == 25
    assert len(first.entries) == public.PAGE_SIZE and len(second.entries) == 5
    assert numbers(first) + numbers(second) == [f"SZ2024{i:06d}" for i in range(25)]
    assert first.has_next and not second.has_next


def test_query_count_bounded_for_a_page_of_twenty(reg, tree):
    org = reg["orgs"]["futian"]
    today = timezone.localdate()
    for i in range(22):
        p = public_data.person("受罚人", tree["futian"], org)
        cert = public_data.certificate(p, "assistant", f"A2025{i:06d}", year=2023)
        public_data.registration(p, cert, f"SZ2025{i:06d}")
        public_data.sanction(p, "warning", today, None)
    public.search_register("受罚人")  # compiles the query shape once
    with CaptureQueriesContext(connection) as ctx:
        result = public.search_register("受罚人")
    assert len(result.entries) == 20
    assert all(e["sanctions"] for e in result.entries)
    # The page (a prepared statement on PostgreSQL, not counted there), the sanctions, the
    # count: never one query per row.
    assert len(ctx.captured_queries) <= 3


def test_never_loads_private_fields(reg):
    with CaptureQueriesContext(connection) as ctx:
        public.search_register("SZ2023000002")
        public.verify_numbers(["SZ2023000002", "A2022000006"])
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    for column in ("national_id", "birth_date", "phone", "address", "complainant"):
        assert column not in sql


def test_verify_numbers_mixed(reg):
    results = public.verify_numbers(["sz2023000002", "A2022000006", "I2022000001", "NOPE1", ""])
    assert [tuple(r) == public.VERIFY_FIELDS for r in results] == [True] * 5
    li, qian, zhang, unknown, empty = results
    assert (li["found"], li["kind"], li["status"]["code"]) == (True, "registration", "suspended")
    assert li["sanctions"][0]["sanction"]["code"] == "suspension"
    assert (qian["found"], qian["kind"], qian["status"]["code"]) == (True, "certificate", "valid")
    assert qian["register_number"] is None and qian["valid_until"] is None
    assert zhang["register_number"] == "SZ2023000001"
    blank = dict.fromkeys(public.VERIFY_FIELDS)
    assert unknown == {
        **blank,
        "number": "NOPE1",
        "found": False,
        "sanctions": [],
        "well_formed": False,
    }
    assert empty["found"] is False


def test_verify_numbers_query_count_is_fixed(reg):
    many = [f"SZ{i:010d}" for i in range(400)] + ["SZ2023000002", "A2022000006"]
    with CaptureQueriesContext(connection) as ctx:
        results = public.verify_numbers(many)
    assert sum(r["found"] for r in results) == 2
    assert len(ctx.captured_queries) <= 6


# --- reports (point 7) ------------------------------------------------------------------------
@pytest.fixture
def officer(tree):
    return factories.user(role="city_admin", scope=tree["city"])


def report_rows(response):
    return [[str(v) for v in row] for row in response.context["rows"]]


def test_registrations_report_counts(client, reg, officer):
    client.force_login(officer)
    response = client.get("/register/reports/registrations/")
    assert response.status_code == 200
    rows = report_rows(response)
    assert ["福田区", "Social Worker", "Registered", "2023", "1"] in rows
    assert ["福田区", "Assistant Social Worker", "Suspended", "2023", "1"] in rows
    assert ["罗湖区", "Senior Social Worker", "Cancelled", "2021", "1"] in rows
    assert response.context["total"] == 5


def test_report_scope_follows_permissions(client, reg, tree):
    futian_officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(futian_officer)
    response = client.get("/register/reports/registrations/")
    assert response.context["total"] == 2
    assert {r[0] for r in report_rows(response)} == {"福田区"}


def test_certificates_report_counts(client, reg, officer):
    client.force_login(officer)
    rows = report_rows(client.get("/register/reports/certificates/"))
    assert ["2022", "Assistant Social Worker", "4"] in rows
    assert ["2022", "Social Worker", "1"] in rows
    assert ["2021", "Senior Social Worker", "1"] in rows


def test_expiring_report_and_list_link(client, reg, officer):
    client.force_login(officer)
    response = client.get("/register/reports/expiring/?days=60")
    # Zhang (Luohu) expires in 10 days; Li is suspended; Zhao has expired.
    assert report_rows(response) == [["罗湖区", "Assistant Social Worker", "1"]]
    assert "/register/registrations/?expires_within=60" in response.content.decode()
    listing = client.get("/register/registrations/?expires_within=60")
    assert "SZ2023000005" in listing.content.decode()
    assert "SZ2023000001" not in listing.content.decode()


def test_report_export_xlsx_and_permission(client, reg, officer, tree):
    client.force_login(officer)
    response = client.get("/register/reports/registrations/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "District" and len(values) == 6
    assert AuditRecord.objects.filter(action="export", model="registry.registration").exists()
    # An organisation administrator may view (their organisation's) registrations, but not
    # export them.
    org_admin = factories.user(role="org_admin", scope=reg["orgs"]["futian"])
    client.force_login(org_admin)
    assert client.get("/register/reports/registrations/").status_code == 200
    assert client.get("/register/reports/registrations/?format=xlsx").status_code == 403
    client.logout()
    assert client.get("/register/reports/registrations/").status_code == 302
