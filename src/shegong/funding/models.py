"""Money for purchased social work services (FIN-1, FIN-2, FIN-4).

- :class:`CatalogueItem` (FIN-1): what may be bought, per service field, by posts or by
  project; the reference price of a post is a dated parameter (``funding.parameters``).
- :class:`BudgetLine` (FIN-2, FIN-4): money of one payer (the city or a district) for one year
  from one source, for purchases or for a grant to a recipient organisation.
- :class:`LedgerEntry` (FIN-2): the append-only movements on a line (allocations, transfers
  out, commitments, releases, payments). Balances are sums of the entries, computed by the
  database (``funding.queries``); entries are written only by ``funding.services``.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core import money
from shegong.core.models import ArchivableModel, BaseModel
from shegong.core.permissions import Access, RestrictedQuerySet
from shegong.core.roles import Role
from shegong.registry.choices import Level

from .choices import GRANT_PURPOSES, FundingSource, Movement, PurchaseMode, Purpose

#: FIN-2: the officials who keep the money of their area (a district officer their district's
#: lines; city roles every line).
MONEY_KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
#: FIN-1: the city defines what may be bought (clause 17: "合理界定政府提供社会工作服务的范围").
CATALOGUE_KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER})

#: One fen, the smallest amount of money.
FEN = Decimal("0.01")


money_field = money.money_field


class CatalogueItem(BaseModel, ArchivableModel):
    """FIN-1: a service that may be bought: in a service field (POST-2), either posts
    (岗位购买: social worker posts of a professional level, for a year, priced by the dated
    parameter ``funding.post_price.<level>``) or a project (项目购买: a service project with
    its outputs and outcomes)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    service_field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    mode = models.CharField(_("purchase mode"), max_length=10, choices=PurchaseMode.choices)
    level = models.CharField(
        _("professional level of the post"),
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Post-based purchases only: the level the post requires."),
    )
    description = models.TextField(_("description"), blank=True)
    outputs = models.TextField(
        _("outputs"), blank=True, help_text=_("Project-based purchases: what is delivered.")
    )
    outcomes = models.TextField(
        _("outcomes"), blank=True, help_text=_("Project-based purchases: what changes for people.")
    )

    access = Access(
        unscoped=True,
        roles={
            "view": MONEY_KEEPERS,
            "add": CATALOGUE_KEEPERS,
            "change": CATALOGUE_KEEPERS,
            "export": MONEY_KEEPERS,
        },
    )

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        """FIN-1: a post needs its level; a project states its outputs and outcomes."""
        super().clean()
        if self.mode == PurchaseMode.POST and not self.level:
            raise ValidationError(
                {"level": _("A post-based purchase names the professional level of the post.")}
            )
        if self.mode == PurchaseMode.PROJECT:
            errors = {}
            if self.level:
                errors["level"] = _("A project-based purchase has no post level.")
            for name in ("outputs", "outcomes"):
                if not getattr(self, name).strip():
                    errors[name] = _("A project-based purchase states its outputs and outcomes.")
            if errors:
                raise ValidationError(errors)


