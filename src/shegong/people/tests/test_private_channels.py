"""Issue 10: a masked ID number cannot be recovered by filtering, sorting or searching, and every
view of private values in full writes a read record (History tab, audit record page).

The review's attack: a role without ``view_private`` sees ``440304********1234``; with the
check digit there are few candidates left, and ``?national_id=<candidate>`` (or a sort by the
ID number) answered which one is right. Each test below failed before the fix.
"""

from __future__ import annotations

from types import SimpleNamespace

import django_filters
import pytest
from django.http import QueryDict
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from shegong.accounts import services as account_services
from shegong.core import services
from shegong.core.api.filters import OrderingFilter
from shegong.core.models import AuditAction, AuditRecord
from shegong.core.testing import factories
from shegong.people.filtersets import PersonFilterSet
from shegong.people.models import Person
from shegong.registry.filtersets import ConductCaseFilterSet
from shegong.registry.models import ConductCase

from .conftest import national_id, person

pytestmark = pytest.mark.django_db

#: Futian person: 440304 19900101 123 + check digit; Luohu person: 440303 19850505 456 + check.
FUTIAN_ID = national_id("440304", "19900101", "123")
LUOHU_ID = national_id("440303", "19850505", "456")


@pytest.fixture
def people(tree):
    return {
        "futian": person(tree["futian"], national_id=FUTIAN_ID, name="王福田"),
        "luohu": person(tree["luohu"], national_id=LUOHU_ID, name="李罗湖"),
    }


@pytest.fixture
def field_officer(tree):
    """Views the people of Futian, without ``view_private``."""
    return factories.user("fieldofficer", role="field_officer", scope=tree["futian"])


@pytest.fixture
def district_officer(tree):
    """``view_private`` in Futian; also a field officer in Luohu (views, no ``view_private``)."""
    officer = factories.user("futianofficer", role="district_officer", scope=tree["futian"])
    account_services.create_membership(
        None, None, {"user": officer, "role": "field_officer", "area": tree["luohu"]}
    )
    return officer


def reads_of(obj) -> list[AuditRecord]:
    return list(
        AuditRecord.objects.filter(
            action=AuditAction.READ, model="people.person", object_id=str(obj.pk)
        ).order_by("pk")
    )


def api_names(client, user, params) -> list[str]:
    client.force_login(user)
    response = client.get("/api/v1/people/", params)
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def page_body(client, user, params) -> str:
    client.force_login(user)
    response = client.get(reverse("people:person_list"), params)
    assert response.status_code == 200
    return response.content.decode()


# --- Filtering ----------------------------------------------------------------------------------


def test_api_filter_does_not_confirm_a_masked_id(client, people, field_officer):
    """The right guess and a wrong one answer alike: nothing."""
    wrong = national_id("440304", "19900101", "125")
    assert api_names(client, field_officer, {"national_id": FUTIAN_ID}) == []
    assert api_names(client, field_officer, {"national_id": wrong}) == []
    # The officer still sees the person (masked) without the filter.
    assert api_names(client, field_officer, {}) == ["王福田"]


def test_page_filter_does_not_confirm_a_masked_id(client, people, field_officer):
    assert "王福田" in page_body(client, field_officer, {})
    assert "王福田" not in page_body(client, field_officer, {"national_id": FUTIAN_ID})


def test_an_officer_with_view_private_finds_a_person_by_id_and_the_lookup_is_read(
    client, people, district_officer
):
    assert api_names(client, district_officer, {"national_id": FUTIAN_ID}) == ["王福田"]
    reads = reads_of(people["futian"])
    assert [r.after for r in reads] == [{"fields": ["national_id"]}]
    assert reads[0].actor == district_officer
    assert reads[0].reason == "Filter by national ID number"
    assert "王福田" in page_body(client, district_officer, {"national_id": FUTIAN_ID})
    assert len(reads_of(people["futian"])) == 2


def test_view_private_in_one_district_does_not_confirm_ids_of_another(
    client, people, district_officer
):
    """The officer sees Luohu's people (as field officer there) but not their private data."""
    assert api_names(client, district_officer, {}) == ["李罗湖", "王福田"]
    assert api_names(client, district_officer, {"national_id": LUOHU_ID}) == []
    assert "李罗湖" not in page_body(client, district_officer, {"national_id": LUOHU_ID})
    assert reads_of(people["luohu"]) == []


def test_a_filter_on_a_private_field_is_refused_to_a_role_without_view_private_anywhere(tree):
    """An auditor may view conduct cases but see no complainant: the filter says why."""

    class ComplainantFilterSet(ConductCaseFilterSet):
        complainant_name = django_filters.CharFilter()

        class Meta(ConductCaseFilterSet.Meta):
            model = ConductCase

    auditor = factories.user("cityauditor", role="auditor", scope=tree["city"])
    filterset = ComplainantFilterSet(
        QueryDict("complainant_name=张三"),
        queryset=ConductCase.objects.all(),
        request=SimpleNamespace(user=auditor),
    )
    assert not filterset.is_valid()
    assert filterset.errors["complainant_name"] == [
        "You may not filter by “Complainant”: it is private data."
    ]


