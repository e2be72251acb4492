"""Administrative areas: one tree, province → city → district → street → community.

Reference data that officials maintain. ``path`` is the materialised path of codes
(``/44/4403/440304/``), so "this area and everything below it" is one indexed prefix
query; every scoped permission in the platform uses it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import ReferenceModel
from shegong.core.permissions import Access
from shegong.core.roles import ALL_ROLES, Role

from .choices import LEVEL_ORDER, AreaLevel


class Area(ReferenceModel):
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True, blank=True, editable=False)

    access = Access(
        area="path",
        reference=True,
        roles={
            "view": ALL_ROLES,
            "add": {Role.CITY_ADMIN},
            "change": {Role.CITY_ADMIN},
            "delete": {Role.CITY_ADMIN},
            "export": {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
        },
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "is_active"])]

    def compute_path(self) -> str:
        return (self.parent.path if self.parent_id else "/") + f"{self.code}/"

    def clean(self):
        super().clean()
        if self.code and not self.code.isdigit():
            raise ValidationError({"code": _("An area code is made of digits only.")})
        if self.parent_id is None:
            self.path = self.compute_path()
            return
        parent = self.parent
        if LEVEL_ORDER.index(self.level) <= LEVEL_ORDER.index(parent.level):
            raise ValidationError(
                {
                    "parent": _("A %(level)s cannot sit under a %(parent)s.")
                    % {"level": self.get_level_display(), "parent": parent.get_level_display()}
                }
            )
        if self.pk and parent.path.startswith(
            Area.objects.filter(pk=self.pk).values_list("path", flat=True).first() or "\0"
        ):
            raise ValidationError({"parent": _("An area cannot sit under itself.")})
        if self.code and not self.code.startswith(parent.code):
            raise ValidationError(
                {
                    "code": _("The code must begin with the parent's code %(code)s.")
                    % {"code": parent.code}
                }
            )
        self.path = self.compute_path()

    def save(self, *args, **kwargs):
        old_path = (
            Area.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            if self.pk
            else ""
        )
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def ancestors(self):
        codes = [c for c in self.path.strip("/").split("/") if c][:-1]
        return Area.objects.filter(code__in=codes).order_by("path")

    @property
    def full_name(self) -> str:
        return "".join(a.name for a in self.ancestors()) + self.name
