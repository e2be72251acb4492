import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import (
    Certificate,
    CodeOfConduct,
    ConductCase,
    ExamResult,
    ExamSession,
    Registration,
    RegistrationApplication,
)


@register_table
class ExamResultTable(RecordTable):
    related = ("session", "person")
    person = tables.Column(linkify=True)
    detail = tables.Column(
        verbose_name=_("record"),
        accessor="pk",
        linkify=True,
        orderable=False,
        exclude_from_export=True,
    )

    class Meta(RecordTable.Meta):
        model = ExamResult
        fields = ("person", "session", "score", "passed", "detail")


@register_table
class CertificateTable(RecordTable):
    related = ("person",)
    number = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Certificate
        fields = ("number", "person", "level", "issue_date", "issuing_body", "status")


@register_table
class RegistrationTable(RecordTable):
    related = ("person", "person__area", "person__organisation")
    register_number = tables.Column(linkify=True)
    district = tables.Column(verbose_name=_("district"), accessor="person__area")
    organisation = tables.Column(verbose_name=_("organisation"), accessor="person__organisation")

    class Meta(RecordTable.Meta):
        model = Registration
        fields = (
            "register_number",
            "person",
            "level",
            "status",
            "valid_from",
            "valid_until",
            "district",
            "organisation",
        )


@register_table
class RegistrationApplicationTable(RecordTable):
    related = ("person", "organisation")
    id = tables.Column(verbose_name=_("application"), linkify=True)

    class Meta(RecordTable.Meta):
        model = RegistrationApplication
        fields = ("id", "person", "kind", "status", "organisation", "submitted_at", "decided_at")


@register_table
class ConductCaseTable(RecordTable):
    related = ("person",)
    number = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = ConductCase
        fields = ("number", "person", "source", "stage", "sanction", "sanction_until")


@register_table
class ExamSessionTable(RecordTable):
    year = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = ExamSession
        fields = ("year", "level", "exam_date")


@register_table
class CodeOfConductTable(RecordTable):
    version = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CodeOfConduct
        fields = ("version", "title", "effective_from")