def export_csv(client, user, filters: str) -> list[str]:
    from shegong.core.models import Job

    client.force_login(user)
    response = client.post(
        reverse("core:export_start"),
        {"model": "people.person", "format": "csv", "filters": filters},
    )
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    download = client.get(reverse("core:job_download", args=[job.pk]))
    return b"".join(download.streaming_content).decode("utf-8-sig").splitlines()[1:]


def test_export_filtered_by_id_does_not_confirm_it(client, tree, people):
    """An auditor may export people (masked) but not learn which ID number is whose."""
    auditor = factories.user("cityauditor", role="auditor", scope=tree["city"])
    assert len(export_csv(client, auditor, "")) == 2
    assert export_csv(client, auditor, f"national_id={FUTIAN_ID}") == []


def test_export_filtered_by_id_by_an_officer_with_view_private(client, tree, people):
    officer = factories.user("cityofficer", role="city_officer", scope=tree["city"])
    lines = export_csv(client, officer, f"national_id={FUTIAN_ID}")
    masked = FUTIAN_ID[:6] + "********" + FUTIAN_ID[-4:]
    assert len(lines) == 1 and "王福田" in lines[0] and masked in lines[0]
    assert FUTIAN_ID not in lines[0]
    assert [r.reason for r in reads_of(people["futian"])] == ["Filter by national ID number"]


class ByIdNumberFilterSet(PersonFilterSet):
    """A method filter under another name declares the private field it filters."""

    id_number = django_filters.CharFilter(method="by_id")
    private_filters = {"id_number": "national_id"}

    class Meta(PersonFilterSet.Meta):
        model = Person


def test_a_declared_method_filter_is_protected_too(people, field_officer, district_officer):
    def found(user):
        filterset = ByIdNumberFilterSet(
            QueryDict(f"id_number={FUTIAN_ID}"),
            queryset=Person.objects.all(),
            request=SimpleNamespace(user=user),
        )
        return list(filterset.qs.values_list("name", flat=True))

    assert found(field_officer) == []
    assert found(district_officer) == ["王福田"]


# --- Searching ----------------------------------------------------------------------------------


class SearchByIdFilterSet(PersonFilterSet):
    """A filterset that (wrongly) lets ``q`` search the ID number: the base class protects it."""

    search_fields = ("name", "national_id")

    class Meta(PersonFilterSet.Meta):
        model = Person


def searched(user, q) -> list[str]:
    filterset = SearchByIdFilterSet(
        QueryDict(f"q={q}"), queryset=Person.objects.all(), request=SimpleNamespace(user=user)
    )
    return sorted(filterset.qs.values_list("name", flat=True))


def test_q_does_not_search_private_fields_without_view_private(people, field_officer):
    assert searched(field_officer, FUTIAN_ID[6:14]) == []
    assert searched(field_officer, "王福田") == ["王福田"]


def test_q_searches_private_fields_only_where_the_user_may_see_them(people, district_officer):
    assert searched(district_officer, FUTIAN_ID[6:14]) == ["王福田"]
    assert searched(district_officer, LUOHU_ID[6:14]) == []


# --- Sorting ------------------------------------------------------------------------------------


@pytest.fixture
def sortable(tree, people):
    """A second Futian person whose ID number sorts before 王福田's (born 1970, not 1990) and
    whose name sorts after it: by name 王福田, 赵; by ID number 赵, 王福田."""
    return person(tree["futian"], national_id=national_id("440304", "19700101", "111"), name="赵")


def names_in(body: str, names) -> list[str]:
    return sorted(names, key=body.index)


def test_page_sort_by_id_is_ignored(client, sortable, people, field_officer):
    default = names_in(page_body(client, field_officer, {}), ["王福田", "赵"])
    assert default == ["王福田", "赵"]  # by name
    for sort in ("national_id", "-national_id"):
        body = page_body(client, field_officer, {"sort": sort})
        assert names_in(body, ["王福田", "赵"]) == default


def test_page_sort_by_id_is_not_offered(client, people, field_officer):
    body = page_body(client, field_officer, {})
    assert "sort=national_id" not in body
    assert "sort=phone" not in body
    assert "sort=name" in body


def test_api_ordering_by_a_private_field_is_ignored(sortable, people, tree):
    """Even where a view allows every field (``ordering_fields = "__all__"``)."""
    officer = factories.user("cityofficer2", role="field_officer", scope=tree["city"])
    view = SimpleNamespace(ordering_fields="__all__", ordering=None)
    backend = OrderingFilter()
    for ordering in ("national_id", "-national_id", "phone"):
        request = APIRequestFactory().get("/", {"ordering": ordering})
        request.user = officer
        request.query_params = request.GET
        assert backend.get_ordering(request, Person.objects.all(), view) is None
    request = APIRequestFactory().get("/", {"ordering": "-name"})
    request.query_params = request.GET
    assert backend.get_ordering(request, Person.objects.all(), view) == ["-name"]


