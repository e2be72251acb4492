"""FIN-3 (Government Procurement Law art. 38-53, MoF Order 87 art. 44-55): the evaluation of an
open tender or a competitive negotiation after its bids are opened: the city's expert pool
(评审专家库), the evaluation panel drawn from it at random (and its recusals), the panel's
scores, the ranking, the award with its notice, and the suppliers' challenges (质疑).

Who sees what (``Access.grant_if``, ADR 0055): the panel, its draws and recusals, the scores
and the ranking are the buyer district officers' and the panel members' own (each member their
own scores) **until the award**; from the award, the city's officials too, each bidder the
scores of its own bid, and every organisation the panel's names and the ranking. The scores,
totals and the reasons of recusals are private fields (masked in lists, exports, the audit
trail and history for whoever may not read them). Rules: ``procurement.rules``; writes:
``procurement.services.evaluation``."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import Role
from shegong.core.workflow import Transition, Workflow

from ..choices import (
    AwardStatus,
    ChallengeStatus,
    MemberKind,
    MemberStatus,
    ProcurementStatus,
    UpheldOutcome,
)
from .plans import BUYERS, READERS

S = ProcurementStatus
#: FIN-3: the states in which a procurement's evaluation is disclosed (after the award).
DISCLOSED = (S.AWARDED, S.CONTRACTED)
#: The roles that read an evaluation only once it is disclosed: the city's officials, auditors
#: and the organisations. The buyer district's officers (``BUYERS``) and the panel members
#: (``OWN``) read it from the start.
AFTER_AWARD = (
    Role.CITY_ADMIN,
    Role.CITY_OFFICER,
    Role.FIELD_OFFICER,
    Role.AUDITOR,
    Role.ORG_ADMIN,
)
#: The city officials who keep the expert pool.
POOL_KEEPERS = {Role.CITY_ADMIN, Role.CITY_OFFICER}


def _evaluation_access(prefix: str, *, organisation=None, owner=None, open_to_all=False, **roles):
    """An evaluation record of a procurement reached through ``prefix``: the buyer district
    and the panel (``owner``) always; the city, auditors and organisations only after the
    award (``grant_if``)."""
    disclosed = Q(**{f"{prefix}status__in": DISCLOSED})
    return Access(
        area=f"{prefix}buyer__path",
        organisation=organisation,
        owner=owner,
        open_to_organisations=disclosed if open_to_all else None,
        roles={
            "view": READERS | {Role.ORG_ADMIN, OWN},
            "export": READERS,
            "view_private": READERS | {Role.ORG_ADMIN, OWN},
            **roles,
        },
        grant_if=dict.fromkeys(AFTER_AWARD, disclosed),
    )


class Expert(BaseModel):
    """FIN-3 (MoF Order 87 art. 47): an evaluation expert of the city's pool: the fields of
    service they may evaluate, their employer and the organisations they declare ties to (both
    excluded from the panels of procurements those organisations bid on)."""

    name = models.CharField(_("name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
        help_text=_("Their account on the platform, if they have one: they then score online."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    fields = models.ManyToManyField(
        "organisations.ServiceField",
        verbose_name=_("fields of expertise"),
        related_name="+",
        blank=True,
    )
    employer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ties = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("declared ties"),
        related_name="+",
        blank=True,
        help_text=_("Organisations the expert has ties to (a post, a family member, a contract)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    PRIVATE_FIELDS = ("phone",)

    access = Access(
        unscoped=True,
        owner="user",
        roles={
            "view": READERS | {OWN},
            "add": POOL_KEEPERS,
            "change": POOL_KEEPERS,
            "export": READERS,
            "view_private": POOL_KEEPERS | {OWN},
        },
    )

    class Meta:
        verbose_name = _("evaluation expert")
        verbose_name_plural = _("evaluation experts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Panel(BaseModel):
    """FIN-3 (MoF Order 87 art. 47): the evaluation panel of a procurement: its size, the seats
    for experts drawn at random (the rest the buyer's representatives) and the seed of its
    first draw."""

    procurement = models.OneToOneField(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="panel",
    )
    size = models.PositiveSmallIntegerField(_("members"))
    expert_seats = models.PositiveSmallIntegerField(_("experts"))
    formed_on = models.DateField(_("formed on"), editable=False)

    access = _evaluation_access("procurement__", open_to_all=True, add=BUYERS, change=BUYERS)

    class Meta:
        verbose_name = _("evaluation panel")
        verbose_name_plural = _("evaluation panels")
        ordering = ["-formed_on", "-pk"]

    def __str__(self) -> str:
        return str(self.procurement)


class PanelDraw(BaseModel):
    """FIN-3: one random draw of experts for a panel (the first, or a replacement after a
    recusal). Reproducible: ``candidates`` (the eligible experts in the order drawn from:
    service field first, then by id) and ``seed`` give ``drawn`` again
    (``rules.draw_experts``); ``excluded`` lists who was left out and why."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.PROTECT, related_name="draws"
    )
    number = models.PositiveSmallIntegerField(_("draw"))
    seed = models.CharField(_("seed"), max_length=64)
    seats = models.PositiveSmallIntegerField(_("seats drawn"))
    matching = models.JSONField(_("experts of the service field"), default=list, blank=True)
    others = models.JSONField(_("other experts"), default=list, blank=True)
    excluded = models.JSONField(_("experts excluded"), default=list, blank=True)
    drawn = models.JSONField(_("experts drawn"), default=list, blank=True)
    drawn_on = models.DateField(_("drawn on"), editable=False)

    access = _evaluation_access("panel__procurement__", add=BUYERS)

    class Meta:
        verbose_name = _("expert draw")
        verbose_name_plural = _("expert draws")
        ordering = ["panel", "number"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="procurement_draw_number")
        ]

    def __str__(self) -> str:
        return f"{self.panel} · {self.number}"


