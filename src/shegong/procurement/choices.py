from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PurchaseKind(models.TextChoices):
    """FIN-1/FIN-3: what is bought: posts (岗位购买) or a project (项目购买)."""

    POSTS = "posts", _("Posts")
    PROJECT = "project", _("Project")


class ProcurementMethod(models.TextChoices):
    """FIN-3: the methods of the Government Procurement Law used for services."""

    OPEN_TENDER = "open_tender", _("Open tender")
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", _("Competitive negotiation")
    SINGLE_SOURCE = "single_source", _("Single source")


#: Methods whose bids are scored on weighted criteria with a price weight (MoF Order 87, art. 55).
SCORED_METHODS = {ProcurementMethod.OPEN_TENDER, ProcurementMethod.COMPETITIVE_NEGOTIATION}


class ProcurementStatus(models.TextChoices):
    """The stages of a procurement (issue 14): draft, published, bids closed at the opening
    (failed with too few valid bids), evaluated by the panel, awarded (back to bids closed, or
    failed, when a challenge is upheld), contract signed; or cancelled."""

    DRAFT = "draft", pgettext_lazy("procurement", "Draft")
    PUBLISHED = "published", pgettext_lazy("procurement", "Published")
    BIDS_CLOSED = "bids_closed", _("Bids closed")
    EVALUATED = "evaluated", _("Evaluated")
    AWARDED = "awarded", _("Awarded")
    CONTRACTED = "contracted", _("Contract signed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", pgettext_lazy("procurement", "Cancelled")


#: The stages in which a procurement is public: organisations see it (FIN-3: open).
PUBLIC_STATES = (
    ProcurementStatus.PUBLISHED,
    ProcurementStatus.BIDS_CLOSED,
    ProcurementStatus.EVALUATED,
    ProcurementStatus.AWARDED,
    ProcurementStatus.CONTRACTED,
    ProcurementStatus.FAILED,
)


class Grade(models.TextChoices):
    """Organisation grades of the national grading measures (2011), for a minimum grade."""

    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class ContractStatus(models.TextChoices):
    """FIN-6: a contract in force, or terminated early (what was left released)."""

    IN_FORCE = "in_force", _("In force")
    TERMINATED = "terminated", _("Terminated")


class Party(models.TextChoices):
    """FIN-6: whose right or duty a clause states."""

    BUYER = "buyer", _("Buyer")
    SUPPLIER = "supplier", _("Supplier")
    BOTH = "both", _("Both parties")


class PaymentCondition(models.TextChoices):
    """FIN-2, FIN-6: what must be met before an instalment is paid."""

    NONE = "none", _("No condition")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    MID_TERM_EVALUATION = "mid_term_evaluation", _("Mid-term evaluation passed")
    FINAL_EVALUATION = "final_evaluation", _("Final evaluation passed")
    REPORT_ACCEPTED = "report_accepted", _("Service report accepted")
    OTHER = "other", _("Other (described)")


class BidStatus(models.TextChoices):
    """FIN-3: a bid from its submission to its opening (valid or invalid, with the reasons)."""

    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Invalid")


class BarSource(models.TextChoices):
    """FIN-3, ORG-5: what barred an organisation from tenders."""

    SANCTION = "sanction", pgettext_lazy("bar source", "Sanction")
    RATING = "rating", pgettext_lazy("bar source", "Rating")
    OTHER = "other", pgettext_lazy("bar source", "Other")


class MemberKind(models.TextChoices):
    """FIN-3 (MoF Order 87 art. 47): a panel member is an expert drawn from the pool or a
    representative of the buyer."""

    EXPERT = "expert", _("Expert")
    REPRESENTATIVE = "representative", _("Buyer's representative")


class MemberStatus(models.TextChoices):
    """FIN-3: a panel member serves, or has recused themselves (and was replaced)."""

    SERVING = "serving", _("Serving")
    RECUSED = "recused", _("Recused")


class AwardStatus(models.TextChoices):
    """FIN-3: an award in force, or revoked after an upheld challenge."""

    ACTIVE = "active", pgettext_lazy("award", "In force")
    REVOKED = "revoked", _("Revoked")


class ChallengeStatus(models.TextChoices):
    """FIN-3 (Government Procurement Law art. 52-53): a challenge waits for the buyer's answer,
    which dismisses or upholds it."""

    PENDING = "pending", _("Awaiting the answer")
    DISMISSED = "dismissed", _("Dismissed")
    UPHELD = "upheld", _("Upheld")


class UpheldOutcome(models.TextChoices):
    """FIN-3: what follows an upheld challenge: the bids are evaluated again, or the
    procurement fails."""

    RE_EVALUATE = "re_evaluate", _("Evaluate the bids again")
    FAIL = "fail", _("The procurement fails")
