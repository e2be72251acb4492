"""Every write of contract monitoring and evaluation (FIN-5). Each function takes the acting
user (and a reason where it decides), runs in one transaction, checks the permission on the
record and leaves audit records; the numbers come from ``oversight.rules``.

=========================== ==============================================================
function                    rule
=========================== ==============================================================
``open_self_assessment``    one a contract and year, against the standards in force
``assess``                  each standard met / partly met / not met, with evidence
``submit_self_assessment``  every standard assessed
``schedule_returns``        the contract's periods and due days (``rules.return_periods``)
``submit_return``           the figures; a late return is kept and flagged
``draw_visits``             at least 30 % per district, weighted by risk, seed kept
``plan_visit``              announced (shown to the supplier) or unannounced; no tied evaluator
``record_visit``            date, findings, private notes; then shown to the supplier
``plan_evaluation``         mid-term or final (at least one month before the end); no evaluator
                            tied to the supplier
``declare_recusal``         an evaluator steps aside, with a reason (kept)
``score``                   an evaluator's score (0-100) and private notes
``rate``                    the mean score gives the rating; a pass meets the payment
                            condition (``procurement.services.contracts.record_condition``);
                            not competent bars the supplier from the buyer's tenders
=========================== ==============================================================
"""

from __future__ import annotations

import math
import random
import secrets
from typing import NamedTuple
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.models import Membership
from shegong.areas.models import Area
from shegong.core import audit, bulk, parameters
from shegong.core.services import (
    create_record,
    ensure_allowed,
    locked,
    update_record,
)
from shegong.procurement.choices import ContractStatus, PaymentCondition
from shegong.procurement.models import Contract, Instalment
from shegong.procurement.services import bars
from shegong.procurement.services.contracts import record_condition
from shegong.workforce.models import Employment

from . import rules
from .choices import (
    AssessmentStatus,
    EvaluationStatus,
    Rating,
    Stage,
    VisitKind,
    VisitStatus,
)
from .models import (
    DrawEntry,
    Evaluation,
    EvaluatorAssignment,
    QualityStandard,
    SelfAssessment,
    SelfAssessmentItem,
    StatisticsReturn,
    Visit,
    VisitDraw,
)
from .risk import found_risks


def _today() -> date:
    return timezone.localdate()


def _require_running(contract: Contract) -> None:
    if contract.status != ContractStatus.IN_FORCE:
        raise ValidationError(_("The contract is terminated; it is no longer monitored."))


# --- Self-assessments (FIN-5) -------------------------------------------------------------


def standards_in_force(on: date):
    """FIN-5: the service quality standards that apply on ``on``."""
    return QualityStandard.objects.filter(is_active=True, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


@transaction.atomic
def open_self_assessment(actor, contract: Contract, year: int, reason: str = ""):
    """FIN-5: the supplier's self-assessment of ``contract`` for ``year``, one row per standard
    in force on the year's last day (or today, if earlier): one a contract and year."""
    _require_running(contract)
    if not (contract.starts_on.year <= year <= contract.ends_on.year):
        raise ValidationError(
            {"year": _("The contract does not run in %(year)d.") % {"year": year}}
        )
    if SelfAssessment.objects.filter(contract=contract, year=year).exists():
        raise ValidationError(
            {"year": _("The contract already has a self-assessment for %(year)d.") % {"year": year}}
        )
    on = min(_today(), date(year, 12, 31))
    standards = list(standards_in_force(on))
    if not standards:
        raise ValidationError(
            {"year": _("No service quality standard is in force on %(on)s.") % {"on": on}}
        )
    assessment = create_record(
        actor,
        SelfAssessment,
        {"contract": contract, "year": year},
        reason or _("Self-assessment opened"),
    )
    for standard in standards:
        create_record(
            actor, SelfAssessmentItem, {"assessment": assessment, "standard": standard}, reason
        )
    return assessment


@transaction.atomic
def assess(actor, item: SelfAssessmentItem, result: str, evidence: str, reason: str = ""):
    """FIN-5: one standard met, partly met or not met, with the evidence."""
    item = locked(item, "assessment")
    if item.assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("The self-assessment is submitted; it no longer changes."))
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Give the evidence for the result.")})
    return update_record(actor, item, {"result": result, "evidence": evidence.strip()}, reason)


