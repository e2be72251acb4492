"""`shegong demo_data`: deterministic, idempotent, through the services (audited)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.organisations.models import Organisation
from shegong.people.models import Person
from shegong.registry.models import Certificate, ConductCase, Registration

from .demo_names import demo_username


def counts():
    models = (Area, Organisation, User, Person, Certificate, Registration, ConductCase)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db(transaction=False)
def test_district_demo_is_complete_idempotent_and_audited():
    call_command("demo_data", "--scale", "district", verbosity=0)
    first = counts()
    assert first["Area"] > 50 and first["Person"] == 300
    assert Area.objects.filter(level="district").count() == 7  # six districts + Guangming
    assert User.objects.filter(username="admin", memberships__role="city_admin").exists()
    assert first["Certificate"] > 0 and first["Registration"] > 0
    assert set(ConductCase.objects.values_list("stage", flat=True)) >= {"intake", "decided"}
    assert Certificate.objects.filter(status="recalled").exists()
    names = list(Person.objects.order_by("national_id").values_list("name", flat=True)[:20])
    audit_rows = AuditRecord.objects.count()

    call_command("demo_data", "--scale", "district", verbosity=0)
    assert counts() == first  # a second run creates nothing new
    assert AuditRecord.objects.count() == audit_rows
    assert list(Person.objects.order_by("national_id").values_list("name", flat=True)[:20]) == (
        names
    )
    assert list(verify_chain()) == []
    readme_accounts_exist_and_linked_names_match()


def readme_accounts_exist_and_linked_names_match():
    """Issue 12, defect 9: the README's walk-through named ``worker_6_2``, which a fresh
    district demo does not have, and ``worker_36_2`` was shown as 孙志强 but linked to the
    person 卢国平."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:worker|orgadmin|officer)_\d+(?:_\d+)?)`", readme))
    assert "worker_36_2" in named
    here = {demo_username(name) for name in named}
    existing = set(User.objects.filter(username__in=here).values_list("username", flat=True))
    assert existing == here
    linked = User.objects.filter(person__isnull=False).select_related("person")
    assert linked.exists()
    assert [(u.username, u.get_full_name()) for u in linked] == [
        (u.username, u.person.name) for u in linked
    ]
    assert User.objects.get(username=demo_username("worker_36_2")).get_full_name() == "卢国平"


@pytest.mark.django_db(transaction=False)
def test_a_small_city_loads_through_the_bulk_paths_with_bulk_audit_records():
    """Issue 13: the city demo writes its thousands of rows as the imports do (``core.bulk``,
    bulk audit records) and shows its progress. Loaded here as a city of 140 people (20 in
    each of the seven districts); ``--scale city`` alone loads 6,000."""
    from io import StringIO

    from shegong.workforce.models import Employment, Post

    out = StringIO()
    call_command("demo_data", "--scale", "city", "--people", "140", stdout=out)
    assert Person.objects.count() == 140
    assert Area.objects.filter(level="district", people__isnull=False).distinct().count() == 7
    certificates, registrations = Certificate.objects.count(), Registration.objects.count()
    assert certificates > 40 and registrations > 20
    # Every certificate, register entry, post and employment of the bulk paths is in a bulk
    # record of the trail (the few created by the services, one at a time, are not).
    in_bulk = {}
    for label, count in AuditRecord.objects.filter(bulk_count__isnull=False).values_list(
        "model", "bulk_count"
    ):
        in_bulk[label] = in_bulk.get(label, 0) + count
    # People: one record each, appended in bulk (``audit.append_many``).
    assert AuditRecord.objects.filter(model="people.person", action="create").count() == 140
    assert in_bulk["registry.certificate"] == certificates
    assert in_bulk["registry.registration"] == registrations
    assert in_bulk["workforce.employment"] == Employment.objects.count() - 2  # 2 conversions
    assert in_bulk["workforce.post"] == Post.objects.count() - 2
    assert list(verify_chain()) == []
    text = out.getvalue()
    assert f"register: certificates [{'#' * 30}] {certificates}/{certificates}" in text
    assert "people [" + "#" * 30 + "] 140/140" in text
    assert "Statistics updated (ANALYZE)." in text

    first = counts()
    call_command("demo_data", "--scale", "city", "--people", "140", stdout=StringIO())
    assert counts() == first  # a second run creates nothing new
