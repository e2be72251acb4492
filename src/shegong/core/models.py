"""Base models, feature mixins, and the framework's own records (audit trail, jobs).

Features a model can have (ask :func:`has_feature`):
- ``audited``: every write goes through ``core.services`` and is recorded in the audit trail
  (all models built on :class:`BaseModel`);
- ``archivable``: rows are switched off with ``is_active`` instead of being deleted;
- ``reference``: a list that officials maintain (codes and names), archivable;
- ``private``: the model names ``PRIVATE_FIELDS`` that are masked for roles without
  ``view_private`` and whose full display is logged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .permissions import OWN, Access, RestrictedQuerySet
from .roles import Role


def actor_field(verbose_name, *, db_index: bool = True) -> models.ForeignKey:
    """``created_by``/``updated_by``: the user who made or last changed a row. A model whose
    table is filled in bulk and that no page filters by its actors overrides them with
    ``db_index=False`` (an index maintained on every insert and read by no query; issue 13)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=db_index,
    )


class BaseModel(models.Model):
    """Timestamps, acting user and a version number for optimistic locking."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = actor_field(_("created by"))
    updated_by = actor_field(_("updated by"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    #: Fields holding private personal data (masked unless the viewer may ``view_private``).
    PRIVATE_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        meta = self._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[self.pk])


class ArchivableModel(models.Model):
    """Rows are switched off, not deleted, so that history keeps pointing at them."""

    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True


class ReferenceModel(BaseModel, ArchivableModel):
    """A list that officials maintain: a code, a Chinese name and an English name."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


def has_feature(model, feature: str) -> bool:
    """Whether ``model`` (class or instance) has one of the features in the module docstring."""
    checks = {
        "audited": lambda m: issubclass(m, BaseModel) or getattr(m, "AUDITED", False),
        "archivable": lambda m: issubclass(m, ArchivableModel) or hasattr(m, "is_active"),
        "reference": lambda m: issubclass(m, ReferenceModel),
        "private": lambda m: bool(getattr(m, "PRIVATE_FIELDS", ())),
    }
    if feature not in checks:
        raise ValueError(f"unknown feature {feature!r}")
    cls = model if isinstance(model, type) else type(model)
    return checks[feature](cls)


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    READ = "read", _("Private data viewed")
    EXPORT = "export", _("Exported")


class ImmutableQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit records cannot be changed.")

    def delete(self):
        raise PermissionError("Audit records cannot be deleted.")