@transaction.atomic
def submit_self_assessment(actor, assessment: SelfAssessment, reason: str = ""):
    """FIN-5: submitted to the buyer once every standard has a result."""
    assessment = locked(assessment)
    ensure_allowed(actor, "change", assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("The self-assessment is submitted already."))
    missing = [str(i.standard) for i in assessment.items.select_related("standard") if not i.result]
    if missing:
        raise ValidationError(
            _("Assess every standard before submitting; not yet assessed: %(list)s.")
            % {"list": "、".join(missing)}
        )
    return update_record(
        actor,
        assessment,
        {"status": AssessmentStatus.SUBMITTED, "submitted_on": _today()},
        reason or _("Self-assessment submitted"),
    )


# --- Statistics returns (FIN-5) ---------------------------------------------------------------


@transaction.atomic
def schedule_returns(actor, contract: Contract, reason: str = "") -> list[StatisticsReturn]:
    """FIN-5: a return for every period of the contract's term, each with its due day
    (``rules.return_periods``, ``rules.return_due``); periods already scheduled are kept."""
    _require_running(contract)
    have = set(contract.statistics_returns.values_list("period_start", flat=True))
    made = []
    for start, end in rules.return_periods(contract.starts_on, contract.ends_on):
        if start in have:
            continue
        made.append(
            create_record(
                actor,
                StatisticsReturn,
                {
                    "contract": contract,
                    "period_start": start,
                    "period_end": end,
                    "due_on": rules.return_due(end),
                },
                reason or _("Statistics returns scheduled"),
            )
        )
    return made


@transaction.atomic
def submit_return(actor, item: StatisticsReturn, data: dict, on: date | None = None):
    """FIN-5: the supplier's figures for the period, once it has ended; submitted after the
    due day it is kept and flagged late."""
    item = locked(item)
    on = on or _today()
    if item.submitted_on is not None:
        raise ValidationError(_("This return is submitted already."))
    if on < item.period_end:
        raise ValidationError(
            _("The period ends on %(end)s; submit the return after it.")
            % {"end": item.period_end.isoformat()}
        )
    missing = [n for n in ("people_served", "activities", "service_hours") if data.get(n) is None]
    if missing:
        raise ValidationError({n: _("Give this figure (0 if none).") for n in missing})
    changes = {k: data.get(k) for k in ("people_served", "activities", "service_hours", "note")}
    changes["note"] = changes["note"] or ""
    changes["submitted_on"] = on
    late = rules.return_is_late(item.due_on, on, on)
    reason = _("Submitted late (due %(due)s)") % {"due": item.due_on} if late else ""
    return update_record(actor, item, changes, reason or _("Return submitted"))


# --- Ties and recusal (FIN-5; MoF Order 87 art. 47 by analogy) --------------------------------


def ties(user, organisation, on: date) -> list[str]:
    """FIN-5: how ``user`` is tied to ``organisation`` on ``on`` or today (empty: not tied): a
    role held in the organisation, or a post at it held by the user's person."""
    found = []
    days = {on, _today()}
    held = Q()
    for day in days:
        held |= Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    if Membership.objects.filter(user=user, organisation=organisation).filter(held).exists():
        found.append(_("holds a role in %(org)s") % {"org": organisation})
    person = getattr(user, "person", None)
    if person is not None:
        worked = Q()
        for day in days:
            worked |= Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))
        jobs = Employment.objects.filter(person=person, post__organisation=organisation)
        if jobs.filter(worked).exists():
            found.append(_("works at %(org)s") % {"org": organisation})
    return found


def _check_evaluators(evaluators, contract: Contract, on: date) -> None:
    if not evaluators:
        raise ValidationError({"evaluators": _("Name at least one evaluator.")})
    problems = []
    for user in evaluators:
        tied = ties(user, contract.supplier, on)
        if tied:
            problems.append(
                _("%(user)s %(ties)s and is excluded; choose another evaluator.")
                % {"user": user.get_full_name() or user.username, "ties": "、".join(tied)}
            )
    if problems:
        raise ValidationError({"evaluators": problems})


