"""Masking of private personal data: the function itself, and everywhere a list shows it."""

from __future__ import annotations

import string

from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from shegong.core.privacy import MASK, is_private, mask
from shegong.core.testing import factories

# Values never contain the mask character, so a "*" in the output is always a hidden one.
VALUE_CHARS = string.ascii_letters + string.digits + "-+ ()#丁三四五六七八九十路号"
values = st.text(alphabet=VALUE_CHARS, min_size=1, max_size=40)


@given(values)
def test_length_is_preserved(value):
    assert len(mask(value)) == len(value)


@given(values)
@example("1")
@example("1234567")
def test_something_is_always_hidden(value):
    """Every value longer than one character has at least one character hidden."""
    masked = mask(value)
    if len(value) > 1:
        assert masked != value
        assert MASK in masked


@given(values.filter(lambda v: len(v) >= 8))
@example("13812345678")
@example("075512345678")
def test_long_values_keep_their_last_four(value):
    assert mask(value)[-4:] == value[-4:]


@given(values)
def test_shown_characters_are_the_values_own_and_in_place(value):
    masked = mask(value)
    for shown, original in zip(masked, value, strict=True):
        assert shown in (MASK, original)


@given(values.filter(lambda v: len(v) >= 8))
def test_the_middle_is_never_revealed(value):
    """Between the kept prefix (at most 6) and the last four, every character is hidden."""
    n = len(value)
    masked = mask(value)
    prefix = 6 if n >= 15 else 3
    assert masked[prefix : n - 4] == MASK * (n - 4 - prefix)
    assert masked[:prefix] == value[:prefix]


@given(values.filter(lambda v: len(v) < 8))
def test_short_values_show_at_most_their_first_character(value):
    masked = mask(value)
    assert masked[0] == value[0]
    assert masked[1:] == MASK * (len(value) - 1)


@given(st.integers(min_value=10_000_000, max_value=10**18))
def test_numbers_are_masked_like_their_text(number):
    assert mask(number) == mask(str(number))


def test_known_examples():
    assert mask("13812345678") == "138****5678"
    assert mask("44030419900101123X") == "440304********123X"
    assert mask("12345678") == "123*5678"
    assert mask("张三") == "张*"
    assert mask(None) == ""
    assert mask("") == ""


def test_private_fields_are_declared_on_the_model():
    from shegong.accounts.models import User

    assert is_private(User, "phone")
    assert not is_private(User, "username")


# --- Where people see it -------------------------------------------------------------------------


def test_user_list_shows_masked_phones(admin_client, tree):
    factories.user("withphone", home=tree["futian"], phone="13812345678")
    response = admin_client.get(reverse("accounts:user_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "138****5678" in body
    assert "13812345678" not in body


def test_user_list_partial_shows_masked_phones(admin_client, tree):
    factories.user("withphone", home=tree["futian"], phone="13812345678")
    response = admin_client.get(reverse("accounts:user_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "138****5678" in body
    assert "13812345678" not in body


def test_api_list_shows_masked_phones(admin_client, tree):
    factories.user("withphone", home=tree["futian"], phone="13812345678")
    data = admin_client.get("/api/v1/users/", {"q": "withphone"}).json()["results"]
    assert [u["phone"] for u in data] == ["138****5678"]


def test_api_detail_is_masked_for_a_role_without_view_private(client, tree):
    officer = factories.user("cityofficer", role="city_officer", scope=tree["city"])
    user = factories.user("withphone", home=tree["futian"], phone="13812345678")
    client.force_login(officer)
    response = client.get(f"/api/v1/users/{user.pk}/")
    assert response.status_code == 200
    assert response.json()["phone"] == "138****5678"


def test_history_tab_masks_private_changes_for_a_role_without_view_private(client, tree):
    from shegong.core import services

    officer = factories.user("cityofficer", role="city_officer", scope=tree["city"])
    user = factories.user("withphone", home=tree["futian"], phone="13812345678")
    services.update_record(None, user, {"phone": "13987654321"})
    client.force_login(officer)
    response = client.get(reverse("accounts:user_detail", args=[user.pk]) + "?tab=history")
    body = response.content.decode()
    assert response.status_code == 200
    assert "13812345678" not in body and "13987654321" not in body
    assert "139****4321" in body
