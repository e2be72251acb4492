"""FIN-1: what a catalogue item must say; FIN-2 / FIN-4: which sources a payer has, grants
name their recipient; a line's year, payer and source stay once money moved on it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.funding import queries, services
from shegong.funding.choices import FundingSource, Purpose
from shegong.funding.models import BudgetLine, CatalogueItem
from shegong.organisations.models import ServiceField

from . import data

pytestmark = pytest.mark.django_db


def item(**fields):
    values = {
        "code": "X1",
        "name": "item",
        "service_field": ServiceField.objects.get(code="01"),
        "mode": "post",
        "level": "assistant",
    }
    values.update(fields)
    return create_record(None, CatalogueItem, values)


def test_a_post_names_its_level_and_a_project_its_outputs_and_outcomes(tree):
    assert item().level == "assistant"
    with pytest.raises(ValidationError) as refused:
        item(code="X2", level="")
    assert refused.value.message_dict == {
        "level": ["A post-based purchase names the professional level of the post."]
    }
    with pytest.raises(ValidationError) as refused:
        item(code="X3", mode="project", level="intermediate", outputs="60 cases")
    assert refused.value.message_dict == {
        "level": ["A project-based purchase has no post level."],
        "outcomes": ["A project-based purchase states its outputs and outcomes."],
    }
    project = item(code="X4", mode="project", level="", outputs="60 cases", outcomes="better")
    assert str(project) == "X4 item"


@pytest.mark.parametrize(
    ("payer", "source", "ok"),
    [
        ("city", FundingSource.CITY_BUDGET, True),
        ("city", FundingSource.WELFARE_LOTTERY, True),
        ("city", FundingSource.FOUNDATION, True),
        ("city", FundingSource.DISTRICT_BUDGET, False),
        ("futian", FundingSource.DISTRICT_BUDGET, True),
        ("luohu", FundingSource.WELFARE_LOTTERY, True),
        ("luohu", FundingSource.FOUNDATION, True),
        ("luohu", FundingSource.CITY_BUDGET, False),
    ],
)
def test_each_source_has_its_payers(tree, payer, source, ok):
    if ok:
        assert data.line(tree[payer], source=source).source == source
    else:
        with pytest.raises(ValidationError) as refused:
            data.line(tree[payer], source=source)
        assert list(refused.value.message_dict) == ["source"]


def test_a_payer_is_the_city_or_a_district(tree):
    with pytest.raises(ValidationError) as refused:
        data.line(tree["futian_street"], source=FundingSource.DISTRICT_BUDGET)
    assert list(refused.value.message_dict) == ["payer"]


def test_a_grant_names_its_recipient_and_a_purchase_line_has_none(tree):
    org = factories.organisation(tree["futian"])
    with pytest.raises(ValidationError) as refused:
        data.line(tree["city"], purpose=Purpose.TRAINING)
    assert refused.value.message_dict == {
        "recipient": ["A grant names the organisation that receives it."]
    }
    with pytest.raises(ValidationError) as refused:
        data.line(tree["city"], recipient=org)
    assert list(refused.value.message_dict) == ["recipient"]
    grant = data.line(tree["city"], "5000.00", purpose=Purpose.WEBSITE, recipient=org)
    assert grant.recipient == org


def test_year_payer_and_source_stay_once_money_moved(tree):
    empty = data.line(tree["futian"])
    moved = services.update_budget_line(None, empty, {"payer": tree["luohu"], "year": 2027})
    assert (moved.payer, moved.year) == (tree["luohu"], 2027)
    used = data.line(tree["futian"], "10.00")
    with pytest.raises(ValidationError) as refused:
        services.update_budget_line(None, used, {"payer": tree["luohu"], "name": "new"})
    assert refused.value.message_dict == {
        "payer": ["Money has moved on this line: its year, payer and source stay."]
    }
    renamed = services.update_budget_line(None, used, {"payer": tree["futian"], "name": "new"})
    assert renamed.name == "new"
    assert BudgetLine.objects.get(pk=used.pk).payer == tree["futian"]


def test_the_reference_price_of_posts_is_the_dated_parameter(tree):
    assistant, senior = item(), item(code="S1", level="senior")
    price, rule = queries.reference_price(assistant, posts=3, on=date(2026, 6, 1))
    assert price == Decimal("240000.00") and rule.key == "funding.post_price.assistant"
    assert queries.reference_price(senior, on=date(2026, 6, 1))[0] == Decimal("110000.00")
    factories.parameter("funding.post_price.senior", "120000.00", date(2027, 1, 1))
    assert queries.reference_price(senior, on=date(2026, 12, 31))[0] == Decimal("110000.00")
    assert queries.reference_price(senior, on=date(2027, 1, 1))[0] == Decimal("120000.00")
    project = item(code="J9", mode="project", level="", outputs="o", outcomes="c")
    assert queries.reference_price(project) == (None, None)


def test_a_post_items_page_shows_its_reference_price(client, tree):
    client.force_login(factories.user(role="district_officer", scope=tree["futian"]))
    page = client.get(item().get_absolute_url()).content.decode()
    assert "¥80,000.00 per post and year" in page
    assert "yearly price of an assistant social worker post" in page