# --- The year's visit sample (FIN-5) ----------------------------------------------------------


class Candidate(NamedTuple):
    """A running contract as the draw reads it (no model instance: 5,000 of them are drawn in
    well under a second)."""

    pk: int
    number: str
    buyer_path: str


def in_force_in(area: Area, year: int):
    """The contracts of buyers in ``area`` in force on some day of ``year``."""
    return (
        Contract.objects.filter(buyer__path__startswith=area.path)
        .filter(starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1))
        .filter(Q(status=ContractStatus.IN_FORCE) | Q(terminated_on__gte=date(year, 1, 1)))
    )


def running_contracts(area: Area, year: int, on: date) -> list[Candidate]:
    """FIN-5: the contracts of buyers in ``area`` that count towards ``year``'s visits
    (``rules.counts_for_sampling``), in a fixed order (id)."""
    rows = (
        in_force_in(area, year)
        .order_by("pk")
        .values_list("pk", "number", "buyer__path", "starts_on", "ends_on")
    )
    months = rules.min_term_months(on)
    return [
        Candidate(pk, number, path)
        for pk, number, path, starts_on, ends_on in rows
        if rules.counts_for_sampling(starts_on, ends_on, year, on, months)
    ]


def sample(candidates, weights: dict[int, int], needed: int, seed: str, stratum: str) -> set[int]:
    """FIN-5: ``needed`` of ``candidates`` (in id order) drawn without replacement with chances
    proportional to their weights (Efraimidis-Spirakis: each gets the key log(u)/w, u uniform
    from a generator seeded with ``seed`` and the stratum; the largest keys are drawn). The
    same seed, candidates and weights give the same sample."""
    rng = random.Random(f"{seed}:{stratum}")
    keyed = []
    for candidate in candidates:
        u = rng.random() or 1e-300
        keyed.append((math.log(u) / weights[candidate.pk], candidate.pk))
    keyed.sort(reverse=True)
    return {pk for _key, pk in keyed[:needed]}


def _strata(candidates, districts: dict[str, Area]) -> dict[int, tuple[Area, list]]:
    """The candidates by the district of their buyer (a city buyer's: a stratum of its own)."""
    strata: dict[int, tuple[Area, list]] = {}
    city = {}
    for c in candidates:
        district = next((a for p, a in districts.items() if c.buyer_path.startswith(p)), None)
        if district is None:
            district = city.setdefault(c.buyer_path, Area.objects.get(path=c.buyer_path))
        strata.setdefault(district.pk, (district, []))[1].append(c)
    return strata


def plan_draw(area: Area, year: int, seed: str, on: date):
    """FIN-5: the draw without writing it: ``(rows, percent, share rule, weights rule)``, where
    ``rows`` are ``(candidate, district, weight, risks, chosen)``. Per district: at least
    ``visits_needed`` of its running contracts (city-bought contracts: one more stratum)."""
    percent = rules.share_percent(on)
    weights_table, weights_rule = rules.risk_weights(on)
    candidates = running_contracts(area, year, on)
    risks = found_risks(in_force_in(area, year).values("pk"), year, on)
    weights = {c.pk: rules.risk_weight(risks.get(c.pk, set()), weights_table) for c in candidates}
    districts = {
        a.path: a for a in Area.objects.filter(level="district", path__startswith=area.path)
    }
    chosen: set[int] = set()
    rows = []
    for key, (district, members) in sorted(_strata(candidates, districts).items()):
        needed = rules.visits_needed(len(members), percent)
        chosen |= sample(members, weights, needed, seed, str(key))
        rows.extend((c, district, weights[c.pk]) for c in members)
    rows = [
        (c, district, weight, ",".join(r for r in rules.RISKS if r in risks.get(c.pk, ())),
         c.pk in chosen)
        for c, district, weight in sorted(rows, key=lambda row: row[0].pk)
    ]
    share_rule = parameters.get(rules.keys.VISIT_SHARE, on=on)
    return rows, percent, share_rule, weights_rule


