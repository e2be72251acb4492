"""`shegong demo_data`: deterministic, idempotent, through the services (audited)."""

import pytest
from django.core.management import call_command

from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.organisations.models import Organisation
from shegong.people.models import Person
from shegong.registry.models import Certificate, ConductCase, Registration


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
