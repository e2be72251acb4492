"""Every write of the contract stage (FIN-6, FIN-2, VOL-3, GOV-1): the budget lines of a plan
item, a contract made from an awarded procurement, its clauses, payment schedule, conditions,
payments, amendments and termination. Money moves only through ``funding.services``
(``commit``, ``release``, ``pay``), which refuse with their own messages what a line or a
commitment has not got; each function takes the acting user and a reason, runs in one
transaction and leaves audit records.

=================== ==================================================================
function            rule
=================== ==================================================================
``set_plan_lines``  GOV-1/FIN-2: the district's lines of the plan's year, or the city's
``create_contract`` FIN-6: an awarded procurement with no challenge awaiting its answer;
                    signed within 30 days of the award
                    (``rules.contract_signing_problem``); a supplier of a kind that may
                    supply (VOL-3: volunteer organisations too); posts of the supplier;
                    each line's amount committed (FIN-2)
``pay_instalment``  FIN-2: its condition recorded as met; not beyond the commitment
``amend``           FIN-6: the difference committed or released, with a reason
``terminate``       FIN-6: what is left of every commitment released, with a reason
=================== ==================================================================
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.money import grouped
from shegong.core.services import create_record, ensure_allowed, update_record
from shegong.funding import queries as money_queries
from shegong.funding import services as funding
from shegong.organisations.choices import OrganisationKind

from .. import rules
from ..choices import ContractStatus, PaymentCondition, PurchaseKind
from ..models import (
    Amendment,
    Clause,
    Contract,
    ContractLine,
    Instalment,
    Payment,
    PlanItem,
    Procurement,
)
from ..models.contracts import FEN
from .evaluation import active_award, pending_challenges

#: FIN-6, VOL-3: the kinds of organisation that may supply purchased services: social work
#: service organisations, associations, and volunteer organisations (the volunteer
#: federations' social work posts are purchased like any other, VOL-3). A government body
#: does not sell services to the government.
SUPPLIER_KINDS = frozenset(
    {
        OrganisationKind.SERVICE_PROVIDER,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.VOLUNTEER_ORGANISATION,
        OrganisationKind.PUBLIC_INSTITUTION,
    }
)


def _today() -> date:
    return timezone.localdate()


def _yuan(amount) -> str:
    return grouped(amount)


# --- Plan items and their budget lines (GOV-1) ---------------------------------------------------


def plan_line_errors(item: PlanItem, lines) -> dict:
    """GOV-1, FIN-2: the problems of funding ``item`` from ``lines``
    (``rules.budget_line_problem`` for the plan's district and year)."""
    problems = [rules.budget_line_problem(line, item.plan.area, item.plan.year) for line in lines]
    problems = [p for p in problems if p]
    return {"budget_lines": problems} if problems else {}


@transaction.atomic
def create_plan_item(actor, model, data: dict, reason: str = "", m2m=None) -> PlanItem:
    """A plan item and the budget lines that fund it (``m2m["budget_lines"]``)."""
    lines = list((m2m or {}).get("budget_lines") or [])
    item = create_record(actor, PlanItem, data, reason, m2m=m2m)
    errors = plan_line_errors(item, lines)
    if errors:
        raise ValidationError(errors)
    return item


@transaction.atomic
def update_plan_item(actor, item, data, reason="", expected_version=None, m2m=None):
    item = update_record(actor, item, data, reason, expected_version, m2m)
    errors = plan_line_errors(item, list(item.budget_lines.all()))
    if errors:
        raise ValidationError(errors)
    return item


def set_plan_lines(actor, item: PlanItem, lines, reason: str = "") -> PlanItem:
    """GOV-1: name the budget lines that fund ``item``."""
    return update_plan_item(actor, item, {}, reason, m2m={"budget_lines": list(lines)})


# --- Contracts (FIN-6) -------------------------------------------------------------------------


def awarded_supplier(procurement: Procurement):
    """The supplier an awarded procurement names: a single source's ``proposed_supplier``, or
    the supplier of the award in force of an open tender or a competitive negotiation
    (``evaluation.active_award``). ``None``: no award names one."""
    if procurement.is_single_source:
        return procurement.proposed_supplier
    current = active_award(procurement)
    return current.supplier if current else None


def _require_no_pending_challenge(procurement: Procurement) -> None:
    """FIN-3 (Government Procurement Law art. 52-54): a challenge waiting for its answer
    blocks the contract."""
    pending = pending_challenges(procurement).select_related("organisation").first()
    if pending is not None:
        raise ValidationError(
            _(
                "The challenge of %(org)s lodged on %(on)s awaits its answer; the contract is "
                "signed after it is answered."
            )
            % {"org": pending.organisation, "on": pending.lodged_on.isoformat()}
        )


def _supplier(procurement: Procurement, chosen):
    named = awarded_supplier(procurement)
    if chosen is not None and named is not None and chosen.pk != named.pk:
        raise ValidationError(
            {"supplier": _("The award names %(name)s as the supplier.") % {"name": named}}
        )
    supplier = chosen or named
    if supplier is None:
        raise ValidationError({"supplier": _("Choose the supplier the award names.")})
    if supplier.kind not in SUPPLIER_KINDS:
        raise ValidationError(
            {
                "supplier": _("A %(kind)s cannot supply purchased services.")
                % {"kind": supplier.get_kind_display()}
            }
        )
    if not supplier.is_active:
        raise ValidationError({"supplier": _("The supplier is not an active organisation.")})
    return supplier


def _what_is_bought(procurement: Procurement, supplier, data: dict, posts) -> dict:
    errors = {}
    if procurement.plan_item.kind == PurchaseKind.POSTS:
        if not posts:
            errors["posts"] = _("Name the posts the contract funds.")
        others = [p for p in posts if p.organisation_id != supplier.pk]
        if others:
            errors["posts"] = _("These posts are not the supplier's: %(posts)s.") % {
                "posts": ", ".join(str(p) for p in others)
            }
    else:
        for name in ("outputs", "outcome_targets"):
            if not (data.get(name) or "").strip():
                errors[name] = _("A project purchase states its outputs and outcome targets.")
    return errors


def _amounts(lines) -> list[tuple[object, Decimal]]:
    found, seen = [], set()
    for line, amount in lines:
        if line.pk in seen:
            raise ValidationError({"lines": _("Each budget line funds a contract once.")})
        seen.add(line.pk)
        found.append((line, funding.money(amount)))
    if not found:
        raise ValidationError({"lines": _("Name at least one budget line and its amount.")})
    return found


@transaction.atomic
def create_contract(
    actor,
    procurement: Procurement,
    data: dict,
    lines,
    posts=(),
    reason: str = "",
) -> Contract:
    """FIN-6: the contract of an awarded procurement (its state moves to "contract signed").
    ``data``: number, title, signed_on, starts_on, ends_on, outputs, outcome_targets and the
    supplier when the award does not name it; ``lines``: (budget line, amount) pairs, each
    committed on its line (FIN-2: refused with the funding app's message when the line has not
    enough left); ``posts``: the supplier's posts it funds (post purchases)."""
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    workflow.check(actor, procurement, "sign_contract")
    _require_no_pending_challenge(procurement)
    data = dict(data)
    supplier = _supplier(procurement, data.pop("supplier", None))
    signed_on = data.get("signed_on")
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date of signature.")})
    problem = rules.contract_signing_problem(procurement.awarded_on, signed_on)
    if problem:
        raise ValidationError({"signed_on": problem})
    posts = list(posts)
    errors = _what_is_bought(procurement, supplier, data, posts)
    amounts = _amounts(lines)
    item = procurement.plan_item
    line_problems = [
        rules.budget_line_problem(line, procurement.buyer, item.plan.year) for line, _a in amounts
    ]
    if any(line_problems):
        errors["lines"] = [p for p in line_problems if p]
    if errors:
        raise ValidationError(errors)
    data.update(
        procurement=procurement,
        buyer=procurement.buyer,
        supplier=supplier,
        value=sum((a for _l, a in amounts), Decimal("0.00")),
        status=ContractStatus.IN_FORCE,
    )
    reason = reason or _("Contract signed")
    contract = create_record(actor, Contract, data, reason, m2m={"posts": posts})
    for line, amount in amounts:
        _fund(actor, contract, line, amount, reason)
    workflow.take(
        actor, procurement, "sign_contract", reason=reason, default_reason=_("Contract signed")
    )
    return contract


def _commit(actor, contract, line, amount, reason):
    return funding.commit(
        line,
        amount,
        actor=actor,
        reason=reason,
        source=contract,
        reference=contract.number,
        on=contract.signed_on,
    )


def _fund(actor, contract, line, amount, reason) -> ContractLine:
    commitment = _commit(actor, contract, line, amount, reason)
    return create_record(
        actor,
        ContractLine,
        {"contract": contract, "line": line, "amount": amount, "commitment": commitment},
        reason,
    )


def _require_in_force(contract: Contract) -> None:
    if contract.status != ContractStatus.IN_FORCE:
        raise ValidationError(
            _("The contract was terminated on %(on)s; it no longer changes.")
            % {"on": contract.terminated_on.isoformat() if contract.terminated_on else ""}
        )


# --- Clauses and the payment schedule ------------------------------------------------------------


@transaction.atomic
def add_clause(actor, model, data: dict, reason: str = "", m2m=None) -> Clause:
    """FIN-6 (clause 11): a numbered right or duty of a party."""
    contract = data.get("contract")
    if contract is None:
        raise ValidationError({"contract": _("Choose the contract.")})
    _require_in_force(contract)
    if not (data.get("text") or "").strip():
        raise ValidationError({"text": _("Write the clause.")})
    return create_record(actor, Clause, data, reason or _("Clause added"))


@transaction.atomic
def add_instalment(actor, model, data: dict, reason: str = "", m2m=None) -> Instalment:
    """FIN-2: an instalment of the schedule; the schedule adds up to at most the contract's
    value."""
    contract = data.get("contract")
    if contract is None:
        raise ValidationError({"contract": _("Choose the contract.")})
    _require_in_force(contract)
    amount = funding.money(data.get("amount"))
    scheduled = contract.instalments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if scheduled + amount > contract.value:
        raise ValidationError(
            {
                "amount": _(
                    "The schedule would add up to %(total)s yuan, more than the contract's "
                    "value of %(value)s yuan."
                )
                % {"total": _yuan(scheduled + amount), "value": _yuan(contract.value)}
            }
        )
    return create_record(actor, Instalment, {**data, "amount": amount}, reason)


@transaction.atomic
def record_condition(
    actor, instalment: Instalment, met: bool, evidence: str = "", on: date | None = None
) -> Instalment:
    """FIN-2: the buyer records whether the instalment's condition is met, with the evidence."""
    _require_in_force(instalment.contract)
    if hasattr(instalment, "payment"):
        raise ValidationError(_("This instalment is paid; its condition stays as recorded."))
    if met and not (evidence or "").strip():
        raise ValidationError({"evidence": _("Give the evidence that the condition is met.")})
    verb = _("Condition met") if met else _("Condition not met")
    return update_record(
        actor,
        instalment,
        {"condition_met": met, "met_on": on or _today(), "evidence": evidence or ""},
        f"{verb}: {evidence}".strip(": "),
    )


def payment_problem(instalment: Instalment) -> str | None:
    """FIN-2: why ``instalment`` may not be paid (its condition not recorded as met, already
    paid, the contract terminated), or ``None``. The commitment's limit is funding's rule."""
    if instalment.contract.status != ContractStatus.IN_FORCE:
        return _("The contract was terminated; its instalments are no longer paid.")
    if Payment.objects.filter(instalment=instalment).exists():
        return _("Instalment %(n)d is paid already.") % {"n": instalment.number}
    if instalment.condition != PaymentCondition.NONE and not instalment.condition_met:
        return _(
            "Instalment %(n)d is paid only once its condition is met: %(condition)s. The buyer "
            "has not recorded it as met."
        ) % {
            "n": instalment.number,
            "condition": instalment.condition_text or instalment.get_condition_display(),
        }
    return None


@transaction.atomic
def pay_instalment(
    actor, instalment: Instalment, on: date | None = None, reason: str = ""
) -> Payment:
    """FIN-2: the buyer approves an instalment's payment: ``funding.services.pay`` against the
    funding line's commitment (written to the ledger); refused with the reason when its
    condition is not met, and by funding beyond what is left of the commitment."""
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    contract = instalment.contract
    ensure_allowed(actor, "change", contract)
    problem = payment_problem(instalment)
    if problem:
        raise ValidationError(problem)
    on = on or _today()
    reason = reason or _("Instalment %(n)d of contract %(number)s") % {
        "n": instalment.number,
        "number": contract.number,
    }
    entry = funding.pay(
        instalment.funding.commitment,
        instalment.amount,
        actor=actor,
        reason=reason,
        source=contract,
        reference=contract.number,
        on=on,
    )
    return create_record(
        actor,
        Payment,
        {
            "contract": contract,
            "instalment": instalment,
            "paid_on": on,
            "amount": instalment.amount,
            "entry": entry,
        },
        reason,
    )


# --- Amendments and termination ------------------------------------------------------------------


def _reason_given(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return reason.strip()


def _recommit(actor, funded: ContractLine, new: Decimal, reason: str) -> str:
    """Move a funding line's amount to ``new``: release the difference, or release what is left
    of the commitment and commit it again with the increase (one open commitment a line)."""
    old = funded.amount
    commitment = funded.commitment
    if new < old:
        funding.release(commitment, old - new, actor=actor, reason=reason)
    else:
        left = money_queries.open_amount(commitment)
        if left > 0:
            funding.release(commitment, left, actor=actor, reason=reason)
        commitment = _commit(actor, funded.contract, funded.line, left + new - old, reason)
    update_record(actor, funded, {"amount": new, "commitment": commitment}, reason)
    return f"{funded.line}: {_yuan(old)} → {_yuan(new)}"


@transaction.atomic
def amend(
    actor,
    contract: Contract,
    reason: str,
    *,
    amounts=None,
    ends_on: date | None = None,
    on: date | None = None,
) -> Amendment:
    """FIN-6: change the contract's period (``ends_on``) and/or its lines' amounts
    (``amounts``: budget line → new amount; a new line is added); the difference is committed
    or released through funding (FIN-2), which refuses what a line or commitment lacks."""
    reason = _reason_given(reason)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    ensure_allowed(actor, "change", contract)
    _require_in_force(contract)
    if not amounts and ends_on in (None, contract.ends_on):
        raise ValidationError(_("The amendment changes nothing."))
    changes = []
    existing = {f.line_id: f for f in contract.lines.select_related("line", "commitment")}
    for line, amount in (amounts or {}).items():
        new = Decimal(str(amount))
        if new < 0 or new != new.quantize(FEN):
            raise ValidationError({"amount": _("An amount is in yuan, at least zero, in fen.")})
        funded = existing.get(line.pk)
        if funded is None:
            problem = rules.budget_line_problem(
                line, contract.buyer, contract.procurement.plan_item.plan.year
            )
            if problem:
                raise ValidationError({"line": problem})
            _fund(actor, contract, line, funding.money(new), reason)
            changes.append(f"{line}: + {_yuan(new)}")
        elif new != funded.amount:
            changes.append(_recommit(actor, funded, new, reason))
    value = contract.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    before = {"value": contract.value, "ends_on": contract.ends_on}
    contract = update_record(
        actor, contract, {"value": value, "ends_on": ends_on or contract.ends_on}, reason
    )
    return create_record(
        actor,
        Amendment,
        {
            "contract": contract,
            "made_on": on or _today(),
            "reason": reason,
            "value_before": before["value"],
            "value_after": contract.value,
            "ends_on_before": before["ends_on"],
            "ends_on_after": contract.ends_on,
            "changes": "\n".join(changes),
        },
        reason,
    )


@transaction.atomic
def terminate(actor, contract: Contract, reason: str, on: date | None = None) -> Contract:
    """FIN-6: end the contract early, with a reason; what is left of every commitment goes back
    to its budget line (FIN-2)."""
    reason = _reason_given(reason)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    ensure_allowed(actor, "change", contract)
    _require_in_force(contract)
    on = on or _today()
    for funded in contract.lines.select_related("commitment"):
        if money_queries.open_amount(funded.commitment) > 0:
            funding.release(funded.commitment, actor=actor, reason=reason, on=on)
    return update_record(
        actor,
        contract,
        {
            "status": ContractStatus.TERMINATED,
            "terminated_on": on,
            "termination_reason": reason,
        },
        reason,
    )
