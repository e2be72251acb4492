"""FIN-5: the year's visit sample (weighted by risk, seed kept) and the visits."""

from __future__ import annotations

import math
import random
import secrets
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from shegong.areas.models import Area
from shegong.core import audit, bulk, parameters
from shegong.core.services import (
    create_record,
    ensure_allowed,
    locked,
    update_record,
)
from shegong.procurement.choices import ContractStatus
from shegong.procurement.models import Contract

from .. import rules
from ..choices import (
    VisitKind,
    VisitStatus,
)
from ..models import (
    DrawEntry,
    Visit,
    VisitDraw,
)
from ..queries import found_risks
from .common import _require_running, _today
from .monitoring import _check_evaluators

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
        (
            c,
            district,
            weight,
            ",".join(r for r in rules.RISKS if r in risks.get(c.pk, ())),
            c.pk in chosen,
        )
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
            "rule": str(share_rule),  # the weights: on each entry
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
    tied to the supplier); an announced visit is shown to the supplier at once, an unannounced
    one once recorded."""
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
