"""Every write of the evaluation stage (FIN-3): the panel drawn from the expert pool, recusals,
scores, the ranking, the award and its notice, and challenges. Each function takes the acting
user and a reason, runs in one transaction and leaves audit records (``core.services``,
``core.workflow``); the acts take a day ``on`` (today on the pages and the API; another day
for demo data and tests).

==================== =========== ============ =============================================
function             from        to           rule
==================== =========== ============ =============================================
``form_panel``       bids closed bids closed  ``rules.panel_problem`` (5+, odd, 2/3 experts);
                                              experts drawn at random (``rules.draw_experts``),
                                              those tied to a bidder left out
``recuse``           bids closed bids closed  the reason kept; an expert replaced by a new
                                              draw, a representative by the name given
``record_scores``    bids closed bids closed  0 to the criterion's weight, every criterion
                                              of every valid bid
``evaluate``         bids closed evaluated    every serving member scored; the ranking
                                              (``rules.price_score``, ``rules.ranking``)
``award``            evaluated   awarded      the top-ranked valid bid; the award notice
``lodge_challenge``  awarded     awarded      ``rules.challenge_problem`` (7 working days)
``decide_challenge`` awarded     awarded /    dismissed; or upheld: award revoked, the bids
                                 bids closed  evaluated again or the procurement failed
                                 / failed
==================== =========== ============ =============================================
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.core import workflow
from shegong.core.permissions import can
from shegong.core.services import create_record, delete_record, update_record

from .. import rules
from ..choices import (
    SCORED_METHODS,
    AwardStatus,
    BidStatus,
    ChallengeStatus,
    MemberKind,
    MemberStatus,
    ProcurementStatus,
    UpheldOutcome,
)
from ..models import (
    Award,
    Bid,
    Challenge,
    Expert,
    Panel,
    PanelDraw,
    PanelMember,
    Procurement,
    Result,
    Score,
)

S = ProcurementStatus


def _today() -> date:
    return timezone.localdate()


def _require_buyer(actor, procurement: Procurement, message: str) -> None:
    if actor is not None and not can(actor, "change", procurement):
        raise PermissionDenied(message)


def active_award(procurement: Procurement) -> Award | None:
    """The award in force of ``procurement`` (``None`` before the award or once revoked)."""
    return procurement.awards.filter(status=AwardStatus.ACTIVE).select_related("supplier").first()


def live_bids(procurement: Procurement):
    return Bid.objects.filter(procurement=procurement).exclude(status=BidStatus.WITHDRAWN)


def valid_bids(procurement: Procurement):
    return Bid.objects.filter(procurement=procurement, status=BidStatus.VALID).order_by(
        "submitted_at", "pk"
    )


# --- The draw ------------------------------------------------------------------------------


def _candidates(procurement: Procurement, panel: Panel | None) -> tuple[list, list, list]:
    """The active experts of the pool split into (service field, others, excluded with the
    reason), leaving out those tied to a bidder and those already drawn for this panel."""
    bidders = {
        b.organisation_id: b.organisation
        for b in live_bids(procurement).select_related("organisation")
    }
    seated = set(panel.members.values_list("expert_id", flat=True)) if panel else set()
    field_id = procurement.plan_item.field_id
    matching, others, excluded = [], [], []
    experts = Expert.objects.filter(is_active=True).prefetch_related("fields", "ties")
    for expert in experts.order_by("pk"):
        if expert.pk in seated:
            continue
        reason = rules.tie_reason(expert, bidders)
        if reason:
            excluded.append([expert.pk, expert.name, reason])
        elif any(f.pk == field_id for f in expert.fields.all()):
            matching.append(expert.pk)
        else:
            others.append(expert.pk)
    return matching, others, excluded


def _draw(actor, panel: Panel, seats: int, seed: str | None, on: date, reason: str) -> PanelDraw:
    matching, others, excluded = _candidates(panel.procurement, panel)
    if len(matching) + len(others) < seats:
        raise ValidationError(
            _(
                "The pool has %(found)d eligible experts (active, not tied to a bidder, not "
                "already drawn); %(seats)d are needed."
            )
            % {"found": len(matching) + len(others), "seats": seats}
        )
    seed = seed or secrets.token_hex(8)
    drawn = rules.draw_experts(seed, matching, others, seats)
    number = panel.draws.count() + 1
    return create_record(
        actor,
        PanelDraw,
        {
            "panel": panel,
            "number": number,
            "seed": seed,
            "seats": seats,
            "matching": matching,
            "others": others,
            "excluded": excluded,
            "drawn": drawn,
            "drawn_on": on,
        },
        _("%(reason)s; experts drawn at random, seed %(seed)s") % {"reason": reason, "seed": seed},
        permission=None,
    )


def _seat_experts(actor, panel: Panel, draw: PanelDraw, reason: str) -> list[PanelMember]:
    experts = Expert.objects.in_bulk(draw.drawn)
    return [
        create_record(
            actor,
            PanelMember,
            {
                "panel": panel,
                "kind": MemberKind.EXPERT,
                "expert": experts[pk],
                "name": experts[pk].name,
                "user": experts[pk].user,
                "draw": draw,
            },
            reason,
            permission=None,
        )
        for pk in draw.drawn
    ]


@transaction.atomic
def form_panel(
    actor,
    procurement: Procurement,
    size: int,
    expert_seats: int,
    representatives: list[str],
    seed: str | None = None,
    on: date | None = None,
    reason: str = "",
) -> Panel:
    """FIN-3 (MoF Order 87 art. 47): the buyer's officer forms the evaluation panel of a
    procurement whose bids are opened: ``size`` members (``rules.panel_problem``: at least 5,
    odd, ``expert_seats`` at least 2/3), the experts drawn at random from the pool (the
    service field's first; anyone tied to a bidder left out), the rest the buyer's
    ``representatives`` (names). ``seed``: the draw's seed (random when not given)."""
    on = on or _today()
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    _require_buyer(actor, procurement, _("Only the buyer's officers form the panel."))
    if procurement.method not in SCORED_METHODS:
        raise ValidationError(_("Only an open tender or a competitive negotiation has a panel."))
    workflow.require(procurement, _("given a panel"), {S.BIDS_CLOSED})
    if Panel.objects.filter(procurement=procurement).exists():
        raise ValidationError(_("The panel is already formed; a recusal replaces a member."))
    problem = rules.panel_problem(size, expert_seats, on)
    if problem:
        raise ValidationError({"size": problem})
    names = [n.strip() for n in representatives if n and n.strip()]
    if len(names) != size - expert_seats:
        raise ValidationError(
            {
                "representatives": _(
                    "Name %(needed)d representatives of the buyer (%(size)d members less "
                    "%(experts)d experts); %(given)d given."
                )
                % {
                    "needed": size - expert_seats,
                    "size": size,
                    "experts": expert_seats,
                    "given": len(names),
                }
            }
        )
    reason = reason or _("Evaluation panel formed")
    panel = create_record(
        actor,
        Panel,
        {"procurement": procurement, "size": size, "expert_seats": expert_seats, "formed_on": on},
        reason,
    )
    draw = _draw(actor, panel, expert_seats, seed, on, reason)
    _seat_experts(actor, panel, draw, reason)
    for name in names:
        create_record(
            actor,
            PanelMember,
            {"panel": panel, "kind": MemberKind.REPRESENTATIVE, "name": name},
            reason,
            permission=None,
        )
    return panel


@transaction.atomic
def recuse(
    actor,
    member: PanelMember,
    reason_text: str,
    replacement: str = "",
    seed: str | None = None,
    on: date | None = None,
) -> PanelMember:
    """FIN-3 (MoF Order 87 art. 48): a member tied to a bidder recuses themselves before
    scoring (declared by the member or recorded by the buyer's officer), with the reason,
    kept; an expert is replaced by a new random draw, a representative by ``replacement``.
    Returns the new member."""
    on = on or _today()
    member = (
        PanelMember.objects.select_for_update()
        .select_related("panel__procurement")
        .get(pk=member.pk)
    )
    panel = member.panel
    procurement = panel.procurement
    if actor is not None and not can(actor, "change", member):
        raise PermissionDenied(_("Only the member or the buyer's officers record a recusal."))
    workflow.require(procurement, _("given a recusal"), {S.BIDS_CLOSED})
    if not member.serving:
        raise ValidationError(_("This member has already recused themselves."))
    if member.scores.exists():
        raise ValidationError(_("This member has scored; a recusal comes before scoring."))
    if not (reason_text or "").strip():
        raise ValidationError({"reason": _("Give the reason for the recusal.")})
    reason = _("Recusal of a panel member")
    if member.kind == MemberKind.EXPERT:
        draw = _draw(actor, panel, 1, seed, on, reason)
        (new,) = _seat_experts(actor, panel, draw, reason)
    else:
        if not (replacement or "").strip():
            raise ValidationError({"replacement": _("Name the representative who replaces them.")})
        new = create_record(
            actor,
            PanelMember,
            {"panel": panel, "kind": MemberKind.REPRESENTATIVE, "name": replacement.strip()},
            reason,
            permission=None,
        )
    update_record(
        actor,
        member,
        {
            "status": MemberStatus.RECUSED,
            "recused_on": on,
            "recusal_reason": reason_text.strip(),
            "replaced_by": new,
        },
        reason,
        permission=None,
    )
    return new


# --- Scores --------------------------------------------------------------------------------


def score_sheet(procurement: Procurement) -> tuple[list[Bid], list]:
    """The valid bids and the non-price criteria a member scores."""
    criteria = list(procurement.criteria.filter(is_price=False).order_by("pk"))
    return list(valid_bids(procurement).select_related("organisation")), criteria


@transaction.atomic
def record_scores(actor, member: PanelMember, points: dict, reason: str = "") -> list[Score]:
    """FIN-3 (MoF Order 87 art. 55): a serving member's points for every non-price criterion of
    every valid bid, each from 0 to the criterion's weight; ``points`` maps (bid id, criterion
    id) to a Decimal. Entered by the member or, from their signed sheet, by the buyer's
    officer; a new sheet replaces the member's earlier one until the evaluation ends."""
    member = PanelMember.objects.select_related("panel__procurement").get(pk=member.pk)
    procurement = member.panel.procurement
    if actor is not None and not (
        member.user_id == getattr(actor, "pk", None) or can(actor, "change", procurement)
    ):
        raise PermissionDenied(_("Only the member or the buyer's officers record their scores."))
    workflow.require(procurement, _("scored"), {S.BIDS_CLOSED})
    if not member.serving:
        raise ValidationError(_("This member has recused themselves and does not score."))
    bids, criteria = score_sheet(procurement)
    errors = []
    clean = {}
    for bid in bids:
        for criterion in criteria:
            value = points.get((bid.pk, criterion.pk))
            if value is None:
                errors.append(
                    _("Score %(criterion)s of %(bid)s.")
                    % {"criterion": criterion.name, "bid": bid.organisation}
                )
                continue
            value = Decimal(value)
            if not Decimal("0") <= value <= criterion.weight:
                errors.append(
                    _("%(criterion)s of %(bid)s: from 0 to %(weight)s points.")
                    % {
                        "criterion": criterion.name,
                        "bid": bid.organisation,
                        "weight": f"{criterion.weight.normalize():f}",
                    }
                )
                continue
            clean[(bid, criterion)] = value.quantize(rules.POINTS)
    if errors:
        raise ValidationError(errors)
    reason = reason or _("Scores recorded")
    existing = {(s.bid_id, s.criterion_id): s for s in member.scores.all()}
    saved = []
    for (bid, criterion), value in clean.items():
        found = existing.get((bid.pk, criterion.pk))
        if found is None:
            saved.append(
                create_record(
                    actor,
                    Score,
                    {"member": member, "bid": bid, "criterion": criterion, "points": value},
                    reason,
                )
            )
        elif found.points != value:
            saved.append(update_record(actor, found, {"points": value}, reason))
        else:
            saved.append(found)
    return saved


def scoring_progress(panel: Panel) -> dict[int, bool]:
    """Serving member id → whether they have scored the whole sheet."""
    bids, criteria = score_sheet(panel.procurement)
    needed = len(bids) * len(criteria)
    members = panel.members.filter(status=MemberStatus.SERVING)
    return {m.pk: m.scores.count() >= needed for m in members}


# --- Ranking and award ----------------------------------------------------------------------


@transaction.atomic
def evaluate(actor, procurement: Procurement, on: date | None = None, reason: str = ""):
    """bids closed → evaluated (FIN-3, MoF Order 87 art. 55): the panel is complete
    (``rules.panel_problem`` on its serving members), every serving member has scored every
    valid bid; each valid bid gets its quality score (``rules.mean_points``), its price score
    (``rules.price_score``) and its total; the ranking (``rules.ranking``) is kept."""
    on = on or _today()
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    workflow.check(actor, procurement, "evaluate")
    panel = Panel.objects.filter(procurement=procurement).first()
    if panel is None:
        raise ValidationError(_("Form the evaluation panel first."))
    serving = list(panel.members.filter(status=MemberStatus.SERVING))
    experts = sum(1 for m in serving if m.kind == MemberKind.EXPERT)
    problem = rules.panel_problem(len(serving), experts, on)
    if problem:
        raise ValidationError(problem)
    bids, criteria = score_sheet(procurement)
    if not bids:
        raise ValidationError(_("There is no valid bid to evaluate."))
    done = _done(serving, bids, criteria)
    missing = [m.name for m, ok in zip(serving, done, strict=True) if not ok]
    if missing:
        raise ValidationError(
            _("Not every member has scored every bid: %(names)s.") % {"names": ", ".join(missing)}
        )
    price_criterion = procurement.criteria.get(is_price=True)
    lowest = min(b.price for b in bids)
    sums: dict[int, list[Decimal]] = {b.pk: [] for b in bids}
    for member in serving:
        mine: dict[int, Decimal] = {}
        for score in member.scores.all():
            mine[score.bid_id] = mine.get(score.bid_id, Decimal("0")) + score.points
        for bid in bids:
            sums[bid.pk].append(mine.get(bid.pk, Decimal("0")))
    rows = []
    for bid in bids:
        quality = rules.mean_points(sums[bid.pk])
        price = rules.price_score(lowest, bid.price, price_criterion.weight)
        rows.append((bid, quality, price, quality + price))
    by_bid = {bid.pk: (quality, price) for bid, quality, price, _t in rows}
    reason = reason or _("Bids evaluated")
    for place in rules.ranking([(bid, total, bid.price) for bid, _q, _p, total in rows]):
        quality, price = by_bid[place.key.pk]
        create_record(
            actor,
            Result,
            {
                "procurement": procurement,
                "bid": place.key,
                "rank": place.rank,
                "quality_score": quality,
                "price_score": price,
                "total": place.total,
            },
            reason,
            permission=None,
        )
    return workflow.take(actor, procurement, "evaluate", reason=reason)


def _done(serving, bids, criteria) -> list[bool]:
    needed = {(b.pk, c.pk) for b in bids for c in criteria}
    return [needed <= {(s.bid_id, s.criterion_id) for s in m.scores.all()} for m in serving]


@transaction.atomic
def award(actor, procurement: Procurement, on: date | None = None, reason: str = "") -> Award:
    """evaluated → awarded (FIN-3): the award goes by the published method to the top-ranked
    valid bid, at its price; the award notice is published on ``on`` (the public portal's
    tender page), the day the challenge period and the contract period count from."""
    on = on or _today()
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    workflow.check(actor, procurement, "award")
    top = (
        Result.objects.filter(procurement=procurement, rank=1)
        .select_related("bid__organisation")
        .first()
    )
    if top is None:
        raise ValidationError(_("The bids have no ranking; evaluate them first."))
    reason = reason or _("Awarded to %(supplier)s") % {"supplier": top.bid.organisation}
    number = procurement.awards.count() + 1
    made = create_record(
        actor,
        Award,
        {
            "procurement": procurement,
            "number": number,
            "bid": top.bid,
            "supplier": top.bid.organisation,
            "amount": top.bid.price,
            "noticed_on": on,
        },
        reason,
    )
    workflow.take(
        actor, procurement, "award", reason=reason, changes={"awarded_on": on}, consequence=True
    )
    return made


# --- Challenges ------------------------------------------------------------------------------


@transaction.atomic
def lodge_challenge(
    actor, procurement: Procurement, organisation, text: str, on: date | None = None, reason=""
) -> Challenge:
    """FIN-3 (Government Procurement Law art. 52): a bidder challenges the award in writing from
    the award notice to the 7th working day after it (``rules.challenge_problem``); one
    challenge a bidder an award. The answer is due by ``rules.answer_deadline``."""
    on = on or _today()
    procurement = Procurement.objects.get(pk=procurement.pk)
    workflow.require(procurement, _("challenged"), {S.AWARDED})
    current = active_award(procurement)
    if current is None:
        raise ValidationError(_("The procurement has no award in force."))
    if (
        organisation is None
        or not live_bids(procurement).filter(organisation=organisation).exists()
    ):
        raise ValidationError(
            {"organisation": _("Only a bidder of this procurement may challenge.")}
        )
    problem = rules.challenge_problem(current.noticed_on, on)
    if problem:
        raise ValidationError(problem)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the challenge and its grounds.")})
    if current.challenges.filter(organisation=organisation).exists():
        raise ValidationError(_("This bidder has already challenged the award."))
    return create_record(
        actor,
        Challenge,
        {
            "award": current,
            "procurement": procurement,
            "organisation": organisation,
            "lodged_on": on,
            "text": text.strip(),
            "answer_due": rules.answer_deadline(on),
        },
        reason or _("Challenge lodged"),
    )


@transaction.atomic
def decide_challenge(
    actor,
    challenge: Challenge,
    upheld: bool,
    reasons: str,
    outcome: str = "",
    on: date | None = None,
) -> Challenge:
    """FIN-3 (Government Procurement Law art. 53): the buyer answers a challenge, with the
    reasons: dismissed (the award stands), or upheld: the award is revoked and the bids are
    evaluated again by the panel (``UpheldOutcome.RE_EVALUATE``: the procurement returns to
    "bids closed", the ranking and the scores are withdrawn) or the procurement fails
    (``UpheldOutcome.FAIL``). An answer after ``answer_due`` is recorded and flagged late."""
    on = on or _today()
    if upheld and outcome not in UpheldOutcome.values:
        raise ValidationError({"outcome": _("Say what follows the upheld challenge.")})
    name = "uphold" if upheld else "dismiss"
    challenge = workflow.take(
        actor,
        challenge,
        name,
        reason=reasons,
        changes={
            "decided_on": on,
            "decision_reasons": (reasons or "").strip(),
            "outcome": outcome if upheld else "",
        },
    )
    if not upheld:
        return challenge
    procurement = challenge.procurement
    revoked = challenge.award
    why = _("Challenge upheld: %(reasons)s") % {"reasons": reasons.strip()}
    update_record(
        actor,
        revoked,
        {"status": AwardStatus.REVOKED, "revoked_on": on, "revocation_reason": reasons.strip()},
        why,
        permission=None,
    )
    if outcome == UpheldOutcome.FAIL:
        workflow.take(actor, procurement, "fail_after_challenge", reason=why, consequence=True)
        return challenge
    for result in Result.objects.filter(procurement=procurement):
        delete_record(actor, result, why)
    for score in Score.objects.filter(bid__procurement=procurement):
        delete_record(actor, score, why)
    workflow.take(
        actor,
        procurement,
        "revoke_award",
        reason=why,
        changes={"awarded_on": None},
        consequence=True,
    )
    return challenge


def pending_challenges(procurement: Procurement):
    return Challenge.objects.filter(procurement=procurement, status=ChallengeStatus.PENDING)
