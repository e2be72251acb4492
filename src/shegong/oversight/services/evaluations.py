"""FIN-5: mid-term and final evaluations, recusal, scores and the rating's effects."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shegong.core.services import (
    create_record,
    ensure_allowed,
    locked,
    update_record,
)
from shegong.governance.services import evaluators as committee_evaluators
from shegong.governance.services import ties as committee_ties
from shegong.procurement.choices import PaymentCondition
from shegong.procurement.models import Instalment
from shegong.procurement.services import bars
from shegong.procurement.services.contracts import record_condition

from .. import rules
from ..choices import (
    RATING_ORDER,
    EvaluationStatus,
    Rating,
    Stage,
)
from ..models import (
    Evaluation,
    EvaluatorAssignment,
)
from .common import _require_running, _today
from .monitoring import _check_evaluators

# --- Evaluations (FIN-5) ------------------------------------------------------------------------


@transaction.atomic
def plan_evaluation(actor, model, data: dict, reason: str = "", m2m=None) -> Evaluation:
    """FIN-5: a mid-term or final evaluation of a running contract, once per stage, by
    evaluators none of whom is tied to the supplier (``ties``); the final one on or before
    ``rules.last_final_day``. GOV-2: with a coordinating committee as the evaluator body, its
    active members not tied to the supplier evaluate too and the tied ones are recorded as
    recused, with the tie (``_committee_panel``)."""
    contract = data.get("contract")
    if contract is None:
        raise ValidationError({"contract": _("Choose the contract.")})
    _require_running(contract)
    held_on = data.get("held_on")
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the evaluation.")})
    if not (contract.starts_on <= held_on <= contract.ends_on):
        raise ValidationError(
            {
                "held_on": _("Evaluate during the contract (%(start)s to %(end)s).")
                % {"start": contract.starts_on, "end": contract.ends_on}
            }
        )
    if data.get("stage") == Stage.FINAL:
        problem = rules.final_date_problem(held_on, contract.ends_on)
        if problem:
            raise ValidationError({"held_on": problem})
    evaluators = list((m2m or {}).get("evaluators") or [])
    committee = data.get("committee")
    if evaluators or committee is None:
        _check_evaluators(evaluators, contract, held_on)
    drawn, recused = _committee_panel(committee, contract.supplier, held_on, evaluators)
    if not evaluators and not drawn:
        raise ValidationError(
            {
                "committee": _(
                    "Every active member of %(committee)s is tied to the supplier or the "
                    "committee has no active member: name evaluators."
                )
                % {"committee": committee}
            }
        )
    evaluation = create_record(
        actor,
        Evaluation,
        {k: data.get(k) for k in ("contract", "stage", "held_on", "committee")},
        reason or _("Evaluation planned"),
    )
    for user in evaluators + drawn:
        create_record(
            actor, EvaluatorAssignment, {"evaluation": evaluation, "evaluator": user}, reason
        )
    for user, tie in recused:
        create_record(
            actor,
            EvaluatorAssignment,
            {"evaluation": evaluation, "evaluator": user, "recused": True, "recusal_reason": tie},
            reason,
        )
    return evaluation


def _committee_panel(committee, supplier, on: date, named: list) -> tuple[list, list]:
    """FIN-5, GOV-2: the evaluators a committee gives (its active members not tied to the
    supplier, ``governance.services.evaluators``) and its members recused for a tie, with the
    tie as the reason; the people already named one by one are not counted twice."""
    if committee is None:
        return [], []
    named_ids = {user.pk for user in named}
    drawn = [
        seat.user
        for seat in committee_evaluators(committee, excluding_ties_to=supplier, on=on)
        if seat.user_id not in named_ids
    ]
    drawn_ids = {user.pk for user in drawn} | named_ids
    recused = []
    for seat in committee_evaluators(committee, on=on):
        if seat.user_id not in drawn_ids:
            tie = "、".join(committee_ties(seat, supplier, on))
            recused.append((seat.user, _("Tied to the supplier: %(ties)s") % {"ties": tie}))
    return drawn, recused


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
    declaration and its reason are kept, their score does not count and their private notes
    go with it: a recused evaluator keeps their seat (the recusal, as a recused procurement
    panel member does) and reads nothing private of the evaluation (ADR 0060)."""
    assignment = _assignment(actor, assignment)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the recusal.")})
    return update_record(
        actor,
        assignment,
        {"recused": True, "recusal_reason": reason.strip(), "score": None, "notes": ""},
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


def _bands_text(row) -> str:
    """The bands applied, as a person reads them: "优秀 ≥ 90，良好 ≥ 80，… (2000-01-01)"."""
    shown = "，".join(f"{Rating(k).label} ≥ {row.value[k]}" for k in RATING_ORDER[:-1])
    return f"{shown} ({row.valid_from.isoformat()})"


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
            % {
                "names": "、".join(
                    a.evaluator.get_full_name() or a.evaluator.username for a in unscored
                )
            }
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
            "rule": _bands_text(bands),
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
