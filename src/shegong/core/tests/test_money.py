"""Money as every page shows it, in both languages (issue 14): ``core.money``."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from shegong.core.money import MoneyColumn, grouped, money_field, yuan


def test_yuan_groups_thousands_with_two_decimals_in_both_languages():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert yuan(Decimal("1234567")) == "¥1,234,567.00"
            assert yuan(Decimal("1234567.5")) == "¥1,234,567.50"
            assert yuan(Decimal("0.01")) == "¥0.01"
            assert yuan(Decimal("-3")) == "-¥3.00"
            assert yuan(None) == "—"
            assert yuan("999999999999.99") == "¥999,999,999,999.99"
            rendered = Template("{% load money %}{{ v|yuan }}").render(
                Context({"v": Decimal("360000.00")})
            )
            assert rendered == "¥360,000.00"


def test_grouped_is_for_messages_that_name_the_unit():
    assert grouped(Decimal("300000.01")) == "300,000.01"
    assert grouped("50000") == "50,000.00"


def test_a_money_field_is_marked_and_its_column_exports_the_plain_number():
    field = money_field("amount")
    assert field.is_money and field.max_digits == 14 and field.decimal_places == 2
    column = MoneyColumn()
    assert column.render(Decimal("90000.00")) == "¥90,000.00"
    assert column.value(Decimal("90000")) == "90000.00"
    assert column.value(None) == ""
