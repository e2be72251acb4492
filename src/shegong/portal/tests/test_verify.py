"""Public verification pages (REG-5): certificates and register numbers, the signed QR payload,
the published key; never private data."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shegong.core import services
from shegong.core.testing import factories
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry import signing
from shegong.registry.models import ConductCase, ExamResult, ExamSession, Registration
from shegong.registry.services import certificates as service

TODAY = timezone.localdate()
EN = {"accept-language": "en"}
NATIONAL_ID = "44030419850203123" + check_digit("44030419850203123")
PHONE = "13912345678"
ADDRESS = "深圳市福田区园岭街道百花二路8号"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, monkeypatch):
    monkeypatch.delenv(signing.KEY_FILE_ENV, raising=False)
    monkeypatch.delenv(signing.RETIRED_DIR_ENV, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.PUBLIC_URL = "https://shegong.example.gov.cn"
    settings.PUBLIC_REGISTER_RATE = "1000/minute"
    cache.clear()


@pytest.fixture
def issuer(tree):
    return factories.user("issuer", role="certificate_issuer", scope=tree["city"])


@pytest.fixture
def organisation(tree):
    return factories.organisation(tree["futian"], "福田阳光社工服务中心")


@pytest.fixture
def person(tree, organisation):
    return services.create_record(
        None,
        Person,
        {
            "national_id": NATIONAL_ID,
            "name": "陈静",
            "area": tree["futian"],
            "organisation": organisation,
            "phone": PHONE,
            "address": ADDRESS,
            "email": "chenjing@example.com",
        },
    )


@pytest.fixture
def cert(issuer, person):
    session = services.create_record(
        None, ExamSession, {"year": TODAY.year - 1, "level": "intermediate"}
    )
    result = services.create_record(
        None, ExamResult, {"session": session, "person": person, "passed": True}
    )
    return service.issue_certificate(issuer, result)


def registration(person, cert, **changes) -> Registration:
    data = {
        "register_number": "SZ2025000123",
        "person": person,
        "certificate": cert,
        "level": cert.level,
        "valid_from": TODAY - timedelta(days=30),
        "valid_until": TODAY + timedelta(days=335),
        **changes,
    }
    return services.create_record(None, Registration, data)


def assert_no_private_data(body: str) -> None:
    for private in (
        NATIONAL_ID,
        NATIONAL_ID[-4:] + "<",  # not even masked fragments next to markup
        "1985-02-03",
        "1985年2月3日",
        "February 3, 1985",
        PHONE,
        PHONE[-4:],
        ADDRESS,
        "百花二路",
        "chenjing@example.com",
    ):
        assert private not in body, private


def test_valid_certificate_page_shows_public_facts_only(client, cert):
    response = client.get(reverse("portal:verify", args=[cert.number]), headers=EN)
    assert response.status_code == 200
    body = response.content.decode()
    for expected in ("陈静", "Social Worker", cert.number, "Valid", "深圳市人事局"):
        assert expected in body
    assert "Recalled" not in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert_no_private_data(body)


def test_recalled_certificate_verifies_as_recalled(client, cert, issuer):
    service.recall_certificate(issuer, cert, "严重违反社工守则", TODAY)
    response = client.get(reverse("portal:verify", args=[cert.number]), headers=EN)
    body = response.content.decode()
    assert "Recalled" in body
    assert f"recalled (收回) on {TODAY.isoformat()}" in body
    assert "严重违反社工守则" not in body  # the reason is not public
    assert_no_private_data(body)


def test_signed_payload_is_checked(client, cert):
    payload = str(signing.sign_certificate(cert))
    url = reverse("portal:verify", args=[cert.number])
    good = client.get(f"{url}?p={quote(payload, safe='')}", headers=EN).content.decode()
    assert "The signature is valid and matches the register." in good
    forged = payload.replace("陈静", "陈晶")
    bad = client.get(url, {"p": forged}, headers=EN).content.decode()
    assert "The signature is not valid" in bad
    # The QR code's own URL, as printed.
    printed = signing.verification_url(signing.sign_certificate(cert))
    path = printed.removeprefix("https://shegong.example.gov.cn")
    assert "matches the register" in client.get(path, headers=EN).content.decode()


@pytest.mark.parametrize(
    ("language", "failure", "valid_words"),
    [
        ("zh-hans", "签名无效", ("有效", "颁发且未被收回")),
        ("en", "The signature is not valid", ("Valid", "has not been recalled")),
    ],
)
def test_a_tampered_qr_code_shows_nothing_that_reads_as_valid(
    client, cert, language, failure, valid_words
):
    """Issue 12, defect 3: under "签名无效" the page showed a green "有效 — 此证书由人事部门
    颁发". A failed signature confirms nothing: no valid badge, no green, no "valid" status."""
    url = reverse("portal:verify", args=[cert.number])
    tampered = cert.payload.replace("陈静", "陈晶")
    response = client.get(url, {"p": tampered}, headers={"accept-language": language})
    body = response.content.decode()
    assert failure in body
    main = body.split('id="verify-status"', 1)[1].split("</main>", 1)[0]
    for words in valid_words:
        assert words not in main, words
    assert "alert-success" not in body
    assert "text-success" not in body
    assert cert.number in main  # the register's record for the number is still there


