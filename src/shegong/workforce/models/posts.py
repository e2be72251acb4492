"""Posts and employment (POST-1 to POST-3): post types and dated post standards (岗位设置标准),
the service units they are applied to, posts in organisations, who holds them, and the
conversion plans of existing staff (持证上岗). Every rule lives in ``services.py``; models hold
data and field validation."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.models import ArchivableModel, BaseModel, ReferenceModel
from shegong.core.permissions import OWN, Access
from shegong.core.roles import ALL_ROLES, OFFICIALS, Role
from shegong.registry.choices import Level

from ..choices import EmploymentKind, StandardBasis

#: Who maintains the post standards (reference data): the city authority.
STANDARD_KEEPERS = {Role.CITY_ADMIN, Role.CITY_OFFICER}
#: Who manages posts and employment, each in their own scope (district or organisation).
POST_MANAGERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.ORG_ADMIN}
#: Who sets up service units (the demand side of the standard): city and district officials.
UNIT_MANAGERS = {Role.CITY_ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER}


def reference_access() -> Access:
    return Access(
        unscoped=True,
        reference=True,
        roles={
            "view": ALL_ROLES,
            "add": STANDARD_KEEPERS,
            "change": STANDARD_KEEPERS,
            "export": OFFICIALS,
        },
    )


def post_access(prefix: str, owner: str | None = None) -> Access:
    """Scoped like the post's organisation: its district, the organisation itself."""
    return Access(
        area=f"{prefix}organisation__area__path",
        organisation=f"{prefix}organisation",
        owner=owner,
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN} | ({OWN} if owner else set()),
            "add": POST_MANAGERS,
            "change": POST_MANAGERS,
            "delete": POST_MANAGERS,
            "export": OFFICIALS | {Role.ORG_ADMIN},
        },
    )


class PostType(ReferenceModel):
    """POST-1/POST-2: a kind of post in a service field (e.g. 社区社工), with its grade, the
    qualification level it requires and its duties."""

    field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        on_delete=models.PROTECT,
        related_name="post_types",
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), default=1, validators=[MinValueValidator(1)]
    )
    required_level = models.CharField(
        _("required level"), max_length=20, choices=Level.choices, default=Level.ASSISTANT
    )
    duties = models.TextField(_("duties"), blank=True)
    designated = models.BooleanField(
        _("designated by default"),
        default=True,
        help_text=_("Posts of this type are designated social work posts (持证上岗)."),
    )

    access = reference_access()
    #: Changes apply from the day of the edit; the past keeps its value (``core.dated``).
    dated_fields = ("required_level",)

    class Meta(ReferenceModel.Meta):
        verbose_name = _("post type")
        verbose_name_plural = _("post types")


class PostStandard(BaseModel):
    """POST-1: a dated staffing ratio (岗位设置标准): one post of a type per N served people,
    communities or schools, weighted by difficulty. The row with the latest ``valid_from`` on
    or before a date is the one in force for its post type and basis."""

    post_type = models.ForeignKey(
        PostType,
        verbose_name=_("post type"),
        on_delete=models.PROTECT,
        related_name="standards",
    )
    basis = models.CharField(_("counted by"), max_length=20, choices=StandardBasis.choices)
    units_per_post = models.PositiveIntegerField(
        _("units per post"),
        validators=[MinValueValidator(1)],
        help_text=_("One post per this many served people, communities or schools."),
    )
    difficulty_weight = models.DecimalField(
        _("difficulty weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    valid_from = models.DateField(_("applies from"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    access = reference_access()

    class Meta:
        verbose_name = _("post standard")
        verbose_name_plural = _("post standards")
        ordering = ["post_type", "basis", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["post_type", "basis", "valid_from"], name="one_standard_per_day"
            )
        ]

    def __str__(self) -> str:
        return _("%(type)s: 1 per %(n)s %(basis)s × %(weight)s (from %(date)s)") % {
            "type": self.post_type,
            "n": self.units_per_post,
            "basis": self.get_basis_display(),
            "weight": self.difficulty_weight,
            "date": self.valid_from,
        }


class ServiceUnit(BaseModel, ArchivableModel):
    """POST-1: a unit served in one field (a district, street or community, or an
    organisation's service), with the numbers the standards count."""

    name = models.CharField(_("name"), max_length=200)
    field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        on_delete=models.PROTECT,
        related_name="service_units",
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="service_units",
    )
    district = models.ForeignKey(
        "areas.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        null=True,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_units",
    )
    served_people = models.PositiveIntegerField(_("served people"), default=0)
    communities = models.PositiveIntegerField(_("communities"), default=0)
    schools = models.PositiveIntegerField(_("schools"), default=0)

    access = Access(
        area="area__path",
        organisation="organisation",
        roles={
            "view": OFFICIALS | {Role.ORG_ADMIN},
            "add": UNIT_MANAGERS,
            "change": UNIT_MANAGERS,
            "delete": UNIT_MANAGERS,
            "export": OFFICIALS,
        },
    )

    class Meta:
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.area_id:
            area = self.area
            while area is not None and area.level not in ("district", "city", "province"):
                area = area.parent
            if area is None or area.level != "district":
                raise ValidationError(
                    {"area": _("The area served must be a district or lie within one.")}
                )
            self.district = area


