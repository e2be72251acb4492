from .bids import Bid, BidOpening
from .plans import BUYERS, READERS, PlanItem, PurchasePlan
from .procurements import (
    Clarification,
    Criterion,
    Objection,
    Procurement,
    TenderDocument,
)

__all__ = [
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
    "TenderDocument",
]