class BudgetLine(BaseModel):
    """FIN-2, FIN-4: the money one payer (the city or a district) sets aside for one year from
    one source. A line for purchases funds contracts (through commitments and payments); a
    grant line (FIN-4: training, exchange, practice bases, research centres, websites,
    publications) names the organisation that receives it.

    Which payer each source belongs to (clause 17: "社会工作所需经费由区承担"): a district budget
    or a city special subsidy is a district's; the city budget is the city's; welfare lottery
    and foundation money may be either's. A city special subsidy line is opened only by a
    transfer from a city line (``services.transfer_city_subsidy``)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    payer = models.ForeignKey(
        "areas.Area",
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
        limit_choices_to={"level__in": ["city", "district"]},
    )
    source = models.CharField(
        pgettext_lazy("money", "source"), max_length=20, choices=FundingSource.choices
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.PURCHASE
    )
    name = models.CharField(_("name"), max_length=200)
    recipient = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("recipient organisation"),
        on_delete=models.PROTECT,
        related_name="grants",
        null=True,
        blank=True,
        help_text=_("Grants only (training, exchange, platforms): who receives the money."),
    )
    note = models.TextField(_("note"), blank=True)

    access = Access(
        area="payer__path",
        organisation="recipient",
        roles={
            "view": MONEY_KEEPERS | {Role.ORG_ADMIN},
            "add": MONEY_KEEPERS,
            "change": MONEY_KEEPERS,
            "export": MONEY_KEEPERS,
        },
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "payer__code", "source", "name"]
        indexes = [models.Index(fields=["year", "payer", "source"])]
        constraints = [
            # FIN-2: one city special subsidy line per district and year (opened by the first
            # transfer, ``services.transfer_city_subsidy``).
            models.UniqueConstraint(
                fields=["year", "payer"],
                condition=models.Q(source=FundingSource.CITY_SUBSIDY),
                name="one_city_subsidy_line_per_district_year",
                violation_error_message=_(
                    "The district already has a city special subsidy line for this year."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def clean(self):
        """FIN-2: the source fits the payer; FIN-4: a grant names its recipient, a purchase
        line has none."""
        super().clean()
        errors = {}
        level = self.payer.level if self.payer_id else None
        district_only = {FundingSource.DISTRICT_BUDGET, FundingSource.CITY_SUBSIDY}
        if level == "city" and self.source in district_only:
            errors["source"] = _("A %(source)s line belongs to a district, not to the city.") % {
                "source": self.get_source_display()
            }
        if level == "district" and self.source == FundingSource.CITY_BUDGET:
            errors["source"] = _("A city budget line belongs to the city, not to a district.")
        if self.purpose in GRANT_PURPOSES and not self.recipient_id:
            errors["recipient"] = _("A grant names the organisation that receives it.")
        if self.purpose == Purpose.PURCHASE and self.recipient_id:
            errors["recipient"] = _(
                "A line for purchases has no recipient: its money goes to contracts."
            )
        if errors:
            raise ValidationError(errors)


class AppendOnlyQuerySet(RestrictedQuerySet):
    """FIN-2: ledger entries are never changed or deleted (a mistake is corrected by a new
    entry, e.g. a release)."""

    def update(self, **kwargs):
        raise PermissionError("Ledger entries cannot be changed.")

    def delete(self):
        raise PermissionError("Ledger entries cannot be deleted.")


class LedgerEntry(BaseModel):
    """FIN-2: one movement of money on a budget line, with its reason; written only by
    ``funding.services`` (each also in the audit trail), never changed or deleted.

    - allocation: money put on the line (also the receiving side of a city subsidy transfer);
    - transfer out: money leaving a city line for a district's subsidy line;
    - commitment: money reserved for a contract (``source``: the contract);
    - release: (part of) a commitment given back to the line (``commitment``: which);
    - payment: money paid against a commitment, consuming it (``commitment``: which).
    """

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("movement"), max_length=20, choices=Movement.choices)
    amount = money_field(_("amount (yuan)"), validators=[MinValueValidator(FEN)])
    booked_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=500)
    commitment = models.ForeignKey(
        "self",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="settlements",
        null=True,
        blank=True,
        limit_choices_to={"kind": Movement.COMMITMENT},
    )
    counterpart = models.ForeignKey(
        "self",
        verbose_name=_("other side of the transfer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    #: The source object of a commitment or payment (a contract of ``procurement``), by label
    #: and id, so that ``funding`` needs no import of the app above it.
    source_model = models.CharField(_("source record type"), max_length=100, blank=True)
    source_id = models.PositiveBigIntegerField(_("source record id"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    #: A city subsidy transfer: the district's newly added purchases and the share applied.
    newly_added = money_field(_("newly added purchases (yuan)"), null=True, blank=True)
    rule = models.ForeignKey(
        "core.PolicyParameter",
        verbose_name=_("rule applied"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = AppendOnlyQuerySet.as_manager()

    access = Access(
        area="line__payer__path",
        organisation="line__recipient",
        roles={
            "view": MONEY_KEEPERS | {Role.ORG_ADMIN},
            "add": MONEY_KEEPERS,
            "export": MONEY_KEEPERS,
        },
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-booked_on", "-id"]
        indexes = [models.Index(fields=["line", "kind"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.booked_on})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Ledger entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Ledger entries cannot be deleted.")
