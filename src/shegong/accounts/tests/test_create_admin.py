"""``shegong create_admin`` (issue 12, defect 11): the first city administrator of a new
installation, without a superuser and without a password anyone but the person knows."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shegong.accounts.models import User


def test_creates_a_city_administrator_with_a_one_time_link(tree, client):
    out = StringIO()
    call_command(
        "create_admin",
        "--username",
        "chief",
        "--area",
        "4403",
        "--last-name",
        "王",
        "--first-name",
        "芳",
        "--base-url",
        "https://shegong.example.org/",
        stdout=out,
    )
    user = User.objects.get(username="chief")
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert [(m.role, m.area.code) for m in user.memberships.all()] == [("city_admin", "4403")]
    link = re.search(r"https://shegong\.example\.org(/\S+)", out.getvalue())
    assert link is not None, out.getvalue()
    assert client.get(link.group(1), follow=True).status_code == 200


def test_refuses_an_unknown_area_or_a_taken_name(tree):
    with pytest.raises(CommandError, match="No area with the code '9999'"):
        call_command("create_admin", "--username", "chief", "--area", "9999", stdout=StringIO())
    call_command("create_admin", "--username", "chief", "--area", "4403", stdout=StringIO())
    with pytest.raises(CommandError, match="A user named 'chief' exists already"):
        call_command("create_admin", "--username", "chief", "--area", "4403", stdout=StringIO())
    assert User.objects.filter(username="chief").count() == 1