class PanelMember(BaseModel):
    """FIN-3: a seat on a panel: an expert drawn at random or a representative of the buyer;
    a member tied to a bidder recuses themselves (the reason is kept) and is replaced."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.PROTECT, related_name="members"
    )
    kind = models.CharField(_("seat"), max_length=20, choices=MemberKind.choices)
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
    )
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    draw = models.ForeignKey(
        PanelDraw,
        verbose_name=_("draw"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.SERVING
    )
    recused_on = models.DateField(_("recused on"), null=True, blank=True, editable=False)
    recusal_reason = models.TextField(_("reason for the recusal"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    PRIVATE_FIELDS = ("recusal_reason",)
    PRIVATE_TEXT_FIELDS = PRIVATE_FIELDS

    #: After the award the organisations read the panel's names, never the reasons.
    access = _evaluation_access(
        "panel__procurement__",
        owner="user",
        open_to_all=True,
        add=BUYERS,
        change=BUYERS | {OWN},
        view_private=READERS | {OWN},
    )

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["panel", "pk"]

    def __str__(self) -> str:
        return f"{self.name} · {self.panel}"

    @property
    def serving(self) -> bool:
        return self.status == MemberStatus.SERVING


class Score(BaseModel):
    """FIN-3 (MoF Order 87 art. 55): a member's points for one non-price criterion of one
    valid bid, from 0 to the criterion's weight."""

    member = models.ForeignKey(
        PanelMember, verbose_name=_("panel member"), on_delete=models.PROTECT, related_name="scores"
    )
    bid = models.ForeignKey(
        "procurement.Bid", verbose_name=_("bid"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        "procurement.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )

    PRIVATE_FIELDS = ("points",)

    access = _evaluation_access(
        "bid__procurement__",
        organisation="bid__organisation",
        owner="member__user",
        add=BUYERS | {OWN},
        change=BUYERS | {OWN},
        delete=BUYERS,
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["member", "bid", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "bid", "criterion"], name="procurement_one_score_a_criterion"
            )
        ]

    def __str__(self) -> str:  # no points: shown in lists and the audit trail
        return f"{self.member.name} · {self.bid.organisation} · {self.criterion.name}"


class Result(BaseModel):
    """FIN-3 (MoF Order 87 art. 55): a valid bid's place in the ranking: the mean of the
    members' points, the price score (lowest valid price / the bid's price × the price weight)
    and their sum; ties go to the lower price."""

    procurement = models.ForeignKey(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    bid = models.OneToOneField(
        "procurement.Bid", verbose_name=_("bid"), on_delete=models.PROTECT, related_name="result"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    quality_score = models.DecimalField(_("quality score"), max_digits=6, decimal_places=2)
    price_score = models.DecimalField(_("price score"), max_digits=6, decimal_places=2)
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2)

    PRIVATE_FIELDS = ("quality_score", "price_score", "total")

    access = _evaluation_access(
        "procurement__", organisation="bid__organisation", open_to_all=True, delete=BUYERS
    )

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["procurement", "rank"]

    def __str__(self) -> str:
        return f"{self.procurement} · {self.bid.organisation}"


class Award(BaseModel):
    """FIN-3: the award of an evaluated procurement to its top-ranked valid bid, published as
    an award notice on ``noticed_on`` (the day challenges and the contract period count
    from); revoked when a challenge is upheld."""

    procurement = models.ForeignKey(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    bid = models.ForeignKey(
        "procurement.Bid", verbose_name=_("bid"), on_delete=models.PROTECT, related_name="awards"
    )
    supplier = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    noticed_on = models.DateField(_("award notice of"))
    status = models.CharField(
        _("status"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("reason for the revocation"), blank=True)

    access = Access(
        area="procurement__buyer__path",
        open_to_organisations=Q(),
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": BUYERS,
            "change": BUYERS,
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement"],
                condition=Q(status="active"),
                name="procurement_one_award_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.procurement} · {self.supplier}"


class Challenge(BaseModel):
    """FIN-3 (Government Procurement Law art. 52-53): a bidder's challenge of an award, lodged
    within the working days after the award notice, and the buyer's answer in its working
    days: dismissed, or upheld (the award revoked; the bids evaluated again or the procurement
    failed), with the reasons."""

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="challenges"
    )
    procurement = models.ForeignKey(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="challenges",
        editable=False,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("challenger"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lodged_on = models.DateField(_("lodged on"), editable=False)
    text = models.TextField(_("challenge"))
    answer_due = models.DateField(_("answer due by"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.PENDING,
    )
    decided_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)
    decision_reasons = models.TextField(_("reasons of the answer"), blank=True)
    outcome = models.CharField(
        _("what follows"), max_length=20, choices=UpheldOutcome.choices, blank=True
    )

    access = Access(
        area="procurement__buyer__path",
        organisation="organisation",
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": BUYERS | {Role.ORG_ADMIN},
            "decide": BUYERS,
            "change": BUYERS,
            "export": READERS,
        },
    )
    workflow = Workflow(
        initial={ChallengeStatus.PENDING},
        transitions=[
            Transition(
                "dismiss",
                {ChallengeStatus.PENDING},
                ChallengeStatus.DISMISSED,
                verb=_("dismissed"),
                permission="decide",
                reason_required=_("Give the reasons of the answer."),
            ),
            Transition(
                "uphold",
                {ChallengeStatus.PENDING},
                ChallengeStatus.UPHELD,
                verb=_("upheld"),
                permission="decide",
                reason_required=_("Give the reasons of the answer."),
            ),
        ],
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["procurement", "lodged_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.lodged_on}"

    @property
    def answered_late(self) -> bool:
        return self.decided_on is not None and self.decided_on > self.answer_due
