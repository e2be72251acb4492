"""Supervision (EDU-3): supervisors appointed by the officials, supervisions (a supervisor and a
supervisee, dated) and their sessions. Imported by ``education.models``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.core.models import ArchivableModel, BaseModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import ALL_ROLES, Role

from .cpd import EDU_OFFICERS, SUPERVISION_READERS


class Supervisor(BaseModel, ArchivableModel):
    """EDU-3: a person appointed as supervisor (督导) after the qualification check
    (``services.supervisor_problems``)."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="supervisor",
    )
    appointed_on = models.DateField(_("appointed on"))
    qualification = models.CharField(_("qualification checked"), max_length=300, blank=True)

    access = Access(
        area="person__area__path",
        organisation="person__organisation",
        owner="person__user",
        reference=True,
        roles={
            "view": ALL_ROLES,
            "add": EDU_OFFICERS,
            "change": EDU_OFFICERS,
            "export": EDU_OFFICERS,
        },
    )

    class Meta:
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        ordering = ["person__name"]

    def __str__(self) -> str:
        return str(self.person)


def supervision_access(prefix: str, owners: tuple[str, ...]) -> Access:
    return Access(
        area=f"{prefix}supervisee__area__path",
        organisation=f"{prefix}supervisee__organisation",
        owner=owners,
        roles={
            "view": SUPERVISION_READERS,
            "add": EDU_OFFICERS | {Role.ORG_ADMIN} | ({OWN} if prefix else set()),
            "change": EDU_OFFICERS | {Role.ORG_ADMIN},
            "export": EDU_OFFICERS,
            "view_private": SUPERVISION_READERS,
        },
    )


class Supervision(BaseModel):
    """EDU-3: a supervisor supervises a supervisee from ``starts_on`` to ``ends_on`` (empty:
    still), optionally through a supervisor assistant. The ratio limit is checked by
    ``services.start_supervision``."""

    supervisor = models.ForeignKey(
        Supervisor,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    supervisee = models.ForeignKey(
        "people.Person",
        verbose_name=_("supervisee"),
        on_delete=models.PROTECT,
        related_name="supervised_by",
    )
    assistant = models.ForeignKey(
        "people.Person",
        verbose_name=_("supervisor assistant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assists_supervision",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    access = supervision_access(
        "", ("supervisee__user", "supervisor__person__user", "assistant__user")
    )

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervision")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.supervisee}"

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is before the start.")})
        same = self.supervisor_id and self.supervisee_id
        if same and self.supervisor.person_id == self.supervisee_id:
            raise ValidationError({"supervisee": _("Nobody supervises themselves.")})


class SupervisionSession(BaseModel):
    """EDU-3: a supervision session: date, hours, topic and notes. The notes are private to
    the pair, the supervisee's organisation, the district and the city (everyone else who
    may see the session sees them hidden)."""

    supervision = models.ForeignKey(
        Supervision,
        verbose_name=_("supervision"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    PRIVATE_FIELDS = ("notes",)
    PRIVATE_TEXT_FIELDS = ("notes",)
    access = supervision_access(
        "supervision__", ("supervision__supervisee__user", "supervision__supervisor__person__user")
    )

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["supervision", "held_on"], name="supervision_session_day")]

    def __str__(self) -> str:
        return f"{self.supervision} · {self.held_on}"