def test_printed_payload_of_an_old_certificate_verifies_after_a_rotation(client, cert):
    old_kid = signing.key_id()
    call_command("rotate_signing_key", stdout=StringIO())
    url = reverse("portal:verify", args=[cert.number])
    body = client.get(url, {"p": cert.payload}, headers=EN).content.decode()
    assert "The signature is valid and matches the register." in body
    assert f"Signed with the retired key {old_kid}." in body
    tampered = client.get(url, {"p": cert.payload.replace("陈静", "陈晶")}, headers=EN)
    assert "The signature is not valid" in tampered.content.decode()
    fresh = str(signing.sign_certificate(cert))
    body = client.get(url, {"p": fresh}, headers=EN).content.decode()
    assert f"Signed with the current key {signing.key_id()}." in body


def test_a_qr_code_signed_with_a_revoked_key_is_refused_and_the_key_page_says_so(client, cert):
    old_kid = signing.key_id()
    call_command("rotate_signing_key", stdout=StringIO())
    printed = cert.payload
    call_command("revoke_signing_key", old_kid, "--reason", "私钥泄露", stdout=StringIO())
    url = reverse("portal:verify", args=[cert.number])
    body = client.get(url, {"p": printed}, headers=EN).content.decode()
    assert f"signed with key {old_kid}, which was revoked on" in body and "私钥泄露" in body
    assert "alert-danger" in body and "ask the holder for a new print" in body
    cert.refresh_from_db()  # signed again: the new print verifies
    fresh = client.get(url, {"p": cert.payload}, headers=EN).content.decode()
    assert "The signature is valid and matches the register." in fresh
    keys = client.get(reverse("portal:public_key"), headers=EN).content.decode()
    assert f'id="revoked-{old_kid}"' in keys and f'id="key-{old_kid}"' not in keys
    assert old_kid not in client.get(reverse("portal:key_set")).json()


def test_unknown_key_id_is_named(client, cert):
    fields = cert.payload.split("|")
    fields[1] = "0badc0de"
    url = reverse("portal:verify", args=[cert.number])
    body = client.get(url, {"p": "|".join(fields)}, headers=EN).content.decode()
    assert "names signing key 0badc0de, which this register does not publish" in body
    assert "alert-danger" in body


def test_a_changed_name_is_not_a_forgery(client, cert, issuer):
    services.update_record(issuer, cert.person, {"name": "陈晶"}, "更正姓名")
    url = reverse("portal:verify", args=[cert.number])
    body = client.get(url, {"p": cert.payload}, headers=EN).content.decode()
    assert "The signature is valid and matches the register, but the name on the" in body
    assert "(陈静) differs from the register&#x27;s current name." in body
    assert "The signature is not valid" not in body


def test_valid_signature_with_other_details_is_flagged(client, cert):
    other = signing.sign(cert.number, "陈静", "senior", cert.issue_date)
    url = reverse("portal:verify", args=[cert.number])
    body = client.get(url, {"p": str(other)}, headers=EN).content.decode()
    assert "differ from the register" in body
    # The paper does not match the register: nothing under the warning reads as valid.
    main = body.split('id="verify-status"', 1)[1].split("</main>", 1)[0]
    assert "Not confirmed" in main
    assert "Valid" not in main and "has not been recalled" not in main
    assert "alert-success" not in body


