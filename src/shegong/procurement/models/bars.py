"""FIN-3, ORG-5: a bar from tenders. An organisation barred from tenders for a period (by a
sanction of an inspection decision, by a poor rating, or otherwise) is not eligible to bid
from ``starts`` to ``ends`` inclusive (the bar ends at midnight, Asia/Shanghai, after
``ends``), for one buyer district's procurements or, with no buyer, for every buyer's. A bar
lifted on a day (an appeal upheld) is no longer in force from that day. Every write:
``procurement.services.bars``; the eligibility rule: ``procurement.services.eligibility``."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel
from shegong.core.permissions import Access
from shegong.core.roles import Role

from ..choices import BarSource
from .plans import READERS

#: ORG-5: the officials who bar an organisation from tenders and lift a bar.
BARRERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER}


class TenderBar(BaseModel):
    """FIN-3, ORG-5: ``organisation`` may not bid from ``starts`` to ``ends`` (inclusive) on
    ``buyer``'s procurements (every buyer's when empty), unless lifted earlier."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="tender_bars",
    )
    buyer = models.ForeignKey(
        "areas.Area",
        verbose_name=_("buyer district"),
        on_delete=models.PROTECT,
        related_name="tender_bars",
        null=True,
        blank=True,
        help_text=_("Empty: the bar holds for every buyer."),
    )
    starts = models.DateField(_("barred from"))
    ends = models.DateField(_("barred until (inclusive)"))
    reason = models.TextField(_("reason"))
    source = models.CharField(_("source"), max_length=12, choices=BarSource.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True, editable=False)
    lifted_reason = models.TextField(_("reason for lifting"), blank=True, editable=False)

    access = Access(
        # the barred organisation's area, and the buyer district's: a buyer bars from its own
        # tenders an organisation registered in another district and sees the bars it made
        area=("organisation__area__path", "buyer__path"),
        organisation="organisation",
        roles={
            "view": READERS | {Role.ORG_ADMIN},
            "add": BARRERS,
            "change": BARRERS,
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("bar from tenders")
        verbose_name_plural = _("bars from tenders")
        ordering = ["-starts", "-pk"]
        indexes = [models.Index(fields=["organisation", "ends"], name="tender_bar_org_ends")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts}–{self.ends}"

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("A bar ends on or after the day it starts.")})
        if self.buyer_id and self.buyer.level != "district":
            raise ValidationError({"buyer": _("The buyer is a district.")})
        if self.lifted_on and self.starts and self.lifted_on < self.starts:
            raise ValidationError({"lifted_on": _("A bar is lifted on or after its start.")})
