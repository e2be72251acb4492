from .plans import BUYERS, READERS, PlanItem, PurchasePlan
from .procurements import (
    Clarification,
    Criterion,
    Objection,
    Procurement,
    TenderDocument,
)

__all__ = [
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