class Post(BaseModel, ArchivableModel):
    """POST-3: a post (岗位) in an organisation. Vacant or filled follows from its current
    employment (``services.current_employment``), never stored."""

    code = models.CharField(_("post code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    post_type = models.ForeignKey(
        PostType, verbose_name=_("post type"), on_delete=models.PROTECT, related_name="posts"
    )
    field = models.ForeignKey(
        "organisations.ServiceField",
        verbose_name=_("service field"),
        on_delete=models.PROTECT,
        related_name="posts",
        editable=False,
        null=True,
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, help_text=_("Empty: the grade of the post type.")
    )
    designated = models.BooleanField(
        _("designated post"),
        null=True,
        blank=True,
        help_text=_("Empty: as the post type says."),
    )
    service_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("The unit this post serves, for the staffing gap by unit."),
    )

    access = post_access("")

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # Grouped by organisation (its id, not its name: sorting by the name joined and sorted
        # every post of the city for a page of 25, issue 13), by code within it; the index
        # below serves the order.
        ordering = ["organisation_id", "code"]
        indexes = [models.Index(fields=["organisation", "code"], name="post_by_organisation")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.post_type_id:
            post_type = self.post_type
            self.field = post_type.field
            if self.grade is None:
                self.grade = post_type.grade
            if self.designated is None:
                self.designated = post_type.designated
        if self.service_unit_id and self.field_id and self.service_unit.field_id != self.field_id:
            raise ValidationError(
                {"service_unit": _("The service unit is in another service field.")}
            )


class Employment(BaseModel):
    """POST-3: a person holding a post from ``start`` to ``end`` (empty: still holding it)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="employments",
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="employments"
    )
    start = models.DateField(_("start"))
    end = models.DateField(pgettext_lazy("employment", "end"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EmploymentKind.choices)
    end_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    access = post_access("post__", owner="person__user")

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment")
        # The newest first, ties by post: by the post's id, not its own order (organisation
        # name, code), so that a page of the list reads its rows from the index below instead
        # of joining and sorting every employment of the city (issue 13: 141 ms of SQL for 25
        # rows of 50,000 before).
        ordering = ["-start", "post_id"]
        indexes = [models.Index(fields=["-start", "post"], name="employment_newest_first")]

    def __str__(self) -> str:
        return f"{self.person} · {self.post}"

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class ConversionPlan(BaseModel):
    """POST-3: how an existing member of staff placed in a designated post without credentials
    gets them: a training batch, the exam year, and a deadline to be certified and
    registered. Overdue when not completed and the deadline has passed."""

    employment = models.OneToOneField(
        Employment,
        verbose_name=_("employment"),
        on_delete=models.PROTECT,
        related_name="conversion_plan",
    )
    training_batch = models.CharField(_("training batch"), max_length=100)
    exam_year = models.PositiveSmallIntegerField(_("exam year"))
    deadline = models.DateField(_("deadline"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    access = post_access("employment__post__", owner="employment__person__user")

    class Meta:
        verbose_name = _("conversion plan")
        verbose_name_plural = _("conversion plans")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return _("Conversion plan of %(employment)s") % {"employment": self.employment}

    def is_overdue(self, on=None) -> bool:
        """Not completed and the deadline is before ``on`` (today): due today is not overdue."""
        on = on or timezone.localdate()
        return self.completed_on is None and self.deadline < on
