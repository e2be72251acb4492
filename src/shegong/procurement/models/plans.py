"""GOV-1 (districts purchase), FIN-1/FIN-3: a district's annual purchase plan and its items
(what it means to buy, how, for how much)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import BaseModel
from shegong.core.money import money_field
from shegong.core.permissions import Access
from shegong.core.roles import Role

from ..choices import ProcurementMethod, PurchaseKind

#: Officials who read purchase plans and procurements in their area.
READERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.FIELD_OFFICER}
#: GOV-1: the districts purchase; their officers keep the plans and procurements.
BUYERS = {Role.DISTRICT_OFFICER}


class PurchasePlan(BaseModel):
    """GOV-1: what a district plans to purchase in a year (one plan per district and year)."""

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="purchase_plans",
        limit_choices_to={"level": "district"},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    access = Access(
        area="area__path",
        roles={
            "view": READERS,
            "add": BUYERS,
            "change": BUYERS,
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("purchase plan")
        verbose_name_plural = _("purchase plans")
        ordering = ["-year", "area"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="purchase_plan_once_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.area_id and self.area.level != "district":
            raise ValidationError({"area": _("A purchase plan belongs to a district.")})


class PlanItem(BaseModel):
    """FIN-1/FIN-3: one purchase of a plan: a service field, posts (how many) or a project
    (which), its estimated value in yuan and the method planned."""

    plan = models.ForeignKey(
        PurchasePlan,
        verbose_name=_("purchase plan"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("purchase of"), max_length=10, choices=PurchaseKind.choices)
    posts = models.PositiveIntegerField(_("number of posts"), null=True, blank=True)
    project = models.CharField(_("project"), max_length=200, blank=True)
    estimated_value = money_field(
        _("estimated value (yuan)"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    method = models.CharField(_("planned method"), max_length=30, choices=ProcurementMethod.choices)
    budget_lines = models.ManyToManyField(
        "funding.BudgetLine",
        verbose_name=_("budget lines"),
        related_name="plan_items",
        blank=True,
        help_text=_("GOV-1: the district's lines of the plan's year, or the city's, that fund it."),
    )
    note = models.TextField(_("note"), blank=True)

    access = Access(
        area="plan__area__path",
        roles={
            "view": READERS,
            "add": BUYERS,
            "change": BUYERS,
            "delete": BUYERS,
            "export": READERS,
        },
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        what = self.project if self.kind == PurchaseKind.PROJECT else self.get_kind_display()
        return f"{self.plan.year} {self.field} · {what}"

    def clean(self):
        super().clean()
        if self.kind == PurchaseKind.POSTS and not self.posts:
            raise ValidationError({"posts": _("Give the number of posts to purchase.")})
        if self.kind == PurchaseKind.PROJECT and not self.project.strip():
            raise ValidationError({"project": _("Name the project to purchase.")})
