"""Public verification pages (REG-5): ``/verify/<code>/`` for a certificate number or a
register number, and the published signing keys (current and retired, also as the JSON key set
``/verify/keys.json``) with how to check a certificate offline.

Only public facts are shown: name, level, number, status, dates, issuing body; for a register
entry also the current organisation and the sanctions in force. Never the national ID number,
birth date, phone or address. With ``?p=<payload>`` (the QR code of a certificate) the
payload's Ed25519 signature is checked against the published keys and compared with the
register.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shegong.core.permissions import restrict
from shegong.registry import signing
from shegong.registry.choices import CertificateStatus, RegistrationStatus
from shegong.registry.models import Certificate, ConductCase, Registration
from shegong.registry.queries import sanction_in_force_q

from ..ratelimit import ratelimit

#: Sent with every verification page: the register is public, but not for search engines.
NOINDEX = "noindex, nofollow"


def _find_certificate(code: str) -> Certificate | None:
    # Certificates have no public policy of their own: this page is the public view of one
    # certificate, found by its exact number, and shows only the fields below.
    queryset = Certificate.objects.select_related("person").only(
        "number",
        "level",
        "issue_date",
        "issuing_body",
        "status",
        "recalled_on",
        "person",
        "person__name",
    )
    return queryset.filter(number=code).first() or queryset.filter(number=code.upper()).first()


def _find_registration(code: str) -> Registration | None:
    # The page is public: every visitor, signed in or not, sees what the public may see.
    queryset = restrict(Registration.objects.all(), AnonymousUser(), "view")
    queryset = queryset.select_related("person", "person__organisation").only(
        "register_number",
        "level",
        "status",
        "valid_from",
        "valid_until",
        "status_changed_on",
        "suspended_until",
        "person",
        "person__name",
        "person__organisation",
        "person__organisation__name",
    )
    return (
        queryset.filter(register_number=code).first()
        or queryset.filter(register_number=code.upper()).first()
    )


def _signature_check(payload_text: str, certificate: Certificate | None) -> dict:
    """The outcome of checking a QR payload: signed by a published key or not, and whether it
    matches the register. A certificate keeps the name it was issued with: when only the name
    differs from the register's current one, the payload is genuine and this is said."""
    try:
        checked = signing.check(payload_text)
    except signing.PayloadError as exc:
        if exc.code == "revoked_key":
            revoked = signing.revocations()[exc.kid]
            message = _(
                "The signature cannot be trusted: this QR code was signed with key %(kid)s, "
                "which was revoked on %(date)s (%(reason)s). The register's details below are "
                "what counts; ask the holder for a new print of the certificate."
            ) % {"kid": exc.kid, "date": revoked.revoked_on, "reason": revoked.reason}
        elif exc.code == "unknown_key":
            message = _(
                "The signature is not valid: this QR code names signing key %(kid)s, which "
                "this register does not publish."
            ) % {"kid": exc.kid}
        else:
            message = _(
                "The signature is not valid: this QR code was not issued with this "
                "register's key, or it was altered."
            )
        return {"valid": False, "message": message}
    except (OSError, ValueError, TypeError):
        # A broken key file on the server is not the scanner's fault: say it plainly.
        return {
            "valid": False,
            "message": _("The signature could not be checked now. Try again later."),
        }
    payload = checked.payload
    same_certificate = certificate is not None and (
        payload.number == certificate.number
        and payload.level == certificate.level
        and payload.issue_date == certificate.issue_date
    )
    name_differs = same_certificate and payload.name != certificate.person.name
    if same_certificate and not name_differs:
        message = _("The signature is valid and matches the register.")
    elif name_differs:
        message = _(
            "The signature is valid and matches the register, but the name on the certificate "
            "(%(name)s) differs from the register's current name."
        ) % {"name": payload.name}
    else:
        message = _("The signature is valid, but its details differ from the register.")
    published = {k.kid: k for k in signing.published_keys()}
    key = published.get(checked.kid)
    return {
        "valid": True,
        "matches": same_certificate and not name_differs,
        "name_differs": name_differs,
        "message": message,
        "kid": checked.kid,
        "retired": key is not None and not key.current,
    }


def registration_status(registration: Registration, today) -> tuple[str, str]:
    """The status shown to the public: a registration past its end is expired."""
    status = registration.status
    if status == RegistrationStatus.REGISTERED and registration.valid_until < today:
        status = RegistrationStatus.EXPIRED
    return status, RegistrationStatus(status).label


@never_cache
@ratelimit("verify_page")
def verify(request, code: str):
    code = code.strip()
    today = timezone.localdate()
    certificate = _find_certificate(code)
    context = {"code": code, "title": _("Verification"), "today": today}
    if certificate is not None:
        context.update(
            kind="certificate",
            certificate=certificate,
            recalled=certificate.status == CertificateStatus.RECALLED,
        )
        if request.GET.get("p"):
            context["check"] = _signature_check(request.GET["p"], certificate)
            # Issue 12, defect 3: a QR code whose signature fails confirms nothing, so the page
            # shows no "valid" status under the failure, only the register's record to compare.
            # Nor does a genuine signature over other details (another level, number or date):
            # the paper in the scanner's hand is not the certificate the register holds.
            check = context["check"]
            context["untrusted"] = not check["valid"] or not (
                check["matches"] or check["name_differs"]
            )
        template = "portal/verify/certificate.html"
    else:
        registration = _find_registration(code)
        if registration is None:
            context["check"] = (
                _signature_check(request.GET["p"], None) if request.GET.get("p") else None
            )
            response = render(request, "portal/verify/not_found.html", context, status=404)
            response["X-Robots-Tag"] = NOINDEX
            return response
        status, status_label = registration_status(registration, today)
        sanctions = (
            ConductCase.objects.filter(sanction_in_force_q(today), person=registration.person)
            .only("sanction", "sanction_from", "sanction_until")
            .order_by("sanction_from")
        )
        context.update(
            kind="registration",
            registration=registration,
            status=status,
            status_label=status_label,
            organisation=registration.person.organisation,
            sanctions=sanctions,
        )
        template = "portal/verify/registration.html"
    response = render(request, template, context)
    response["X-Robots-Tag"] = NOINDEX
    return response


def public_key(request):
    """Every published key that checks certificate QR codes (the current one and the retired
    ones), the revoked keys (no longer trusted), and how to check a certificate offline."""
    keys = signing.published_keys()
    return render(
        request,
        "portal/verify/public_key.html",
        {
            "title": _("Certificate signing keys"),
            "keys": keys,
            "revoked": sorted(signing.revocations().values(), key=lambda r: r.revoked_on),
            "current": keys[0],
            "version": signing.VERSION,
            "version_1": signing.VERSION_1,
        },
    )


def public_key_pem(request):
    """The current public key as a PEM file."""
    response = HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="shegong-certificates.pem"'
    return response


def key_set(request):
    """The published keys as JSON, for offline verifiers: key id → raw public key (base64),
    the current key first."""
    response = JsonResponse(signing.key_set(), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'inline; filename="keys.json"'
    response["Access-Control-Allow-Origin"] = "*"  # public keys, read by verifier web apps
    return response


urlpatterns = [
    # The key pages first: "key" is never a certificate or register number.
    path("verify/key/", public_key, name="public_key"),
    path("verify/key.pem", public_key_pem, name="public_key_pem"),
    path("verify/keys.json", key_set, name="key_set"),
    path("verify/<str:code>/", verify, name="verify"),
]
