"""Policy parameters are data, versioned by date (ARCHITECTURE §7): the row in force on a
day is the one with the latest ``valid_from`` not after it; officials add rows, never edit."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from shegong.core import parameters
from shegong.core.models import AuditRecord, PolicyParameter
from shegong.core.testing import factories

KEY = "test.days_a_year"


@pytest.fixture
def rows(db):
    PolicyParameter.objects.create(key=KEY, scope="city", value=10, valid_from=date(2020, 1, 1))
    PolicyParameter.objects.create(key=KEY, scope="city", value=15, valid_from=date(2026, 1, 1))
    PolicyParameter.objects.create(key=KEY, scope="national", value=9, valid_from=date(2020, 1, 1))


def test_the_row_in_force_on_a_day_is_the_latest_from_before_it(rows):
    assert parameters.value(KEY, on=date(2025, 12, 31)) == 10
    assert parameters.value(KEY, on=date(2026, 1, 1)) == 15
    assert parameters.value(KEY, on=date(2026, 1, 1), scope="national") == 9
    assert parameters.get(KEY, on=date(2026, 6, 1)).valid_from == date(2026, 1, 1)


def test_a_missing_parameter_is_a_configuration_error_naming_key_and_day(rows):
    with pytest.raises(ImproperlyConfigured, match="test.days_a_year.*2019-12-31"):
        parameters.get(KEY, on=date(2019, 12, 31))


def test_memoised_reads_each_parameter_once_whatever_the_days(rows, django_assert_num_queries):
    """Issue 13: a page applying a rule to each of its rows (the registration review queue)
    reads the parameter once; the answers are those of the unmemoised reads."""
    days = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 1), date(2020, 1, 1)]
    with django_assert_num_queries(2), parameters.memoised():
        found = [parameters.value(KEY, on=day) for day in days]
        national = parameters.value(KEY, on=date(2026, 6, 1), scope="national")
        with pytest.raises(ImproperlyConfigured, match="2019-12-31"):
            parameters.get(KEY, on=date(2019, 12, 31))
    assert (found, national) == ([10, 15, 15, 10], 9)
    with django_assert_num_queries(1):  # outside the block, read again
        assert parameters.value(KEY, on=date(2026, 6, 1)) == 15


def test_the_seeded_register_defaults_exist(db):
    assert parameters.value("registry.registration_years", scope="national") == 3
    assert parameters.value("registry.registration_years", scope="city") == 1


def test_a_city_admin_adds_a_row_from_a_date_and_it_is_audited(client, tree):
    client.force_login(factories.user("admin", role="city_admin", scope=tree["city"]))
    response = client.post(
        reverse("core:policyparameter_add"),
        {
            "key": KEY,
            "scope": "city",
            "value": "20",
            "valid_from": "2027-01-01",
            "source": "City notice 2026/12",
            "note": "",
            "reason": "new rule",
        },
    )
    assert response.status_code == 302, response.content[:500]
    row = PolicyParameter.objects.get(key=KEY)
    assert row.value == 20
    assert AuditRecord.objects.filter(model="core.policyparameter", object_id=str(row.pk)).exists()
    page = client.get(reverse("core:policyparameter_list") + f"?key={KEY}")
    assert "City notice 2026/12" in page.content.decode()


def test_parameters_are_not_for_district_officers(client, tree):
    client.force_login(factories.user("officer", role="district_officer", scope=tree["futian"]))
    assert client.get(reverse("core:policyparameter_add")).status_code == 403
    assert client.get(reverse("core:policyparameter_list")).status_code == 200  # reference
