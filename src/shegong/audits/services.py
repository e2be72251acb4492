"""Every write of the audits app with a rule of its own (FIN-5). Each takes the acting user and
a reason, runs in one transaction, checks permissions and writes the audit record (through
``core.services``).

Annual work reports: :func:`start_report` (on the year's form, the purchase-of-services income
prefilled from the funding ledger), :func:`save_values` (each value checked by its field's
type), :func:`file_report` (required fields present; the deadline in force and lateness kept).
Audits: created and changed by the generic services (officials); :func:`add_finding`,
:func:`add_action` and :func:`issue_report` by the buyer's officials or the external auditor
organisation; :func:`complete_action` (the follow-up, with evidence)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import services
from shegong.core.permissions import can, grants_of
from shegong.core.roles import Role

from . import queries, rules
from .choices import FieldKind, Party, Prefill, ReportStatus
from .models import AnnualReport, Audit, Finding, FormField, ReportForm, RequiredAction

FEN = Decimal("0.01")
#: The largest amount a money field takes (the database's 14 digits, 2 decimals).
MAX_MONEY = Decimal("999999999999.99")
MAX_INTEGER = 10**9


def _today() -> date:
    return timezone.localdate()


def _required(text: str, field: str, message) -> str:
    if not (text or "").strip():
        raise ValidationError({field: message})
    return text.strip()


# --- Annual work reports ---------------------------------------------------------------------


def fields_of(form: ReportForm) -> list[FormField]:
    return list(
        FormField.objects.filter(section__form=form)
        .select_related("section")
        .order_by("section__order", "section__code", "order", "code")
    )


def create_report(actor, model, data: dict, reason: str = "", m2m=None, **kwargs):
    """The generic create page's service: :func:`start_report`."""
    return start_report(data.get("organisation"), data.get("year"), actor=actor, reason=reason)


@transaction.atomic
def start_report(organisation, year: int, *, actor, reason: str = "") -> AnnualReport:
    """FIN-5: a draft report of ``organisation`` for ``year`` on that year's form; money fields
    marked "prefilled from payments" get the purchase-of-services payments to the organisation
    in the year (``queries.government_purchase_income``)."""
    form = ReportForm.objects.filter(year=year).first() if year else None
    if form is None:
        raise ValidationError(
            {"year": _("There is no annual work report form for %(year)s.") % {"year": year}}
        )
    values = {}
    for field in fields_of(form):
        if field.prefill == Prefill.GOVERNMENT_PURCHASE and organisation is not None:
            values[field.code] = f"{queries.government_purchase_income(organisation, year):.2f}"
    data = {"organisation": organisation, "year": year, "form": form, "values": values}
    return services.create_record(actor, AnnualReport, data, reason)