def test_registration_page(client, person, cert, organisation):
    reg = registration(person, cert)
    response = client.get(reverse("portal:verify", args=[reg.register_number]), headers=EN)
    assert response.status_code == 200
    body = response.content.decode()
    for expected in (
        "陈静",
        "Social Worker",
        reg.register_number,
        "Registered",
        reg.valid_until.isoformat(),
        "福田阳光社工服务中心",
    ):
        assert expected in body
    assert_no_private_data(body)


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"status": "suspended", "suspended_until": TODAY + timedelta(days=60)}, "Suspended"),
        ({"status": "cancelled"}, "Cancelled"),
        ({"status": "expired"}, "Expired"),
        (
            {"valid_from": TODAY - timedelta(days=400), "valid_until": TODAY - timedelta(days=35)},
            "Expired",
        ),
    ],
)
def test_registration_statuses(client, person, cert, changes, label):
    reg = registration(person, cert, **changes)
    body = client.get(reverse("portal:verify", args=[reg.register_number]), headers=EN)
    assert f"<strong>{label}</strong>" in body.content.decode()


def test_sanctions_in_force_are_shown(client, person, cert):
    reg = registration(person, cert)
    common = {"person": person, "registration": reg, "source": "public", "stage": "decided"}
    services.create_record(
        None,
        ConductCase,
        {
            **common,
            "number": "C1",
            "summary": "投诉内容保密",
            "complainant_name": "投诉人甲",
            "sanction": "warning",
            "sanction_from": TODAY - timedelta(days=5),
            "sanction_until": TODAY + timedelta(days=100),
        },
    )
    services.create_record(
        None,
        ConductCase,
        {
            **common,
            "number": "C2",
            "summary": "早已结束",
            "sanction": "conditions",
            "sanction_from": date(2020, 1, 1),
            "sanction_until": date(2020, 12, 31),
        },
    )
    body = client.get(
        reverse("portal:verify", args=[reg.register_number]), headers=EN
    ).content.decode()
    assert "Warning" in body
    assert "Conditions" not in body
    for secret in ("投诉内容保密", "投诉人甲", "早已结束"):
        assert secret not in body
    assert_no_private_data(body)


def test_unknown_number_is_404(client, db):
    response = client.get(reverse("portal:verify", args=["A2020999999"]), headers=EN)
    assert response.status_code == 404
    assert "No certificate or registration has the number A2020999999" in (
        response.content.decode()
    )


def test_lower_case_number_is_found(client, cert):
    response = client.get(reverse("portal:verify", args=[cert.number.lower()]))
    assert response.status_code == 200


def test_signed_in_users_see_the_same_public_page(client, cert, issuer):
    client.force_login(issuer)
    body = client.get(reverse("portal:verify", args=[cert.number])).content.decode()
    assert_no_private_data(body)


def test_public_key_page(client, db):
    response = client.get(reverse("portal:public_key"), headers=EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert signing.public_key_pem().strip() in body
    assert signing.public_key_raw_base64() in body
    assert "verify_certificate_payload" in body
    assert reverse("portal:key_set") in body
    pem = client.get(reverse("portal:public_key_pem"))
    assert pem.content.decode() == signing.public_key_pem()
    assert signing.load_public_key(pem.content.decode()) is not None


def test_public_key_page_and_key_set_list_every_published_key(client, db):
    old_pem, old_raw, old_kid = (
        signing.public_key_pem(),
        signing.public_key_raw_base64(),
        signing.key_id(),
    )
    call_command("rotate_signing_key", stdout=StringIO())
    new_kid = signing.key_id()
    body = client.get(reverse("portal:public_key"), headers=EN).content.decode()
    for kid, pem, status in (
        (new_kid, signing.public_key_pem(), "current"),
        (old_kid, old_pem, "retired"),
    ):
        start = body.index(f'id="key-{kid}"')
        card = body[start : body.index("</dl>", start)]
        assert pem.strip() in card
        assert f">{status}</span>" in card
    assert body.index(f'id="key-{new_kid}"') < body.index(f'id="key-{old_kid}"')
    assert signing.fingerprint(signing.load_public_key(old_pem)) in body
    # The JSON key set: key id -> raw public key, current first.
    response = client.get(reverse("portal:key_set"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    keys = response.json()
    assert list(keys) == [new_kid, old_kid]
    assert keys == {new_kid: signing.public_key_raw_base64(), old_kid: old_raw}
    assert [signing.key_id(k) for k in signing.load_key_set(response.content.decode())] == [
        new_kid,
        old_kid,
    ]
    # /verify/key.pem stays the current key.
    assert client.get(reverse("portal:public_key_pem")).content.decode() == (
        signing.public_key_pem()
    )


def test_verify_page_is_rate_limited(client, settings, cert):
    settings.PUBLIC_REGISTER_RATE = "2/minute"
    url = reverse("portal:verify", args=[cert.number])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
