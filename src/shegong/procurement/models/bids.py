"""FIN-3 (Government Procurement Law art. 36, MoF Order 87): the bids of a procurement and
their opening.

A bid's content (``price``, ``proposal``, ``staff``) is **sealed** until its procurement's
bids are opened: the rule is the model's own access declaration (``Access.only_if`` on
``view_private``, with ``PRIVATE_FIELDS``), so every channel that masks private fields (pages,
API, exports, the audit trail, history) masks it, for everybody, superusers included. After the
opening the buyer's district and the city read it, and each organisation its own bids only,
ever (no ``open_to_organisations``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.core.limits import MaxUploadSize
from shegong.core.models import BaseModel
from shegong.core.money import money_field
from shegong.core.permissions import Access
from shegong.core.roles import Role

from ..choices import PUBLIC_STATES, BidStatus
from .plans import BUYERS, READERS

#: FIN-3: a bid's content is readable only once its procurement's bids are opened.
OPENED = Q(procurement__bid_opening__isnull=False)


class Bid(BaseModel):
    """FIN-3: an organisation's bid on a published procurement."""

    procurement = models.ForeignKey(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="bids",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("bidder"),
        on_delete=models.PROTECT,
        related_name="bids",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BidStatus.choices, default=BidStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), editable=False)
    price = money_field(_("price (yuan)"))
    proposal = models.FileField(
        _("proposal"), upload_to="bids/%Y/", validators=[MaxUploadSize("procurement")]
    )
    staff = models.ManyToManyField(
        "people.Person", verbose_name=_("staff"), related_name="+", blank=True
    )
    problems = models.TextField(_("reasons it is not eligible"), blank=True, editable=False)

    #: Sealed until the opening (``OPENED``); shown whole as ``******`` before.
    PRIVATE_FIELDS = ("price", "proposal", "staff")
    PRIVATE_TEXT_FIELDS = PRIVATE_FIELDS

    access = Access(
        area="procurement__buyer__path",
        organisation="organisation",
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": {Role.ORG_ADMIN},
            "change": {Role.ORG_ADMIN},
            "withdraw": {Role.ORG_ADMIN},
            "export": READERS,
            "view_private": READERS | {Role.ORG_ADMIN},
        },
        only_if={"view_private": OPENED},
    )

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["procurement", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "organisation"],
                condition=~Q(status="withdrawn"),
                name="procurement_one_bid_per_organisation",
                violation_error_message=_("The organisation has already bid; replace its bid."),
            )
        ]

    def __str__(self) -> str:  # no content: it is shown in lists and the audit trail
        return f"{self.organisation} · {self.procurement}"

    @property
    def problem_list(self) -> list[str]:
        return [p for p in self.problems.splitlines() if p]


class BidOpening(BaseModel):
    """FIN-3: the opening of a procurement's bids (who, when, how many valid), and for an open
    tender with too few valid bids, its failure (``rules.open_tender_outcome``)."""

    procurement = models.OneToOneField(
        "procurement.Procurement",
        verbose_name=_("procurement"),
        on_delete=models.PROTECT,
        related_name="bid_opening",
    )
    opened_at = models.DateTimeField(_("opened at"), editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    valid_bids = models.PositiveIntegerField(_("valid bids"), editable=False)
    invalid_bids = models.PositiveIntegerField(_("invalid bids"), editable=False)
    failed = models.BooleanField(_("failed"), default=False, editable=False)
    outcome = models.TextField(_("outcome"), blank=True, editable=False)

    access = Access(
        area="procurement__buyer__path",
        open_to_organisations=Q(procurement__status__in=PUBLIC_STATES),
        roles={"view": READERS | {Role.ORG_ADMIN}, "add": BUYERS, "export": READERS},
    )

    class Meta:
        verbose_name = _("bid opening")
        verbose_name_plural = _("bid openings")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return str(self.procurement)
