"""What the register adds to a person's page (``people.panels``) and so to a social worker's
own workbench (issue 12): their registration (status, number, valid until, days left, when
renewal opens) and their certificates with the PDF, as far as the viewer may see them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.core.permissions import can, can_any, restrict
from shegong.people.panels import Panel

from .choices import RegistrationStatus
from .models import Certificate, Registration
from .services import registrations as svc


def registration_status(request, person) -> Panel | None:
    user = request.user
    if not (can_any(user, "view", Registration) or can_any(user, "view", Certificate)):
        return None
    registrations = restrict(Registration.objects.filter(person=person), user)
    certificates = restrict(Certificate.objects.filter(person=person), user)
    current = registrations.order_by("-valid_until", "-pk").first()
    today = timezone.localdate()
    context = {"registration": current, "certificates": certificates.order_by("-issue_date")}
    if current is not None:
        live = current.status in (RegistrationStatus.REGISTERED, RegistrationStatus.SUSPENDED)
        opens = svc.renewal_window_opens(current) if live else None
        context.update(
            days_left=(current.valid_until - today).days if live else None,
            renewal_opens=opens,
            can_renew=bool(
                opens
                and opens <= today
                and person.user_id == user.pk
                and can(user, "view", current)
            ),
        )
    if current is None and not context["certificates"]:
        return None
    return Panel(
        "registration", _("Registration and certificates"), "registry/panel.html", context, order=5
    )
