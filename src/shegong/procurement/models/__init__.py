from .bars import TenderBar
from .bids import Bid, BidOpening
from .contracts import Amendment, Clause, Contract, ContractLine, Instalment, Payment
from .evaluation import (
    Award,
    Challenge,
    Expert,
    Panel,
    PanelDraw,
    PanelMember,
    Result,
    Score,
)
from .plans import BUYERS, READERS, PlanItem, PurchasePlan
from .procurements import (
    Clarification,
    Criterion,
    Objection,
    Procurement,
    TenderDocument,
)

__all__ = [
    "Award",
    "Challenge",
    "Expert",
    "Panel",
    "PanelDraw",
    "PanelMember",
    "Result",
    "Score",
    "Amendment",
    "Clause",
    "Contract",
    "ContractLine",
    "Instalment",
    "Payment",
    "Bid",
    "BidOpening",
    "BUYERS",
    "READERS",
    "Clarification",
    "Criterion",
    "Objection",
    "PlanItem",
    "Procurement",
    "PurchasePlan",
    "TenderBar",
    "TenderDocument",
]
