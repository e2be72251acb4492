"""Our choices mapped to the OCDS 1.1.5 codelists (ADR 0053). Each mapping is tested to name
only codes of the vendored codelist files (``schema/1.1.5/codelists/*.csv``)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from ..choices import ProcurementMethod, ProcurementStatus

S = ProcurementStatus
CODELISTS = Path(__file__).parent / "schema" / "1.1.5" / "codelists"

#: FIN-3 methods → OCDS ``method``. An open tender (公开招标) is open to every supplier;
#: competitive negotiation (竞争性磋商) negotiates with the qualified suppliers who answered
#: (selective); a single source (单一来源) is direct.
METHOD = {
    ProcurementMethod.OPEN_TENDER: "open",
    ProcurementMethod.COMPETITIVE_NEGOTIATION: "selective",
    ProcurementMethod.SINGLE_SOURCE: "direct",
}

#: ``procurementMethodDetails``: the method's official Chinese name, whatever the UI language.
METHOD_DETAILS = {
    ProcurementMethod.OPEN_TENDER: "公开招标",
    ProcurementMethod.COMPETITIVE_NEGOTIATION: "竞争性磋商",
    ProcurementMethod.SINGLE_SOURCE: "单一来源采购",
}

#: Procurement status → OCDS ``tenderStatus`` (a draft is never published at all).
TENDER_STATUS = {
    S.PUBLISHED: "active",
    S.BIDS_CLOSED: "active",
    S.EVALUATED: "active",
    S.AWARDED: "complete",
    S.CONTRACTED: "complete",
    S.FAILED: "unsuccessful",
    S.CANCELLED: "cancelled",
}

#: Contract states of the contracts stage (built in parallel), as plain strings →
#: OCDS ``contractStatus``.
#: FIN-3: an award in force, or revoked after an upheld challenge (``procurement.AwardStatus``).
AWARD_STATUS = {"active": "active", "revoked": "cancelled"}

CONTRACT_STATUS = {
    "in_force": "active",  # procurement.ContractStatus
    "draft": "pending",
    "signed": "active",
    "active": "active",
    "completed": "terminated",
    "terminated": "terminated",
    "cancelled": "cancelled",
}

#: Release tags of each stage (``releaseTag``).
TAG = {
    "planning": "planning",
    "tender": "tender",
    "tender_cancelled": "tenderCancellation",
    "award": "award",
    "award_cancelled": "awardCancellation",
    "contract": "contract",
    "implementation": "implementation",
}


@cache
def codes(name: str) -> frozenset[str]:
    """The codes of a vendored codelist, e.g. ``codes("method")``."""
    with open(CODELISTS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return frozenset(row["Code"] for row in csv.DictReader(f))