class AuditRecord(models.Model):
    """One change (or private read or export) of one record. Append-only and hash-chained.

    Records form chains by ``shard`` (a day and a shard number); each carries the hash of the
    record before it in its chain, so that an edit or deletion anywhere breaks the chain
    (``shegong verify_audit``). Database triggers refuse UPDATE and DELETE on the table.
    """

    shard = models.CharField(_("chain"), max_length=20, editable=False)
    seq = models.PositiveBigIntegerField(_("sequence"), editable=False)
    timestamp = models.DateTimeField(_("time"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    model = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200)
    scope_path = models.CharField(_("area path"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)
    reason = models.TextField(_("reason"), blank=True)
    correlation_id = models.CharField(_("correlation id"), max_length=64, db_index=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)
    #: ``None`` for a record of one object; N for a bulk record of N objects of ``model``
    #: written together (an import batch): ``after`` (or ``before``) is
    #: ``{"objects": [...]}``, one entry per object, and :class:`AuditIndexEntry` rows point
    #: each object to it. (Nullable so that adding the column keeps SQLite's triggers.)
    bulk_count = models.PositiveIntegerField(_("records"), null=True, editable=False)

    objects = ImmutableQuerySet.as_manager()
    access = Access(
        area="scope_path",
        unscoped_visible=True,
        roles={"view": {Role.CITY_ADMIN}, "export": {Role.CITY_ADMIN}},
    )

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit trail")
        ordering = ["-timestamp", "-id"]
        constraints = [models.UniqueConstraint(fields=["shard", "seq"], name="audit_shard_seq")]
        indexes = [models.Index(fields=["model", "object_id", "timestamp"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("core:auditrecord_detail", args=[self.pk])

    def get_model_display(self) -> str:
        """The record type as a person reads it (人员, not ``people.person``; issue 12)."""
        from .display import model_name

        return model_name(self.model)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit records cannot be deleted.")

    @property
    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


class AuditIndexEntry(models.Model):
    """Which bulk audit record holds an object's entry: (record, object id, position).

    Append-only like :class:`AuditRecord` (database triggers refuse UPDATE and DELETE) and
    covered by the record's hash: the record's payload lists every object id in order, so
    ``shegong verify_audit`` finds an index entry that was changed, removed or added.
    """

    record = models.ForeignKey(
        AuditRecord,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="index_entries",
    )
    object_id = models.CharField(max_length=64)
    #: The object's place in the record's ``objects`` list (0-based).
    position = models.PositiveIntegerField()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit index entry")
        # A plain index (no ``varchar_pattern_ops`` twin on PostgreSQL): looked up by equality.
        indexes = [models.Index(fields=["object_id"], name="audit_index_object")]

    def __str__(self) -> str:
        return f"{self.object_id} → {self.record_id}[{self.position}]"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit records cannot be deleted.")


class AuditChainHead(models.Model):
    """The last sequence number and hash of each audit chain (one row per shard)."""

    shard = models.CharField(max_length=20, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain")

    def __str__(self) -> str:
        return f"{self.shard} #{self.seq}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A piece of background work (export, import, report) with its progress and result."""

    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    result_file = models.FileField(_("result"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    errors = models.JSONField(_("errors"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    language = models.CharField(max_length=10, default="zh-hans")
    correlation_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True)
    finished_at = models.DateTimeField(_("finished at"), null=True)

    objects = RestrictedQuerySet.as_manager()
    access = Access(owner="created_by", roles={"view": {OWN}, "change": {OWN}})

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(int(self.done * 100 / self.total), 100) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def kept_by_the_city(*, delete: bool = False) -> Access:
    """Reference data the city administrator keeps (policy parameters, the official calendar):
    every signed-in user reads it, the city administrator writes it, city officers export it."""
    roles = {
        "view": {Role.CITY_ADMIN, Role.CITY_OFFICER},
        "add": {Role.CITY_ADMIN},
        "change": {Role.CITY_ADMIN},
        "export": {Role.CITY_ADMIN, Role.CITY_OFFICER},
    }
    if delete:
        roles["delete"] = {Role.CITY_ADMIN}
    return Access(unscoped=True, reference=True, roles=roles)


#: The scopes of a policy parameter, as shown.
PARAMETER_SCOPES = {"city": _("city"), "national": _("national")}


class PolicyParameter(BaseModel):
    """A number of a policy rule, as data, versioned by the date it applies from.

    ``key`` names the rule (e.g. ``registry.registration_years``); ``scope`` is ``national``
    or ``city``; ``value`` is JSON. A decision records which parameter row it applied
    (``core.parameters.get`` returns the row). Defaults and their sources: each app's
    ``parameters.py``, seeded by data migrations.
    """

    key = models.CharField(_("rule"), max_length=100, db_index=True)
    scope = models.CharField(_("scope"), max_length=20, default="city")
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("applies from"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    access = kept_by_the_city()  # versioned by date: no edit of the past, no delete

    class Meta:
        verbose_name = _("policy parameter")
        verbose_name_plural = _("policy parameters")
        ordering = ["key", "scope", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "scope", "valid_from"], name="policy_parameter_once_per_day"
            )
        ]

    def __str__(self) -> str:
        """How a decision shows the rule it applied ("1（市规定，自 2000-01-01 起）"): its value as
        a person reads it, never the key and the raw JSON (issue 12, defect 6)."""
        from shegong.core.display import display_text

        return gettext("%(value)s (%(scope)s rule, from %(date)s)") % {
            "value": display_text(self.value),
            "scope": self.get_scope_display(),
            "date": self.valid_from.isoformat() if self.valid_from else "",
        }

    def get_scope_display(self) -> str:
        """市 / 全国 (the scope is a code; issue 12, defect 6)."""
        return str(PARAMETER_SCOPES.get(self.scope, self.scope))

    def get_source_display(self) -> str:
        """The source in the user's language: the seeded sources are in the catalogues
        (marked with ``gettext_noop`` in each app's ``parameters.py``); a source an official
        wrote is shown as written."""
        return gettext(self.source) if self.source else ""


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (no work on a weekday)")
    WORKDAY = "workday", _("Working day (a Saturday or Sunday worked)")


class CalendarDay(BaseModel):
    """The official calendar's exceptions to Monday-to-Friday working days: public holidays
    that fall on weekdays (春节, 国庆节, …) and the Saturdays or Sundays made working days in
    exchange (调休). The State Council publishes them each year; the city administrator enters
    them. Every rule that counts working days uses them (``core.calendar``)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. 春节"))

    access = kept_by_the_city(delete=True)

    class Meta:
        verbose_name = _("official calendar day")
        verbose_name_plural = _("official calendar days")
        ordering = ["-date"]

    def __str__(self) -> str:
        label = f"{self.date} {self.get_kind_display()}"
        return f"{label} ({self.name})" if self.name else label

    def clean(self):
        super().clean()
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        if self.kind == DayKind.HOLIDAY and weekend:
            raise ValidationError(
                {"date": _("This is a Saturday or Sunday: it is not a working day anyway.")}
            )
        if self.kind == DayKind.WORKDAY and not weekend:
            raise ValidationError({"date": _("This is a weekday: it is a working day anyway.")})


class Counter(models.Model):
    """Named counters for human-readable serial numbers (certificates, registers, cases)."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class DatedValue(models.Model):
    """A value of a dated attribute of a reference row (issue 11, point 8): e.g. a post
    type's required level from a date. The row itself keeps today's value; this history keeps
    the values before, so flags and dashboards computed on a past day use the value then in
    force (``core.dated``). Written by ``core.dated`` when a declared field changes, never by
    hand: not audited on its own (the row's own audit record shows the edit)."""

    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    valid_from = models.DateField()
    value = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("dated value")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id", "field", "valid_from"], name="dated_value_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["model", "field", "object_id", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id}.{self.field} = {self.value} ({self.valid_from})"


def _forget_parameter_history(sender, instance, **kwargs):
    """A saved or deleted parameter row empties its cached history (``parameters.history``)."""
    from django.core.cache import cache

    cache.delete(f"policy-history:{instance.key}:{instance.scope}")


models.signals.post_save.connect(_forget_parameter_history, sender=PolicyParameter)
models.signals.post_delete.connect(_forget_parameter_history, sender=PolicyParameter)


class Notification(models.Model):
    """Something new waits for a user (issue 12): shown under the bell in the menu, listed on
    the notifications page, and sent by e-mail where the user has an address
    (``core.notifications``). Only its owner sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    #: The work queue (``core.workbench``) the notification is about.
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access = Access(owner="user", roles={"view": {OWN}, "change": {OWN}})

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title
