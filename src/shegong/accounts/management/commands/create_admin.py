"""``shegong create_admin --username NAME --area CODE [--last-name …] [--first-name …]
[--email …] [--base-url https://…]`` (issue 12, defect 11).

The first administrator of a new installation. The platform has no superusers: this creates a
user with a ``city_admin`` membership over the area ``CODE`` (the city, e.g. ``4403``), without
a password, and starts a password reset through ``accounts.services.start_password_reset``: it
prints a one-time link where the person chooses their own password (or e-mails it, when
``--email`` is given and mail is configured). Every step is audited with the system as actor.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shegong.accounts import services
from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.roles import Role

REASON = "first administrator (shegong create_admin)"


class Command(BaseCommand):
    help = "Create a city administrator (no superuser) and print a one-time password link."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--area", required=True, help="code of the city, e.g. 4403")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--email", default="", help="e-mail the link instead of printing it")
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's address, e.g. https://shegong.example.gov.cn (for the link)",
        )

    def handle(self, *args, username, area, last_name, first_name, email, base_url, **options):
        place = Area.objects.filter(code=area).first()
        if place is None:
            raise CommandError(f"No area with the code {area!r} (e.g. 4403 for the city).")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already.")
        data = {
            "username": username,
            "last_name": last_name,
            "first_name": first_name,
            "email": email,
            "area": place,
        }
        try:
            with transaction.atomic():
                user = services.create_user(None, data, None, REASON)
                services.create_membership(
                    None, None, {"user": user, "role": Role.CITY_ADMIN, "area": place}, REASON
                )
                started = services.start_password_reset(
                    None, user, REASON, absolute=lambda path: base_url.rstrip("/") + path
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {username}: city administrator of {place} ({place.code}).")
        if started.link:
            self.stdout.write(
                "One-time link to choose the password (works once, then expires):\n" + started.link
            )
        else:
            self.stdout.write(f"The link to choose the password was e-mailed to {started.email}.")
