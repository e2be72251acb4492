"""The bids tests' world: the procurement tests' world (Futian and Luohu, their officers, a
city officer, Luohu's organisation administrator) with Futian's open tender published today,
its bids closing at 09:30 on the deadline 25 days later, three bidders each with an
administrator and one credentialed worker, a city administrator and an auditor."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shegong.core.testing import factories
from shegong.procurement import services
from shegong.workforce import services as workforce
from shegong.workforce.tests import data as wf

from .data import criteria, tender, today

PRICE = Decimal("123456.78")


def proposal(name="投标文件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 proposal", "application/pdf")


def worker(organisation, credentialed=True):
    """A person holding a post of ``organisation`` since 2025-01-01; ``credentialed``: with a
    certificate of 2024 and a registration valid until 2030."""
    who = wf.person(organisation.area, organisation)
    if credentialed:
        cert = wf.certificate(who, "assistant", issued=date(2024, 1, 1))
        wf.registration(who, cert, valid_from=date(2025, 1, 1), valid_until=date(2030, 12, 31))
    ptype = wf.post_type(level="assistant", designated=credentialed)
    workforce.hire(None, who, wf.post(organisation, ptype), date(2025, 1, 1), "new_hire")
    return who


@pytest.fixture
def bids_world(world):
    tree = world["tree"]
    org_c = factories.organisation(tree["futian"], "南山社工服务中心")
    procurement = tender(world["item_futian"])
    criteria(procurement)
    procurement = services.publish(None, procurement, on=today())
    closing = timezone.make_aware(datetime.combine(procurement.bid_deadline, time(9, 30)))
    orgs = {"a": world["org_futian"], "b": world["org_luohu"], "c": org_c}
    return {
        **world,
        "procurement": procurement,
        "closing": closing,
        "before": closing - timedelta(minutes=1),
        "orgs": orgs,
        "admins": {
            "a": factories.user("admin_a", role="org_admin", scope=orgs["a"]),
            "b": world["org_admin"],
            "c": factories.user("admin_c", role="org_admin", scope=org_c),
        },
        "staff": {k: worker(o) for k, o in orgs.items()},
        "city_admin": factories.user("city_admin", role="city_admin", scope=tree["city"]),
        "auditor": factories.user("auditor", role="auditor", scope=tree["city"]),
    }


def bid(w, key, price=PRICE, at=None):
    return services.submit_bid(
        w["admins"][key],
        w["procurement"],
        w["orgs"][key],
        price,
        proposal(),
        [w["staff"][key]],
        at=at or w["before"],
    )
