"""Certificates (REG-2, REG-4): issue for a pass, one or in bulk; recall (收回); recall requests.

- A certificate is issued only for a result that passed and has no certificate yet.
- Its number is ``<level letter><exam year><serial, 6 digits>``, e.g. ``A2024000001``: the
  serial counts per level and exam year (``core.sequences``, gap-free: a refused or rolled-back
  issue gives its number back).
- The issuing body is the policy parameter ``registry.issuing_body`` in force on the issue date.
- Each certificate stores its signed QR payload (``Certificate.payload``, and the signature
  alone in ``signature``; ``registry.signing``): every PDF prints that payload, whatever
  the key in use later.
- Bulk issue is all-or-nothing: one refused result refuses the whole batch, with every reason.
- A recall closes the certificate's open recall requests as "recalled"; a request can also be
  rejected with a note. Every write goes through ``core.services`` and the audit trail.

Permissions: issuing needs ``add`` on Certificate, recalling ``change`` on the certificate,
deciding a request ``change`` on the request; all held by ``registry.models.ISSUERS``.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shegong.core import parameters, sequences, services, workflow
from shegong.core.jobs import job
from shegong.core.permissions import can_any, restrict
from shegong.core.spreadsheets import csv_writer

from .. import signing
from ..choices import LEVEL_CODE, CertificateStatus, RecallStatus, RegistrationStatus
from ..models import Certificate, ExamResult, RecallRequest
from ..parameters import ISSUING_BODY

#: The background job kind of a bulk issue (``core.jobs``).
BULK_JOB = "registry.issue_certificates"
#: Above this many certificates a bulk issue from the UI runs as a background job.
BULK_INLINE_LIMIT = 500


def counter_key(level: str, year: int) -> str:
    return f"registry.certificate:{level}:{year}"


def format_number(level: str, year: int, serial: int) -> str:
    return f"{LEVEL_CODE[level]}{year}{serial:06d}"


def eligible_results(user, session=None):
    """Passed results without a certificate that ``user`` may see (for choosers and bulk)."""
    queryset = ExamResult.objects.filter(passed=True, certificate__isnull=True)
    if session is not None:
        queryset = queryset.filter(session=session)
    if user is not None:
        queryset = restrict(queryset, user, "view")
    return queryset.select_related("session", "person").order_by("pk")


def _check_may_issue(actor) -> None:
    if actor is not None and not can_any(actor, "add", Certificate):
        raise PermissionDenied(_("You may not issue certificates."))


def _problems(actor, results: list[ExamResult]) -> list[str]:
    """Why each result may not get a certificate (empty when all may)."""
    problems = []
    seen = set()
    existing = dict(
        Certificate.objects.filter(exam_result__in=[r.pk for r in results]).values_list(
            "exam_result_id", "number"
        )
    )
    visible = None
    if actor is not None:
        visible = set(
            restrict(
                ExamResult.objects.filter(pk__in=[r.pk for r in results]), actor, "view"
            ).values_list("pk", flat=True)
        )
    for result in results:
        label = str(result)
        if result.pk in seen:
            problems.append(_("%(result)s is listed twice.") % {"result": label})
            continue
        seen.add(result.pk)
        if visible is not None and result.pk not in visible:
            problems.append(_("%(result)s is outside your area.") % {"result": label})
        elif not result.passed:
            problems.append(
                _("%(result)s did not pass; a certificate is issued only for a pass.")
                % {"result": label}
            )
        elif result.pk in existing:
            problems.append(
                _("%(result)s already has certificate %(number)s.")
                % {"result": label, "number": existing[result.pk]}
            )
    return problems


def _locked(results: Iterable[ExamResult]) -> list[ExamResult]:
    """The results re-read under a row lock, so two issuers cannot issue twice."""
    ids = list(dict.fromkeys(r.pk for r in results))
    rows = {
        r.pk: r
        for r in ExamResult.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("session", "person")
    }
    return [rows[pk] for pk in ids if pk in rows]


@transaction.atomic
def issue_certificates(
    actor,
    exam_results: Iterable[ExamResult],
    issue_date: date | None = None,
    reason: str = "",
    progress: Callable[[int, int], None] | None = None,
    *,
    in_bulk: bool = False,
) -> list[Certificate]:
    """Issue one certificate per result, all or none. Refuses (``ValidationError`` listing
    every problem) results that did not pass, already have a certificate or are out of scope.

    ``in_bulk``: the certificates are inserted in bulk and recorded in bulk audit records
    (``core.services.create_records_in_bulk``), as an import's rows: for thousands at once
    (the city demo). Otherwise one ``create_record`` each."""
    _check_may_issue(actor)
    requested = list(exam_results)
    if not requested:
        raise ValidationError(_("No examination results were chosen."), code="empty")
    results = _locked(requested)
    if len(results) != len({r.pk for r in requested}):
        raise ValidationError(_("Some examination results no longer exist."), code="missing")
    # Duplicates in the request are reported, not silently merged.
    by_pk = {r.pk: r for r in results}
    problems = _problems(actor, [by_pk[r.pk] for r in requested])
    if problems:
        raise ValidationError(problems, code="refused")
    issue_date = issue_date or timezone.localdate()
    if issue_date > timezone.localdate():
        raise ValidationError(
            {"issue_date": _("The issue date cannot be in the future.")}, code="future"
        )
    issuing_body = parameters.value(ISSUING_BODY, on=issue_date)

    # Reserve the numbers per level and exam year in one step each (gap-free, in order).
    groups: dict[tuple[str, int], list[ExamResult]] = defaultdict(list)
    for result in results:
        groups[(result.session.level, result.session.year)].append(result)
    numbers: dict[int, str] = {}
    for (level, year), members in sorted(groups.items()):
        serials = sequences.next_values(counter_key(level, year), len(members))
        for result, serial in zip(members, serials, strict=True):
            numbers[result.pk] = format_number(level, year, serial)

    if in_bulk:
        return _issue_in_bulk(actor, results, numbers, issue_date, issuing_body, reason)
    issued = []
    total = len(results)
    for done, result in enumerate(results, start=1):
        number = numbers[result.pk]
        payload = signing.sign(number, result.person.name, result.session.level, issue_date)
        certificate = services.create_record(
            actor,
            Certificate,
            {
                "number": number,
                "person": result.person,
                "level": result.session.level,
                "exam_result": result,
                "issue_date": issue_date,
                "issuing_body": issuing_body,
                "signature": payload.signature,
                "payload": str(payload),
            },
            reason,
        )
        issued.append(certificate)
        if progress is not None:
            progress(done, total)
    return issued


def _issue_in_bulk(actor, results, numbers, issue_date, issuing_body, reason) -> list:
    from shegong.areas.models import Area  # noqa: PLC0415 - only here

    areas = Area.objects.in_bulk({r.person.area_id for r in results} - {None})
    certificates = []
    for result in results:
        person = result.person
        person.area = areas.get(person.area_id)  # the audit record's area, without a query
        number = numbers[result.pk]
        payload = signing.sign(number, person.name, result.session.level, issue_date)
        certificates.append(
            Certificate(
                number=number,
                person=person,
                level=result.session.level,
                exam_result=result,
                issue_date=issue_date,
                issuing_body=issuing_body,
                signature=payload.signature,
                payload=str(payload),
            )
        )
    return services.create_records_in_bulk(actor, certificates, reason)


def issue_certificate(
    actor, exam_result: ExamResult, issue_date: date | None = None, reason: str = ""
) -> Certificate:
    """Issue the certificate for one passed result (see :func:`issue_certificates`)."""
    return issue_certificates(actor, [exam_result], issue_date, reason)[0]


# --- Recall --------------------------------------------------------------------------------


@transaction.atomic
def recall_certificate(
    actor,
    certificate: Certificate,
    reason: str,
    recalled_on: date | None = None,
    recall_request: RecallRequest | None = None,
) -> Certificate:
    """Recall (收回) a certificate with reason and date (REG-4). Closes the given open recall
    request (or, without one, every open request for the certificate) as "recalled", and
    cancels every live registration (registered or suspended) resting on the certificate
    through the register's own ``registrations.cancel``, with the recall as its reason
    (issue 12, defect 5: only a certificate holder can be registered)."""
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    services.ensure_allowed(actor, "change", current)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"recall_reason": _("Give the reason for the recall.")})
    if current.status == CertificateStatus.RECALLED:
        raise ValidationError(
            _("Certificate %(number)s was already recalled on %(date)s.")
            % {"number": current.number, "date": current.recalled_on},
            code="already_recalled",
        )
    recalled_on = recalled_on or timezone.localdate()
    if recalled_on > timezone.localdate():
        raise ValidationError({"recalled_on": _("The recall date cannot be in the future.")})
    if recalled_on < current.issue_date:
        raise ValidationError(
            {"recalled_on": _("The recall date is before the certificate was issued.")}
        )
    if recall_request is not None:
        if recall_request.certificate_id != current.pk:
            raise ValidationError(_("The recall request is about another certificate."))
        if recall_request.status != RecallStatus.OPEN:
            raise ValidationError(_("The recall request has already been decided."))
        requests = [recall_request]
    else:
        requests = list(current.recall_requests.filter(status=RecallStatus.OPEN))
    for request in requests:  # the recall decides them: not by who asked for it
        workflow.guard(actor, request, "recall")
    updated = services.update_record(
        actor,
        current,
        {
            "status": CertificateStatus.RECALLED,
            "recalled_on": recalled_on,
            "recall_reason": reason,
        },
        reason,
    )
    for request in requests:
        services.update_record(
            actor,
            request,
            {
                "status": RecallStatus.RECALLED,
                "decided_on": recalled_on,
                "decision_note": reason,
            },
            reason,
        )
    _cancel_registrations(actor, updated, reason)
    return updated


def _cancel_registrations(actor, certificate: Certificate, reason: str) -> None:
    from . import registrations  # the register's workflow sits above the certificates

    live = certificate.registrations.filter(
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED]
    ).order_by("pk")
    because = _("Certificate %(number)s recalled: %(reason)s") % {
        "number": certificate.number,
        "reason": reason,
    }
    for registration in live:
        # A consequence of the recall the issuer may make, as the recall request is of a
        # cancellation: the issuer need not be a registrar.
        registrations.cancel(actor, registration, reason=because, consequence=True)


@transaction.atomic
@workflow.decision(RecallRequest, "recall")
def recall_on_request(
    actor, request: RecallRequest, reason: str, recalled_on: date | None = None
) -> Certificate:
    """Decide an open recall request by recalling its certificate (:func:`recall_certificate`)."""
    return recall_certificate(
        actor, request.certificate, reason, recalled_on, recall_request=request
    )


@transaction.atomic
@workflow.decision(RecallRequest, "reject")
def reject_recall_request(actor, request: RecallRequest, note: str) -> RecallRequest:
    """Decide an open recall request by not recalling; the note says why."""
    current = RecallRequest.objects.select_for_update().get(pk=request.pk)
    services.ensure_allowed(actor, "change", current)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"decision_note": _("Say why the request is rejected.")})
    if current.status != RecallStatus.OPEN:
        raise ValidationError(_("The recall request has already been decided."))
    return services.update_record(
        actor,
        current,
        {
            "status": RecallStatus.REJECTED,
            "decided_on": timezone.localdate(),
            "decision_note": note,
        },
        note,
    )


# --- The bulk job ----------------------------------------------------------------------------


def issued_csv(certificates: list[Certificate]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            _("certificate number"),
            pgettext("person", "name"),
            pgettext("qualification", "level"),
            _("issue date"),
        ]
    )
    for cert in certificates:
        writer.writerow(
            [cert.number, cert.person.name, cert.get_level_display(), cert.issue_date.isoformat()]
        )
    return ("\ufeff" + out.getvalue()).encode()


@job(BULK_JOB)
def issue_session_job(runner, session: int, issue_date: str = "", reason: str = ""):
    """Issue every eligible result of a session the job's user may see; the result file lists
    the numbers issued (CSV)."""
    results = list(eligible_results(runner.user).filter(session_id=session))
    runner.progress(0, len(results), force=True)
    issued = issue_certificates(
        runner.user,
        results,
        date.fromisoformat(issue_date) if issue_date else None,
        reason,
        progress=runner.progress,
    )
    return f"certificates-session-{session}.csv", issued_csv(issued)


# --- A revoked signing key ------------------------------------------------------------------


@transaction.atomic
def resign_revoked(actor, kid: str, reason: str) -> int:
    """Sign again, with the current key, every certificate whose stored payload was signed by
    the revoked key ``kid`` (``signing.revoke``): the same values as issued (number, the name
    on the certificate, level, date), a new signature. The certificates' PDFs then carry a QR
    code that verifies; the printed ones signed with the revoked key are refused online with
    the revocation's date and reason. One audit record per certificate (before and after),
    appended in bulk (``core.services.update_records_in_bulk``). Returns how many."""
    prefix = f"{signing.VERSION}{signing.SEPARATOR}{kid}{signing.SEPARATOR}"
    affected = list(
        Certificate.objects.filter(payload__startswith=prefix).select_related("person__area")
    )

    def sign_again(certificate):
        old = signing.parse(certificate.payload)
        new = signing.sign(old.number, old.name, old.level, old.issue_date)
        certificate.payload, certificate.signature = str(new), new.signature

    return services.update_records_in_bulk(
        actor, affected, sign_again, ["payload", "signature"], reason
    )
