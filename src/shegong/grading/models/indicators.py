"""ORG-3: the indicators as data and the grading cycles (``grading.models``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.core import parameters
from shegong.core.models import BaseModel
from shegong.core.permissions import Access
from shegong.core.roles import Role

from ..parameters import INDICATOR_TOTAL

#: ORG-3: the city runs the grading (cycles, indicators, evaluators, publication, decisions).
KEEPERS = frozenset({Role.CITY_ADMIN, Role.CITY_OFFICER})
#: Officials who see the grading of their area's organisations.
OFFICIALS = KEEPERS | {Role.DISTRICT_OFFICER}


def default_total() -> int:
    """ORG-3: a new system's total, the parameter ``grading.indicator_total`` (1,000)."""
    return int(parameters.value(INDICATOR_TOTAL))


class IndicatorSystem(BaseModel):
    """ORG-3: a set of indicators in groups; its indicators' maximum points add up to
    ``total`` (1,000 by default, ``grading.indicator_total``)."""

    name = models.CharField(_("name"), max_length=200)
    total = models.PositiveIntegerField(_("total points"), default=default_total)
    note = models.TextField(_("note"), blank=True)

    access = Access(
        unscoped=True,
        reference=True,
        roles={"add": KEEPERS, "change": KEEPERS, "export": OFFICIALS},
    )

    class Meta:
        verbose_name = _("indicator system")
        verbose_name_plural = _("indicator systems")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """ORG-3: the total of a system a cycle has used no longer changes."""
        super().clean()
        if self.pk is not None and self.in_use():
            stored = IndicatorSystem.objects.filter(pk=self.pk).values_list("total", flat=True)
            if stored and stored[0] != self.total:
                _refuse_if_in_use(self)

    def in_use(self, on=None) -> bool:
        """ORG-3: a cycle using the system has opened (it can no longer be changed)."""
        on = on or timezone.localdate()
        return self.pk is not None and self.cycles.filter(opens_on__lte=on).exists()

    def points(self) -> int:
        return sum(
            Indicator.objects.filter(group__system=self).values_list("max_points", flat=True)
        )


def _refuse_if_in_use(system):
    if system is not None and system.in_use():
        raise ValidationError(
            _(
                "The indicator system %(name)s is used by a cycle that has opened: change a "
                "copy for a future cycle instead."
            )
            % {"name": system}
        )


class IndicatorGroup(BaseModel):
    """ORG-3: a group of indicators (e.g. basic conditions, internal governance)."""

    system = models.ForeignKey(
        IndicatorSystem,
        verbose_name=_("indicator system"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    access = Access(
        unscoped=True,
        reference=True,
        roles={"add": KEEPERS, "change": KEEPERS, "delete": KEEPERS, "export": OFFICIALS},
    )

    class Meta:
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        ordering = ["system", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "code"],
                name="one_indicator_group_code_per_system",
                violation_error_message=_("The system already has a group with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.system_id:
            _refuse_if_in_use(self.system)


class Indicator(BaseModel):
    """ORG-3: one indicator with its maximum points."""

    group = models.ForeignKey(
        IndicatorGroup,
        verbose_name=_("indicator group"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    max_points = models.PositiveIntegerField(
        _("maximum points"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    guidance = models.TextField(_("what the evaluators look for"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    access = Access(
        unscoped=True,
        reference=True,
        roles={"add": KEEPERS, "change": KEEPERS, "delete": KEEPERS, "export": OFFICIALS},
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "code"],
                name="one_indicator_code_per_group",
                violation_error_message=_("The group already has an indicator with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.group_id:
            _refuse_if_in_use(self.group.system)


class GradingCycle(BaseModel):
    """ORG-3: a year's grading: applications between ``opens_on`` and ``closes_on``, against
    one indicator system."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    system = models.ForeignKey(
        IndicatorSystem,
        verbose_name=_("indicator system"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    note = models.TextField(_("note"), blank=True)

    access = Access(
        unscoped=True,
        reference=True,
        roles={"add": KEEPERS, "change": KEEPERS, "export": OFFICIALS},
    )

    class Meta:
        verbose_name = _("grading cycle")
        verbose_name_plural = _("grading cycles")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Grading %(year)s") % {"year": self.year}

    def clean(self):
        """ORG-3: the dates in order, and the indicators add up to the system's total."""
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date is before the opening date.")})
        if self.system_id:
            points = self.system.points()
            if points != self.system.total:
                raise ValidationError(
                    {
                        "system": _(
                            "The indicators of %(name)s add up to %(points)d points, not "
                            "%(total)d: correct them before a cycle uses the system."
                        )
                        % {"name": self.system, "points": points, "total": self.system.total}
                    }
                )