def test_api_ordering_by_id_does_not_change_the_order(client, sortable, people, field_officer):
    by_name = api_names(client, field_officer, {})
    assert by_name == ["王福田", "赵"]
    assert api_names(client, field_officer, {"ordering": "national_id"}) == by_name
    assert api_names(client, field_officer, {"ordering": "-national_id"}) == by_name


# --- History tab and audit record page -----------------------------------------------------------


def test_history_tab_with_private_values_in_full_writes_a_read(client, people, district_officer):
    futian = people["futian"]
    services.update_record(None, futian, {"phone": "13987654321"})
    client.force_login(district_officer)
    url = reverse("people:person_detail", args=[futian.pk]) + "?tab=history"
    body = client.get(url).content.decode()
    assert "13987654321" in body and "13812345678" in body
    reads = reads_of(futian)
    assert [r.after for r in reads] == [
        {"fields": ["address", "birth_date", "national_id", "phone"]}
    ]
    assert reads[0].reason == "history tab"


def test_history_tab_masked_writes_no_read(client, people, field_officer):
    futian = people["futian"]
    services.update_record(None, futian, {"phone": "13987654321"})
    client.force_login(field_officer)
    url = reverse("people:person_detail", args=[futian.pk]) + "?tab=history"
    body = client.get(url).content.decode()
    assert "13987654321" not in body and "139****4321" in body
    assert reads_of(futian) == []


def last_change(obj) -> AuditRecord:
    return AuditRecord.objects.filter(model="people.person", object_id=str(obj.pk)).latest("pk")


def test_audit_record_page_with_private_values_in_full_writes_a_read(client, tree, people):
    futian = people["futian"]
    services.update_record(None, futian, {"phone": "13987654321"})
    record = last_change(futian)
    admin = factories.user("cityadmin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    body = client.get(reverse("core:auditrecord_detail", args=[record.pk])).content.decode()
    # The record keeps the whole row before and after: every private field is shown.
    assert "13987654321" in body and FUTIAN_ID in body
    reads = reads_of(futian)
    assert [(r.actor, r.after, r.reason) for r in reads] == [
        (
            admin,
            {"fields": ["address", "birth_date", "national_id", "phone"]},
            f"audit record {record.pk}",
        )
    ]


def test_audit_record_page_masks_another_districts_values_and_writes_no_read(client, tree, people):
    """A city auditor views every audit record, but no private data: masked, no read."""
    luohu = people["luohu"]
    services.update_record(None, luohu, {"phone": "13987654321"})
    record = last_change(luohu)
    auditor = factories.user("cityauditor", role="auditor", scope=tree["city"])
    client.force_login(auditor)
    body = client.get(reverse("core:auditrecord_detail", args=[record.pk])).content.decode()
    assert "13987654321" not in body and "139****4321" in body
    assert reads_of(luohu) == []


def test_audit_record_page_of_a_deleted_row_is_read_against_the_record(admin_user, client, tree):
    gone = person(tree["futian"], national_id=FUTIAN_ID, name="王福田")
    pk = gone.pk
    services.delete_record(None, gone, "duplicate")
    record = AuditRecord.objects.filter(model="people.person", object_id=str(pk)).latest("pk")
    client.force_login(admin_user)
    body = client.get(reverse("core:auditrecord_detail", args=[record.pk])).content.decode()
    assert FUTIAN_ID in body
    read = AuditRecord.objects.get(action=AuditAction.READ, model="core.auditrecord")
    assert read.object_id == str(record.pk)
    assert read.after == {"fields": ["address", "birth_date", "national_id", "phone"]}
    assert read.reason == f"audit record {record.pk}: people.person {pk}, no longer existing"


def test_bulk_audit_record_page_writes_a_read_for_each_row_shown_in_full(client, tree):
    """An import's record lists its rows: each one shown unmasked gets its read record."""
    from shegong.core.audit import record_bulk_create

    rows = [
        person(tree["futian"], national_id=FUTIAN_ID, name="王福田"),
        person(tree["futian"], national_id=LUOHU_ID, name="李罗湖"),
    ]
    snapshots = [
        ({f.attname: getattr(p, f.attname) for f in Person._meta.concrete_fields}, str(p), "")
        for p in rows
    ]
    record_bulk_create(None, Person, snapshots, "import")
    record = AuditRecord.objects.get(bulk_count=2)
    url = reverse("core:auditrecord_detail", args=[record.pk])

    auditor = factories.user("cityauditor", role="auditor", scope=tree["city"])
    client.force_login(auditor)
    body = client.get(url).content.decode()
    assert FUTIAN_ID not in body and FUTIAN_ID[:6] + "********" + FUTIAN_ID[-4:] in body
    assert AuditRecord.objects.filter(action=AuditAction.READ).count() == 0

    admin = factories.user("cityadmin", role="city_admin", scope=tree["city"])
    client.force_login(admin)
    body = client.get(url).content.decode()
    assert FUTIAN_ID in body and LUOHU_ID in body
    for p in rows:
        assert [(r.actor, r.after, r.reason) for r in reads_of(p)] == [
            (
                admin,
                {"fields": ["address", "birth_date", "national_id", "phone"]},
                f"audit record {record.pk}",
            )
        ]
