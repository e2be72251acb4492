"""People: everyone the register knows, whatever roles they later hold (social worker,
volunteer, supervisor, staff). One person per national ID number."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.core.models import BaseModel, actor_field
from shegong.core.permissions import OWN, Access
from shegong.core.roles import Role

from .choices import EducationLevel, Sex
from .validators import normalise, parse_national_id

#: Roles that manage people's records in their area.
PEOPLE_OFFICERS = {
    Role.CITY_ADMIN,
    Role.CITY_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.CERTIFICATE_ISSUER,
}
PEOPLE_ACCESS = Access(
    area="area__path",
    organisation="organisation",
    owner="user",
    unscoped_visible=False,
    roles={
        "view": PEOPLE_OFFICERS | {Role.FIELD_OFFICER, Role.ORG_ADMIN, OWN},
        "add": PEOPLE_OFFICERS | {Role.ORG_ADMIN},
        "change": PEOPLE_OFFICERS | {Role.ORG_ADMIN},
        "delete": {Role.CITY_ADMIN},
        "export": PEOPLE_OFFICERS,
        "view_private": PEOPLE_OFFICERS | {Role.ORG_ADMIN, OWN},
    },
)
#: A person's education and work history: whoever may change the person keeps these entries
#: (adding, correcting and removing them), within the person's scope.
PERSON_PART_ACCESS = Access(
    area="person__area__path",
    organisation="person__organisation",
    owner="person__user",
    roles={**PEOPLE_ACCESS.roles, "delete": PEOPLE_ACCESS.roles["change"]},
)


class Person(BaseModel):
    # Unique: finding a person by ID number (imports, the register, the public search) is an
    # equality; the ``varchar_pattern_ops`` copy PostgreSQL adds for LIKE is dropped
    # (migration 0002).
    national_id = models.CharField(_("national ID number"), max_length=18, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The district that keeps this person's records."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("current organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    # No index on who created or changed a person: no page or query filters by them, and a
    # city's people are imported in bulk (issue 13). Deleting a user (accounts are
    # deactivated, not deleted) scans the table to clear them.
    created_by = actor_field(_("created by"), db_index=False)
    updated_by = actor_field(_("updated by"), db_index=False)

    PRIVATE_FIELDS = ("national_id", "phone", "address", "birth_date")
    access = PEOPLE_ACCESS

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "national_id"]
        indexes = [
            # The people list and every chooser ordered by name (``ordering``), read a page at
            # a time. Searches by name are ``icontains`` (``core.filtersets``), which no
            # B-tree serves, so there is no ``varchar_pattern_ops`` index.
            models.Index(fields=["name"], name="people_person_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None):
        """The ID number is normalised and parsed first, so that a number typed with spaces or
        full-width digits is not refused for its length, and birth date and sex (derived from
        it, never typed) are set before they are validated."""
        exclude = set(exclude or ())
        errors: dict = {}
        if "national_id" not in exclude:
            self.national_id = normalise(self.national_id)
            if self.national_id:
                try:
                    parsed = parse_national_id(self.national_id)
                except ValidationError as exc:
                    errors["national_id"] = exc.error_list
                    exclude |= {"national_id"}
                else:
                    self.national_id = parsed.number
                    self.birth_date = parsed.birth_date
                    self.sex = parsed.sex
            if not self.birth_date:
                exclude |= {"birth_date", "sex"}  # the error is on the ID number
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        self.name = normalise_name(self.name)
        if self.organisation_id and not self.area_id:
            # A person's records are kept by the district of the organisation they work for.
            self.area = self.organisation.area

    def validate_unique(self, exclude=None):
        try:
            super().validate_unique(exclude)
        except ValidationError as exc:
            if "national_id" in exc.error_dict:
                existing = (
                    Person.objects.filter(national_id=self.national_id).exclude(pk=self.pk).first()
                )
                if existing is not None:
                    # No name: the caller may not be allowed to see who it is; the link is a
                    # 404 for them, as for any record out of their scope.
                    exc.error_dict["national_id"] = [
                        ValidationError(
                            _(
                                "A person with this ID number is already on file "
                                "(record %(id)s): %(url)s"
                            ),
                            code="duplicate",
                            params={"id": existing.pk, "url": existing.get_absolute_url()},
                        )
                    ]
            raise


def normalise_name(value: str) -> str:
    """Names from spreadsheets: full-width characters folded, runs of spaces made one.
    A middle dot in minority names is kept as the standard ·."""
    text = " ".join(unicodedata.normalize("NFKC", str(value or "")).split())
    return text.replace("•", "·").replace("．", "·")


class Education(BaseModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="education"
    )
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    major = models.CharField(_("major"), max_length=100, blank=True)
    school = models.CharField(_("school"), max_length=200)
    year = models.PositiveSmallIntegerField(_("graduation year"))

    access = PERSON_PART_ACCESS

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["person", "-year"]

    def __str__(self) -> str:
        return f"{self.school} {self.get_level_display()} ({self.year})"

    def clean(self):
        super().clean()
        if not self.year:
            return
        if self.year > timezone.localdate().year + 6:
            raise ValidationError({"year": _("The graduation year is too far in the future.")})
        birth = self.person.birth_date if self.person_id else None
        if birth and self.year < birth.year + 10:
            raise ValidationError(
                {"year": _("The graduation year is before the person was ten years old.")}
            )


class WorkHistory(BaseModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="work_history"
    )
    employer = models.CharField(_("employer"), max_length=200)
    position = models.CharField(_("position"), max_length=100, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    access = PERSON_PART_ACCESS

    class Meta:
        verbose_name = _("work history")
        verbose_name_plural = _("work history")
        ordering = ["person", "-start"]

    def __str__(self) -> str:
        return f"{self.employer} {self.position}"

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})