def clean_value(field: FormField, raw) -> str:
    """FIN-5: a value of a field, checked by its type, as stored text ("" for none). Money:
    yuan, zero or more, at most two decimals; a whole number: zero or more; yes or no."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return ""
    if field.kind == FieldKind.MONEY:
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            amount = None
        if (
            amount is None
            or not amount.is_finite()
            or amount < 0
            or amount > MAX_MONEY
            or amount != amount.quantize(FEN)
        ):
            raise ValidationError(
                _("%(field)s: an amount in yuan, zero or more, with at most two decimals.")
                % {"field": field}
            )
        return f"{amount.quantize(FEN):.2f}"
    if field.kind == FieldKind.INTEGER:
        if not text.isdigit() or int(text) > MAX_INTEGER:
            raise ValidationError(_("%(field)s: a whole number, zero or more.") % {"field": field})
        return str(int(text))
    if field.kind == FieldKind.YES_NO:
        if text.lower() in ("yes", "true", "1", "是"):
            return "yes"
        if text.lower() in ("no", "false", "0", "否"):
            return "no"
        raise ValidationError(_("%(field)s: yes or no.") % {"field": field})
    if len(text) > 5000:
        raise ValidationError(_("%(field)s: at most 5,000 characters.") % {"field": field})
    return text


@transaction.atomic
def save_values(report: AnnualReport, raw: dict, *, actor, reason: str = "") -> AnnualReport:
    """FIN-5: the values of a draft report, each checked by its field's type; one wrong value
    and nothing is saved (each problem named with its field)."""
    report = services.locked(report, "form")
    if report.status == ReportStatus.FILED:
        raise ValidationError(_("This report has been filed and can no longer change."))
    values, errors = dict(report.values), {}
    for field in fields_of(report.form):
        if field.code not in raw:
            continue
        try:
            values[field.code] = clean_value(field, raw[field.code])
        except ValidationError as exc:
            errors[field.code] = exc.messages
    if errors:
        raise ValidationError(errors)
    return services.update_record(actor, report, {"values": values}, reason)


@transaction.atomic
def file_report(
    report: AnnualReport, *, actor, reason: str = "", on: date | None = None
) -> AnnualReport:
    """FIN-5: file a draft report: every required field has a value. Filed today
    (Asia/Shanghai; ``on``: the day a paper report was received, entered later, never in the
    future); the deadline in force (``rules.report_deadline``) and whether the report is late
    (filed after the deadline: the deadline day itself is on time) are kept with it."""
    report = services.locked(report, "form")
    if report.status == ReportStatus.FILED:
        raise ValidationError(_("This report has already been filed."))
    missing = [
        field
        for field in fields_of(report.form)
        if field.required and not report.values.get(field.code)
    ]
    if missing:
        raise ValidationError(
            {
                field.code: _("%(field)s: required to file the report.") % {"field": field}
                for field in missing
            }
        )
    today = min(on or _today(), _today())
    deadline, rule = rules.report_deadline(report.year)
    late = rules.is_late(deadline, today, today)
    data = {
        "status": ReportStatus.FILED,
        "filed_on": today,
        "deadline": deadline,
        "deadline_rule": rule,
        "is_late": late,
    }
    return services.update_record(actor, report, data, reason or _("Report filed"))


def rows(report: AnnualReport) -> list[tuple]:
    """The report as ``[(section, [(field, value shown)])]`` for its page."""
    sections, shown = [], {}
    for field in fields_of(report.form):
        value = report.values.get(field.code, "")
        if value and field.kind == FieldKind.MONEY:
            value = f"{Decimal(value):,.2f}"
        elif field.kind == FieldKind.YES_NO and value:
            value = _("Yes") if value == "yes" else _("No")
        if field.section_id not in shown:
            shown[field.section_id] = []
            sections.append((field.section, shown[field.section_id]))
        shown[field.section_id].append((field, value or "—"))
    return sections


# --- Audits ----------------------------------------------------------------------------------


def _admin_of(actor, organisation_id) -> bool:
    return any(
        grant.role == Role.ORG_ADMIN and grant.organisation_id == organisation_id
        for grant in grants_of(actor)
    )


def may_record(actor, audit: Audit) -> bool:
    """FIN-5: findings, actions and the report of an audit are recorded by the officials who
    oversee the contract or by the external auditor organisation (its administrator); never by
    the supplier audited."""
    if actor is None:
        return True
    return can(actor, "change", audit) or bool(
        audit.auditor_id and _admin_of(actor, audit.auditor_id)
    )


def _ensure_records(actor, audit: Audit) -> None:
    if not may_record(actor, audit):
        raise PermissionDenied(
            _("Only the officials overseeing the contract or the auditor record this audit.")
        )


def add_finding(actor, model, data: dict, reason: str = "", m2m=None, **kwargs) -> Finding:
    """FIN-5: a finding of an audit (numbered in turn when no number is given)."""
    audit = data.get("audit")
    if audit is not None:
        _ensure_records(actor, audit)
        if not data.get("number"):
            data = {**data, "number": Finding.objects.filter(audit=audit).count() + 1}
    return services.create_record(actor, Finding, data, reason, permission=None if audit else "add")


def add_action(actor, model, data: dict, reason: str = "", m2m=None, **kwargs) -> RequiredAction:
    """FIN-5: a required action of a finding, with the party, the person or office
    responsible and the deadline."""
    finding = data.get("finding")
    if finding is not None:
        _ensure_records(actor, finding.audit)
    return services.create_record(
        actor, RequiredAction, data, reason, permission=None if finding else "add"
    )


@transaction.atomic
def issue_report(audit: Audit, *, on: date, summary: str, actor, reason: str = "") -> Audit:
    """FIN-5: the audit report issued on a day, with its summary."""
    _ensure_records(actor, audit)
    summary = _required(summary, "summary", _("Summarise the audit's conclusions."))
    if on > _today():
        raise ValidationError({"on": _("The report is issued on a day that has come.")})
    if on < audit.starts_on:
        raise ValidationError({"on": _("The report is issued on or after the audit starts.")})
    return services.update_record(
        actor, audit, {"reported_on": on, "summary": summary}, reason or summary, permission=None
    )


def may_follow_up(actor, action: RequiredAction) -> bool:
    """FIN-5: the follow-up of an action is recorded by the overseeing officials, or by the
    supplier's administrator for an action the supplier must carry out."""
    if actor is None:
        return True
    audit = action.finding.audit
    if can(actor, "change", audit):
        return True
    return action.party == Party.SUPPLIER and _admin_of(actor, audit.contract.supplier_id)


@transaction.atomic
def complete_action(
    action: RequiredAction, *, on: date, evidence: str, actor, reason: str = ""
) -> RequiredAction:
    """FIN-5: a required action done on a day (not in the future), with the evidence."""
    if not may_follow_up(actor, action):
        raise PermissionDenied(_("You may not record the follow-up of this action."))
    evidence = _required(evidence, "evidence", _("Give the evidence that the action is done."))
    if action.done_on is not None:
        raise ValidationError(_("This action is already done."))
    if on > _today():
        raise ValidationError({"on": _("An action is done on a day that has come.")})
    return services.update_record(
        actor,
        action,
        {"done_on": on, "evidence": evidence},
        reason or evidence,
        permission=None,
    )
