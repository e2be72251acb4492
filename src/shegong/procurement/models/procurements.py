"""FIN-3 (open tendering), GOV-1 (districts purchase): a procurement made from an item of a
district's plan, with its documents, eligibility rules, evaluation criteria, dates and
clarifications, and, for a single source, the reason, the public notice and the objections
to it. Rules: ``procurement.rules`` (periods, weights, panels) and ``procurement.services``
(every write)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.core.limits import MaxUploadSize
from shegong.core.models import BaseModel
from shegong.core.permissions import Access
from shegong.core.roles import Role
from shegong.core.workflow import Transition, Workflow

from ..choices import PUBLIC_STATES, Grade, ProcurementMethod, ProcurementStatus
from .plans import BUYERS, READERS

S = ProcurementStatus


def _access(prefix: str, **roles) -> Access:
    """Officials reach the procurements of their area (the buyer district's officers write);
    every organisation's administrator sees the published ones (FIN-3: open to every
    supplier), never a draft."""
    return Access(
        area=f"{prefix}buyer__path",
        open_to_organisations=Q(**{f"{prefix}status__in": PUBLIC_STATES}),
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": BUYERS,
            "change": BUYERS,
            "export": READERS,
            **roles,
        },
    )


class Procurement(BaseModel):
    """FIN-3: the purchase of one plan item by open tender (公开招标), competitive negotiation
    (竞争性磋商) or single source (单一来源)."""

    plan_item = models.ForeignKey(
        "procurement.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        related_name="procurements",
    )
    buyer = models.ForeignKey(
        "areas.Area",
        verbose_name=_("buyer district"),
        on_delete=models.PROTECT,
        related_name="procurements",
        editable=False,
    )
    method = models.CharField(_("method"), max_length=30, choices=ProcurementMethod.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProcurementStatus.choices, default=S.DRAFT
    )
    # Eligibility: a registered, active organisation with no sanction in force always; these add.
    minimum_grade = models.CharField(
        _("minimum grade"), max_length=2, choices=Grade.choices, blank=True
    )
    minimum_credentialed_staff = models.PositiveIntegerField(
        _("minimum credentialed staff"), default=0
    )
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    bid_deadline = models.DateField(_("bid deadline"), null=True, blank=True)
    opening_time = models.TimeField(
        _("opening time"),
        null=True,
        blank=True,
        help_text=_("Bids close and are opened at this time on the deadline."),
    )
    single_source_reason = models.TextField(_("reason for a single source"), blank=True)
    proposed_supplier = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("proposed supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, editable=False)

    access = _access("")
    workflow = Workflow(
        field="status",
        initial={S.DRAFT},
        refusal="status",
        transitions=[
            Transition("publish", {S.DRAFT}, S.PUBLISHED, verb=_("published")),
            Transition("clarify", {S.PUBLISHED}, None, verb=_("clarified")),
            Transition(
                "award_single_source",
                {S.PUBLISHED},
                S.AWARDED,
                verb=_("awarded"),
                guards=[lambda p: _single_source_guard(p)],
            ),
            Transition(
                "cancel",
                {S.DRAFT, S.PUBLISHED},
                S.CANCELLED,
                verb=_("cancelled"),
                reason_required=_("Give the reason for cancelling."),
            ),
            # Bids (``services.bids``), evaluation and award (``services.evaluation``), contract.
            Transition("close_bids", {S.PUBLISHED}, S.BIDS_CLOSED, verb=_("closed"), system=True),
            Transition("fail", {S.BIDS_CLOSED}, S.FAILED, verb=_("failed"), system=True),
            Transition("evaluate", {S.BIDS_CLOSED}, S.EVALUATED, verb=_("evaluated")),
            Transition("award", {S.EVALUATED}, S.AWARDED, verb=_("awarded")),
            # FIN-3: a challenge upheld revokes the award: the bids are evaluated again, or
            # the procurement fails (``services.evaluation.decide_challenge``).
            Transition("revoke_award", {S.AWARDED}, S.BIDS_CLOSED, verb=_("revoked"), system=True),
            Transition(
                "fail_after_challenge", {S.AWARDED}, S.FAILED, verb=_("failed"), system=True
            ),
            Transition("sign_contract", {S.AWARDED}, S.CONTRACTED, verb=_("signed")),
        ],
    )

    class Meta:
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        ordering = ["-published_on", "-pk"]
        indexes = [
            # The public OCDS pages (``ocds.packaging.PUBLISHED``: every state but a draft, and
            # a cancelled procurement that was published): their ids in order, issue 14 speed.
            models.Index(
                fields=["id"],
                condition=Q(status__in=PUBLIC_STATES)
                | Q(status=S.CANCELLED, published_on__isnull=False),
                name="procurement_public",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_single_source(self) -> bool:
        return self.method == ProcurementMethod.SINGLE_SOURCE

    def clean(self):
        super().clean()
        errors = {}
        if self.is_single_source:
            if not self.single_source_reason.strip():
                errors["single_source_reason"] = _("A single source needs a written reason.")
            if not self.proposed_supplier_id:
                errors["proposed_supplier"] = _("Name the supplier of the single source.")
        if errors:
            raise ValidationError(errors)


def _single_source_guard(procurement):
    if not procurement.is_single_source:
        return _("Only a single-source procurement is awarded this way.")
    return None


class Criterion(BaseModel):
    """FIN-3 (MoF Order 87 art. 55): an evaluation criterion and its weight in percent; the
    weights of a procurement add up to 100 and the price weighs at least the minimum."""

    procurement = models.ForeignKey(
        Procurement,
        verbose_name=_("procurement"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    is_price = models.BooleanField(_("price criterion"), default=False)

    access = _access("procurement__", delete=BUYERS)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["procurement", "-is_price", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement"],
                condition=Q(is_price=True),
                name="procurement_one_price_criterion",
                violation_error_message=_("A procurement has one price criterion."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight:g} %)"


class TenderDocument(BaseModel):
    """FIN-3: a file of the tender (or notice) documents."""

    procurement = models.ForeignKey(
        Procurement,
        verbose_name=_("procurement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to="procurement/%Y/", validators=[MaxUploadSize("procurement")]
    )

    access = _access("procurement__")

    class Meta:
        verbose_name = _("tender document")
        verbose_name_plural = _("tender documents")
        ordering = ["procurement", "pk"]

    def __str__(self) -> str:
        return self.title


class Clarification(BaseModel):
    """FIN-3 (MoF Order 87 art. 27): a clarification or change of the published documents, and
    the move of the bid deadline it caused (``deadline_before`` → ``deadline_after``)."""

    procurement = models.ForeignKey(
        Procurement,
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="clarifications",
    )
    made_on = models.DateField(_("date"), editable=False)
    text = models.TextField(_("text"))
    changes_documents = models.BooleanField(
        _("changes the documents"),
        default=False,
        help_text=_("A change that may affect bids; close to the deadline it moves the deadline."),
    )
    deadline_before = models.DateField(_("deadline before"), null=True, blank=True, editable=False)
    deadline_after = models.DateField(_("deadline after"), null=True, blank=True, editable=False)

    access = _access("procurement__")

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["procurement", "made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.procurement} · {self.made_on}"

    @property
    def moved_deadline(self) -> bool:
        return self.deadline_after is not None and self.deadline_after != self.deadline_before


class Objection(BaseModel):
    """FIN-3 (Implementing Regulations art. 38): an objection to a single-source notice, lodged
    within the notice's working days, by a supplier (its administrator) or recorded by the
    buyer's officer."""

    procurement = models.ForeignKey(
        Procurement,
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("objector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lodged_on = models.DateField(_("lodged on"), editable=False)
    text = models.TextField(_("objection"))

    access = Access(
        area="procurement__buyer__path",
        organisation="organisation",
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": BUYERS | {Role.ORG_ADMIN},
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["procurement", "lodged_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.lodged_on}"
