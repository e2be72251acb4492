"""`shegong demo_data`: deterministic, idempotent, through the services (audited)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

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
def test_district_demo_is_complete_idempotent_and_audited(client):
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
    purchases_at_every_stage(client)


def purchases_at_every_stage(client):
    """Issue 14, point 10: the two demo districts' plans on three funding sources, the city
    subsidy transferred to each, procurements at every stage, contracts that fund demo posts,
    payments (one refused until its condition is met), an amendment and a training grant."""
    from collections import Counter

    from django.urls import reverse

    from shegong.funding import queries
    from shegong.funding.models import BudgetLine, LedgerEntry
    from shegong.procurement.models import (
        Amendment,
        Bid,
        BidOpening,
        Contract,
        Objection,
        Payment,
        PurchasePlan,
    )
    from shegong.procurement.models import Procurement as P

    assert sorted(PurchasePlan.objects.values_list("area__name", flat=True)) == ["福田区", "罗湖区"]
    # The oversight demo (FIN-5) signs its own single-source contracts ("-JP-" numbers) on a
    # line of its own and the challenged tender (FIN-3) is awarded: counted apart below.
    oversight_line = Q(name__contains="监督评估演示")
    oversight_contract = Q(contracts__number__contains="-JP-")
    sources = Counter(BudgetLine.objects.exclude(oversight_line).values_list("source", "purpose"))
    assert sources == {
        ("city_budget", "purchase"): 1,
        ("welfare_lottery", "purchase"): 1,
        ("welfare_lottery", "training"): 1,
        ("district_budget", "purchase"): 2,
        ("city_subsidy", "purchase"): 2,
    }
    assert LedgerEntry.objects.filter(kind="transfer_out").count() == 2
    assert BudgetLine.objects.filter(oversight_line).count() == 2
    ours = P.objects.exclude(oversight_contract)
    assert Counter(ours.values_list("method", "status")) == {
        ("open_tender", "published"): 2,  # open for bids, sealed bids received
        ("open_tender", "failed"): 2,  # two valid bids, fewer than three
        ("open_tender", "contracted"): 2,
        ("single_source", "contracted"): 2,  # each with an objection to its notice
        ("open_tender", "awarded"): 1,  # the challenged tender: challenge dismissed
    }
    assert Objection.objects.count() == 2
    assert BidOpening.objects.filter(failed=True).count() == 2
    assert Bid.objects.count() == 17  # 14, and the challenged tender's 3
    assert Contract.objects.filter(status="in_force").exclude(number__contains="-JP-").count() == 4
    assert Payment.objects.exclude(contract__number__contains="-JP-").count() == 4  # 1st each
    assert Amendment.objects.count() == 2  # the single sources', on the welfare lottery line
    futian = Contract.objects.get(number__startswith="440304", procurement__method="open_tender")
    assert futian.supplier.name == "福田区博爱社会工作服务中心"
    assert futian.posts.count() == 4 and futian.value == Decimal("360000.00")
    second = futian.instalments.get(number=2)
    assert (second.condition, second.condition_met) == ("mid_term_evaluation", False)
    grant = BudgetLine.objects.get(purpose="training")
    assert queries.of_line(grant)["paid"] == Decimal("100000.00")
    client.force_login(User.objects.get(username="admin"))
    post = futian.posts.order_by("code").first()
    page = client.get(reverse("workforce:post_detail", args=[post.pk])).content.decode()
    assert futian.number in page  # the workforce shows the post as contracted


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

    # Every district plans and buys: a plan each, its procurements and contracts.
    from shegong.procurement.models import Contract, Procurement, PurchasePlan

    assert PurchasePlan.objects.count() == 7
    assert Procurement.objects.filter(status="failed").count() == 7
    assert Contract.objects.count() >= 7
    first = counts()
    call_command("demo_data", "--scale", "city", "--people", "140", stdout=StringIO())
    assert counts() == first  # a second run creates nothing new