def _draw_area(area: Area) -> None:
    if area.level not in ("city", "district"):
        raise ValidationError({"area": _("Draw the sample for the city or for a district.")})


@transaction.atomic
def draw_visits(actor, area: Area, year: int, seed: str = "", on: date | None = None):
    """FIN-5: the year's visit sample of ``area`` (a district, or the city: each district
    drawn separately), at least ``visit_share_percent`` (30) of each district's running
    contracts, rounded up, at random weighted by risk (``rules.risk_weight``). The seed (given,
    or a fresh random one) and every contract's weight and risks are kept with the draw and in
    the audit trail (the draw's record, and bulk records of its entries); one draw an area and
    year (an overlapping one is refused)."""
    on = on or _today()
    _draw_area(area)
    overlapping = VisitDraw.objects.filter(year=year).filter(
        Q(area__path__startswith=area.path) | Q(area__path__in=_ancestors(area.path))
    )
    if overlapping.exists():
        first = overlapping.select_related("area").first()
        raise ValidationError(
            _("The %(year)d sample of %(area)s was drawn on %(on)s (seed %(seed)s).")
            % {"year": year, "area": first.area, "on": first.drawn_on, "seed": first.seed}
        )
    seed = (seed or "").strip() or secrets.token_hex(8)
    rows, percent, share_rule, weights_rule = plan_draw(area, year, seed, on)
    if not rows:
        raise ValidationError(
            _("No contract of %(area)s runs a year or more in %(year)d: nothing to draw.")
            % {"area": area, "year": year}
        )
    drawn = sum(1 for row in rows if row[4])
    problem = rules.sample_problem(len(rows), drawn, percent)
    if problem:  # pragma: no cover - per district rounding up never falls short
        raise ValidationError(problem)
    draw = create_record(
        actor,
        VisitDraw,
        {
            "year": year,
            "area": area,
            "drawn_on": on,
            "seed": seed,
            "share_percent": percent,
            "rule": f"{share_rule}; {weights_rule.key}={weights_rule.value}",
            "running": len(rows),
            "drawn": drawn,
        },
        _("Visit sample drawn: seed %(seed)s") % {"seed": seed},
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    stamp = {"created_by_id": user.pk if user else None, "updated_by_id": user.pk if user else None}
    inserted = bulk.insert(
        DrawEntry,
        [
            {
                "draw_id": draw.pk,
                "contract_id": c.pk,
                "district_id": district.pk,
                "weight": weight,
                "risks": risks,
                "chosen": chosen,
                **stamp,
            }
            for c, district, weight, risks, chosen in rows
        ],
    )
    audit.record_bulk_create(
        actor,
        DrawEntry,
        (
            (row, f"{c.number} ×{weight}", district.path)
            for row, (c, district, weight, _r, _chosen) in zip(inserted, rows, strict=True)
        ),
        _("Weights of the visit draw, seed %(seed)s") % {"seed": seed},
    )
    return draw


def _ancestors(path: str) -> list[str]:
    """The materialised paths above ``path`` ("/44/4403/440304/" → "/44/", "/44/4403/")."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts))]


def redraw(draw: VisitDraw) -> set[int]:
    """FIN-5: the contracts a draw's seed gives again over the weights it kept: the proof that
    the sample is reproducible (equal to the drawn ones)."""
    entries = draw.entries.order_by("contract_id").values_list(
        "contract_id", "district_id", "weight"
    )
    weights, strata = {}, {}
    for contract_id, district_id, weight in entries:
        weights[contract_id] = weight
        strata.setdefault(district_id, []).append(Candidate(contract_id, "", ""))
    chosen: set[int] = set()
    for key in sorted(strata):
        members = strata[key]
        needed = rules.visits_needed(len(members), draw.share_percent)
        chosen |= sample(members, weights, needed, draw.seed, str(key))
    return chosen


# --- Visits (FIN-5: 评估探访) -------------------------------------------------------------------


@transaction.atomic
def plan_visit(actor, model, data: dict, reason: str = "", m2m=None) -> Visit:
    """FIN-5: a visit planned for a running contract with its lead evaluator and others (none
    tied to the supplier); an announced visit is shown to the supplier at once, an unannounced one once
    recorded."""
    data = dict(data)
    contract = data.get("contract")
    if contract is None:
        raise ValidationError({"contract": _("Choose the contract.")})
    _require_running(contract)
    others = [u for u in (m2m or {}).get("evaluators") or [] if u != data.get("lead_evaluator")]
    lead = data.get("lead_evaluator")
    if lead is None:
        raise ValidationError({"lead_evaluator": _("Name the lead evaluator.")})
    planned_on = data.get("planned_on") or _today()
    _check_evaluators([lead, *others], contract, planned_on)
    draw = data.get("draw")
    if draw is not None and not draw.entries.filter(contract=contract, chosen=True).exists():
        raise ValidationError({"draw": _("The contract was not drawn in this sample.")})
    if data.get("kind") == VisitKind.ANNOUNCED:
        data["disclosed_to"] = contract.supplier
    return create_record(
        actor, Visit, data, reason or _("Visit planned"), m2m={"evaluators": others}
    )


@transaction.atomic
def record_visit(actor, visit: Visit, visited_on: date, findings: str, notes: str = ""):
    """FIN-5: the visit as made (date, findings, private notes), by an official or its lead
    evaluator; its findings are then shown to the supplier."""
    visit = locked(visit, "contract")
    ensure_allowed(actor, "change", visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("The visit is recorded already."))
    if visited_on > _today():
        raise ValidationError({"visited_on": _("A visit is recorded once it has been made.")})
    if not (findings or "").strip():
        raise ValidationError({"findings": _("Write the findings of the visit.")})
    return update_record(
        actor,
        visit,
        {
            "status": VisitStatus.DONE,
            "visited_on": visited_on,
            "findings": findings.strip(),
            "notes": (notes or "").strip(),
            "disclosed_to": visit.contract.supplier,
        },
        _("Visit recorded"),
    )


# --- Evaluations (FIN-5) ------------------------------------------------------------------------


@transaction.atomic
def plan_evaluation(actor, model, data: dict, reason: str = "", m2m=None) -> Evaluation:
    """FIN-5: a mid-term or final evaluation of a running contract, once per stage, by
    evaluators none of whom is tied to the supplier (``ties``); the final one on or before
    ``rules.last_final_day``."""
    contract = data.get("contract")
    if contract is None:
        raise ValidationError({"contract": _("Choose the contract.")})
    _require_running(contract)
    held_on = data.get("held_on")
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the evaluation.")})
    if not (contract.starts_on <= held_on <= contract.ends_on):
        raise ValidationError(
            {"held_on": _("Evaluate during the contract (%(start)s to %(end)s).")
             % {"start": contract.starts_on, "end": contract.ends_on}}
        )
    if data.get("stage") == Stage.FINAL:
        problem = rules.final_date_problem(held_on, contract.ends_on)
        if problem:
            raise ValidationError({"held_on": problem})
    evaluators = list((m2m or {}).get("evaluators") or [])
    _check_evaluators(evaluators, contract, held_on)
    evaluation = create_record(
        actor,
        Evaluation,
        {k: data[k] for k in ("contract", "stage", "held_on")},
        reason or _("Evaluation planned"),
    )
    for user in evaluators:
        create_record(
            actor, EvaluatorAssignment, {"evaluation": evaluation, "evaluator": user}, reason
        )
    return evaluation


def _assignment(actor, assignment: EvaluatorAssignment) -> EvaluatorAssignment:
    """FIN-5: only the evaluator scores or steps aside, while the evaluation is open."""
    assignment = locked(assignment, "evaluation")
    if actor is not None and actor.pk != assignment.evaluator_id:
        raise PermissionDenied(_("Only the evaluator named here may do this."))
    if assignment.evaluation.status != EvaluationStatus.PLANNED:
        raise ValidationError(_("The evaluation is rated; its scores no longer change."))
    return assignment


@transaction.atomic
def declare_recusal(actor, assignment: EvaluatorAssignment, reason: str):
    """FIN-5: an evaluator steps aside from an evaluation (a conflict of interest); the
    declaration and its reason are kept and their score does not count."""
    assignment = _assignment(actor, assignment)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the recusal.")})
    return update_record(
        actor,
        assignment,
        {"recused": True, "recusal_reason": reason.strip(), "score": None},
        _("Recusal declared: %(reason)s") % {"reason": reason.strip()},
    )


@transaction.atomic
def score(actor, assignment: EvaluatorAssignment, value, notes: str = ""):
    """FIN-5: an evaluator's score (0 to 100, two decimals) and private notes."""
    assignment = _assignment(actor, assignment)
    if assignment.recused:
        raise ValidationError(_("You declared a recusal; you do not score this evaluation."))
    try:
        value = Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise ValidationError({"score": _("Give a score from 0 to 100.")}) from None
    if not (Decimal(0) <= value <= Decimal(100)):
        raise ValidationError({"score": _("Give a score from 0 to 100.")})
    return update_record(
        actor, assignment, {"score": value, "notes": (notes or "").strip()}, _("Scored")
    )


CONDITION = {
    Stage.MID_TERM: PaymentCondition.MID_TERM_EVALUATION,
    Stage.FINAL: PaymentCondition.FINAL_EVALUATION,
}


@transaction.atomic
def rate(actor, evaluation: Evaluation, reason: str = "", on: date | None = None):
    """FIN-5: the evaluation's rating from the mean of the scores of the evaluators who did not
    recuse themselves (every one of them scored). Then (FIN-2) each unpaid instalment of the
    contract conditioned on this stage is recorded met (a pass, ``rules.passes``) or not met
    through ``procurement.services.contracts.record_condition``; a not competent rating bars
    the supplier from the buyer's tenders (``procurement.services.bars.bar_from_tenders``) for
    ``rules.bar_period``."""
    evaluation = locked(evaluation, "contract")
    ensure_allowed(actor, "change", evaluation)
    on = on or _today()
    if evaluation.status != EvaluationStatus.PLANNED:
        raise ValidationError(_("The evaluation is rated already."))
    if on < evaluation.held_on:
        raise ValidationError(
            _("The evaluation is held on %(on)s; rate it then.") % {"on": evaluation.held_on}
        )
    counted = [a for a in evaluation.assignments.all() if not a.recused]
    if not counted:
        raise ValidationError(_("Every evaluator recused themselves: name another evaluator."))
    unscored = [a for a in counted if a.score is None]
    if unscored:
        raise ValidationError(
            _("Waiting for the scores of: %(names)s.")
            % {"names": "、".join(a.evaluator.get_full_name() or a.evaluator.username
                                  for a in unscored)}
        )
    mean = (sum(a.score for a in counted) / len(counted)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    rating, bands = rules.rating_for(mean, on)
    passed = rules.passes(rating, on)
    label = Rating(rating).label
    conclusion = _("Score %(score)s: %(rating)s.") % {"score": mean, "rating": label}
    evaluation = update_record(
        actor,
        evaluation,
        {
            "status": EvaluationStatus.RATED,
            "score": mean,
            "rating": rating,
            "rated_on": on,
            "rule": str(bands),
            "conclusion": conclusion,
        },
        reason or conclusion,
    )
    contract = evaluation.contract
    unpaid = Instalment.objects.filter(
        contract=contract, condition=CONDITION[evaluation.stage], payment__isnull=True
    )
    evidence = _("%(stage)s of %(on)s: %(conclusion)s") % {
        "stage": evaluation.get_stage_display(),
        "on": evaluation.held_on,
        "conclusion": conclusion,
    }
    for instalment in unpaid:
        record_condition(actor, instalment, passed, evidence, on=on)
    if rating == Rating.NOT_COMPETENT:
        starts, ends = rules.bar_period(on)
        bars.bar_from_tenders(
            actor,
            contract.supplier,
            buyer=contract.buyer,
            starts=starts,
            ends=ends,
            reason=evidence,
            source="rating",
            reference=f"{contract.number} {evaluation.get_stage_display()}",
        )
    return evaluation

