"""FIN-6 (clause 11: contracts state the rights and duties of both sides), FIN-2 (the money
is committed on budget lines and paid against the commitment), VOL-3 (posts inside the
volunteer federations are purchased like any other): a contract made from an awarded
procurement, the budget lines that fund it, its clauses, payment schedule, payments and
amendments. Every write and rule: ``procurement.services.contracts``; the 30-day rule:
``procurement.rules.contract_deadline``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core import money
from shegong.core.models import BaseModel
from shegong.core.permissions import Access
from shegong.core.roles import Role

from ..choices import ContractStatus, Party, PaymentCondition
from .plans import BUYERS, READERS

FEN = Decimal("0.01")


money_field = money.money_field


def _access(prefix: str, **roles) -> Access:
    """FIN-6 (issue 14): the supplier organisation sees its own contracts and payments, the
    buyer district its own (its officers write), the city all; nobody else anything."""
    return Access(
        area=f"{prefix}buyer__path",
        organisation=f"{prefix}supplier",
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": BUYERS,
            "change": BUYERS,
            "export": READERS | {Role.ORG_ADMIN},
            **roles,
        },
    )


class Contract(BaseModel):
    """FIN-6: the contract between the buyer district and the supplier organisation, made from
    an awarded procurement and signed within ``rules.contract_deadline`` of the award notice.
    Its value is the sum of its funding lines' amounts; the posts it funds (post purchases) or
    its outputs and outcome targets (project purchases) say what is bought."""

    procurement = models.ForeignKey(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    buyer = models.ForeignKey(
        "areas.Area",
        verbose_name=_("buyer district"),
        on_delete=models.PROTECT,
        related_name="contracts",
        editable=False,
    )
    supplier = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    number = models.CharField(_("contract number"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    value = money_field(_("value (yuan)"), editable=False, default=Decimal("0.00"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.IN_FORCE,
        editable=False,
    )
    posts = models.ManyToManyField(
        "workforce.Post",
        verbose_name=_("posts funded"),
        related_name="contracts",
        blank=True,
    )
    outputs = models.TextField(_("outputs"), blank=True)
    outcome_targets = models.TextField(_("outcome targets"), blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True, editable=False)
    termination_reason = models.TextField(_("reason for termination"), blank=True, editable=False)

    access = _access("")

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A contract ends on or after its start.")})


class ContractLine(BaseModel):
    """FIN-2: the money one budget line gives a contract, reserved by a commitment on the
    line's ledger (``commitment``: the open one; an amendment may re-commit it)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="lines"
    )
    line = models.ForeignKey(
        "funding.BudgetLine",
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="contract_lines",
    )
    amount = money_field(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0"))])
    commitment = models.ForeignKey(
        "funding.LedgerEntry",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    access = _access("contract__")

    class Meta:
        verbose_name = _("contract funding line")
        verbose_name_plural = _("contract funding lines")
        ordering = ["contract", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "line"], name="contract_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.amount}"


class Clause(BaseModel):
    """FIN-6 (clause 11): a numbered right or duty of the buyer, the supplier or both."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="clauses"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    text = models.TextField(_("text"))

    access = _access("contract__")

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="clause_number_once",
                violation_error_message=_("The contract already has a clause of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Instalment(BaseModel):
    """FIN-2, FIN-6: one payment of the schedule: when, how much, from which funding line, and
    the condition the buyer records as met (with evidence) before it is paid."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    due_on = models.DateField(_("due on"))
    amount = money_field(_("amount (yuan)"), validators=[MinValueValidator(FEN)])
    funding = models.ForeignKey(
        ContractLine,
        verbose_name=_("paid from"),
        on_delete=models.PROTECT,
        related_name="instalments",
    )
    condition = models.CharField(
        _("condition"),
        max_length=30,
        choices=PaymentCondition.choices,
        default=PaymentCondition.NONE,
    )
    condition_text = models.CharField(_("condition (details)"), max_length=500, blank=True)
    condition_met = models.BooleanField(_("condition met"), default=False, editable=False)
    met_on = models.DateField(_("recorded on"), null=True, blank=True, editable=False)
    evidence = models.TextField(_("evidence"), blank=True, editable=False)

    access = _access("contract__")

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="instalment_number_once",
                violation_error_message=_("The contract already has an instalment of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} #{self.number}"

    def clean(self):
        super().clean()
        if self.condition == PaymentCondition.OTHER and not self.condition_text.strip():
            raise ValidationError({"condition_text": _("Describe the condition.")})
        if self.funding_id and self.contract_id and self.funding.contract_id != self.contract_id:
            raise ValidationError({"funding": _("Choose a funding line of this contract.")})


class Payment(BaseModel):
    """FIN-2: an instalment paid, written to the ledger against the commitment
    (``entry``: the payment entry of ``funding``)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="payments"
    )
    instalment = models.OneToOneField(
        Instalment, verbose_name=_("instalment"), on_delete=models.PROTECT, related_name="payment"
    )
    paid_on = models.DateField(_("paid on"))
    amount = money_field(_("amount (yuan)"))
    entry = models.ForeignKey(
        "funding.LedgerEntry",
        verbose_name=_("ledger entry"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    access = _access("contract__")

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.amount} ({self.paid_on})"


class Amendment(BaseModel):
    """FIN-6: a change of a contract's value, period or funding lines, with its reason; the
    difference was committed or released on the budget lines."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="amendments"
    )
    made_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    value_before = money_field(_("value before (yuan)"))
    value_after = money_field(_("value after (yuan)"))
    ends_on_before = models.DateField(_("end before"))
    ends_on_after = models.DateField(_("end after"))
    changes = models.TextField(_("changes"), blank=True)

    access = _access("contract__")

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["contract", "made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contract.number} · {self.made_on}"
