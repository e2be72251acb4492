"""FIN-2: the ledger's rules at their edges: nothing is committed or paid beyond what is left
(one fen more is refused with a clear message, and nothing is written), every movement has its
reason and is in the audit trail, entries are never changed, balances are the database's sums,
and a line is locked before its balance is read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core import audit
from shegong.core import services as core_services
from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.funding import queries, services
from shegong.funding.models import BudgetLine, LedgerEntry

from . import data

pytestmark = pytest.mark.django_db


def money(text: str) -> Decimal:
    return Decimal(text)


def test_a_commitment_of_exactly_what_is_left_passes(tree):
    line = data.line(tree["futian"], "1000.00")
    services.commit(line, "400.00", actor=None, reason="contract A")
    services.commit(line, "600.00", actor=None, reason="contract B")
    assert queries.of_line(line) == {
        "allocated": money("1000.00"),
        "transferred": money("0.00"),
        "committed": money("1000.00"),
        "paid": money("0.00"),
        "available": money("0.00"),
    }


def test_one_fen_more_than_what_is_left_is_refused_and_nothing_written(tree):
    line = data.line(tree["futian"], "1000.00")
    services.commit(line, "400.00", actor=None, reason="contract A")
    with pytest.raises(ValidationError) as refused:
        services.commit(line, "600.01", actor=None, reason="contract B")
    assert refused.value.message_dict["amount"] == [
        f"600.01 yuan is more than the 600.00 yuan still available on the budget line {line}."
    ]
    assert LedgerEntry.objects.filter(line=line).count() == 2  # the allocation and contract A


def test_a_payment_of_exactly_what_is_left_of_the_commitment_passes(tree):
    line = data.line(tree["futian"], "1000.00")
    commitment = services.commit(line, "800.00", actor=None, reason="contract")
    services.pay(commitment, "300.00", actor=None, reason="first quarter")
    services.pay(commitment, "500.00", actor=None, reason="the rest")
    assert queries.open_amount(commitment) == money("0.00")
    assert queries.of_line(line)["paid"] == money("800.00")
    assert queries.of_line(line)["committed"] == money("0.00")
    assert queries.of_line(line)["available"] == money("200.00")


def test_a_payment_one_fen_beyond_the_commitment_is_refused(tree):
    line = data.line(tree["futian"], "1000.00")
    commitment = services.commit(line, "800.00", actor=None, reason="contract")
    services.pay(commitment, "300.00", actor=None, reason="first quarter")
    with pytest.raises(ValidationError) as refused:
        services.pay(commitment, "500.01", actor=None, reason="too much")
    assert refused.value.message_dict["amount"] == [
        f"500.01 yuan is more than the 500.00 yuan left of the commitment {commitment}."
    ]
    assert queries.of_line(line)["paid"] == money("300.00")


def test_balances_after_every_kind_of_movement(tree):
    line = data.line(tree["futian"], "1000.00")
    commitment = services.commit(line, "600.00", actor=None, reason="contract")
    services.pay(commitment, "250.00", actor=None, reason="paid")
    services.release(commitment, "100.00", actor=None, reason="smaller contract")
    assert queries.of_line(line) == {
        "allocated": money("1000.00"),
        "transferred": money("0.00"),
        "committed": money("250.00"),
        "paid": money("250.00"),
        "available": money("500.00"),
    }
    annotated = queries.with_balances(BudgetLine.objects.filter(pk=line.pk)).get()
    assert (annotated.allocated, annotated.committed, annotated.paid, annotated.available) == (
        money("1000.00"),
        money("250.00"),
        money("250.00"),
        money("500.00"),
    )


def test_a_release_gives_back_all_that_is_left_and_no_more(tree):
    line = data.line(tree["futian"], "1000.00")
    commitment = services.commit(line, "600.00", actor=None, reason="contract")
    services.pay(commitment, "200.00", actor=None, reason="paid")
    with pytest.raises(ValidationError) as refused:
        services.release(commitment, "400.01", actor=None, reason="ended")
    assert "400.00 yuan left of the commitment" in refused.value.message_dict["amount"][0]
    released = services.release(commitment, actor=None, reason="contract ended early")
    assert released.amount == money("400.00")
    assert queries.of_line(line)["available"] == money("800.00")
    with pytest.raises(ValidationError, match="Nothing is left of this commitment"):
        services.release(commitment, actor=None, reason="again")


def test_balances_of_two_districts_stay_apart(tree):
    futian = data.line(tree["futian"], "1000.00")
    luohu = data.line(tree["luohu"], "500.00")
    services.commit(futian, "900.00", actor=None, reason="contract")
    assert queries.of_line(luohu)["available"] == money("500.00")
    assert queries.of_line(futian)["available"] == money("100.00")
    with pytest.raises(ValidationError):
        services.commit(luohu, "500.01", actor=None, reason="contract")


@pytest.mark.parametrize("amount", ["0", "0.00", "-1.00", "0.001", "12.345", "abc", None, "NaN"])
def test_an_amount_is_positive_yuan_with_at_most_two_decimals(tree, amount):
    line = data.line(tree["futian"], "1000.00")
    with pytest.raises(ValidationError) as refused:
        services.commit(line, amount, actor=None, reason="contract")
    assert refused.value.message_dict["amount"] == [
        "An amount is in yuan, above zero, with at most two decimals (fen)."
    ]


def test_every_movement_has_its_reason(tree):
    line = data.line(tree["futian"], "1000.00")
    with pytest.raises(ValidationError) as refused:
        services.commit(line, "1.00", actor=None, reason="  ")
    assert refused.value.message_dict["reason"] == ["Give the reason for this movement of money."]


def test_every_movement_is_in_the_audit_trail(tree):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    line = data.line(tree["futian"])
    services.allocate(line, "1000.00", actor=officer, reason="budget decision 12")
    commitment = services.commit(line, "300.00", actor=officer, reason="contract 7")
    records = AuditRecord.objects.filter(model="funding.ledgerentry", action="create")
    assert sorted(r.reason for r in records) == ["budget decision 12", "contract 7"]
    assert records.get(object_id=str(commitment.pk)).after["amount"] == "300.00"
    assert not list(audit.verify_chain())


def test_entries_are_never_changed_or_deleted(tree):
    line = data.line(tree["futian"], "1000.00")
    entry = LedgerEntry.objects.get(line=line)
    entry.amount = Decimal("1.00")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(PermissionError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == money("1000.00")


def test_a_district_officer_moves_only_their_districts_money(tree):
    futian_officer = factories.user(role="district_officer", scope=tree["futian"])
    futian = data.line(tree["futian"], "1000.00")
    luohu = data.line(tree["luohu"], "1000.00")
    services.commit(futian, "10.00", actor=futian_officer, reason="contract")
    with pytest.raises(PermissionDenied):
        services.commit(luohu, "10.00", actor=futian_officer, reason="contract")
    with pytest.raises(PermissionDenied):
        services.allocate(luohu, "10.00", actor=futian_officer, reason="budget")
    org_admin = factories.user(role="org_admin", scope=factories.organisation(tree["futian"]))
    with pytest.raises(PermissionDenied):
        services.commit(futian, "10.00", actor=org_admin, reason="contract")
    assert queries.of_line(luohu)["committed"] == money("0.00")


def test_the_line_is_locked_before_its_balance_is_read(tree, monkeypatch):
    """Two commitments at the same moment: the second waits for the first's lock
    (``select_for_update`` on the line's row) and then reads the balance the first left."""
    line = data.line(tree["futian"], "1000.00")
    order = []
    real_locked, real_of_line = core_services.locked, queries.of_line

    def locked(obj, *related):
        order.append(("lock", type(obj).__name__, obj.pk))
        return real_locked(obj, *related)

    def of_line(obj):
        order.append(("read", type(obj).__name__, obj.pk))
        return real_of_line(obj)

    monkeypatch.setattr(core_services, "locked", locked)
    monkeypatch.setattr(queries, "of_line", of_line)
    services.commit(line, "10.00", actor=None, reason="contract")
    assert order == [("lock", "BudgetLine", line.pk), ("read", "BudgetLine", line.pk)]


def test_the_lock_is_select_for_update(tree):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    line = data.line(tree["futian"], "1000.00")
    if not connection.features.has_select_for_update:
        pytest.skip("the database has no row locks (SQLite locks the whole database)")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.commit(line, "10.00", actor=None, reason="contract")
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


def test_the_source_of_a_commitment_is_kept_for_its_payments(tree):
    line = data.line(tree["futian"], "1000.00")
    commitment = services.commit(line, "100.00", actor=None, reason="c", source=tree["futian"])
    payment = services.pay(commitment, "40.00", actor=None, reason="p")
    assert (commitment.source_model, commitment.source_id) == ("areas.area", tree["futian"].pk)
    assert (payment.source_model, payment.source_id) == ("areas.area", tree["futian"].pk)
    assert payment.commitment == commitment


def test_only_a_commitment_is_paid_or_released(tree):
    line = data.line(tree["futian"], "1000.00")
    allocation = LedgerEntry.objects.get(line=line)
    with pytest.raises(ValidationError, match="not a commitment"):
        services.pay(allocation, "1.00", actor=None, reason="p")


def test_the_lists_balances_are_the_ledgers_for_every_kind_of_line(tree):
    city = data.line(tree["city"], "1000.00")
    services.transfer_city_subsidy(city, tree["futian"], "300.00", actor=None, reason="s")
    futian = data.line(tree["futian"], "500.00")
    commitment = services.commit(futian, "200.00", actor=None, reason="contract")
    services.release(commitment, "50.00", actor=None, reason="smaller")
    services.pay(commitment, "100.00", actor=None, reason="paid")
    rows = {line.name: line for line in queries.with_balances(BudgetLine.objects.all())}
    shown = {name: [getattr(line, n) for n in queries.NAMES] for name, line in rows.items()}
    # allocated, transferred, committed, paid, available
    expected = {
        city.name: ["1000.00", "150.00", "0.00", "0.00", "850.00"],
        futian.name: ["500.00", "0.00", "50.00", "100.00", "350.00"],
        "City special subsidy to 福田区": ["150.00", "0.00", "0.00", "0.00", "150.00"],
    }
    assert shown == {name: [money(v) for v in values] for name, values in expected.items()}
    for line in rows.values():
        assert [str(v) for v in queries.of_line(line).values()] == expected[line.name]


def test_releasing_all_that_is_left_of_a_commitment_under_one_yuan(tree):
    line = data.line(tree["futian"], "1000.00")
    commitment = services.commit(line, "100.00", actor=None, reason="contract")
    services.pay(commitment, "99.50", actor=None, reason="paid")
    released = services.release(commitment, actor=None, reason="the rest")
    assert released.amount == money("0.50")
    assert queries.open_amount(commitment) == money("0.00")
