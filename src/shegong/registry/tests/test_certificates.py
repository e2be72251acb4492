"""Certificates (REG-2, REG-4): issue, numbering, signing, PDF, recall, permissions, API."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import stat
import subprocess
import zlib
from datetime import date, timedelta
from io import StringIO
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from shegong.core import audit, services
from shegong.core.models import AuditRecord, Counter, Job, JobStatus, PolicyParameter
from shegong.core.testing import factories
from shegong.core.testing.tools import require_tool
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry import pdf, signing
from shegong.registry.choices import CertificateStatus, RecallStatus
from shegong.registry.models import Certificate, ExamResult, ExamSession, RecallRequest
from shegong.registry.parameters import ISSUING_BODY
from shegong.registry.services import certificates as service

_ids = count(1)
TODAY = timezone.localdate()
YEAR = TODAY.year - 1


def national_id() -> str:
    first17 = f"440304198{next(_ids) % 10}0101{next(_ids) % 1000:03d}"
    return first17 + check_digit(first17)


def make_person(area, name="张三", user=None, **extra) -> Person:
    data = {"national_id": national_id(), "name": name, "area": area, "user": user, **extra}
    while Person.objects.filter(national_id=data["national_id"]).exists():
        data["national_id"] = national_id()
    return services.create_record(None, Person, data)


def make_session(year=YEAR, level="assistant") -> ExamSession:
    existing = ExamSession.objects.filter(year=year, level=level).first()
    return existing or services.create_record(
        None, ExamSession, {"year": year, "level": level, "exam_date": date(year, 6, 15)}
    )


def make_result(person, session=None, passed=True) -> ExamResult:
    return services.create_record(
        None,
        ExamResult,
        {
            "session": session or make_session(),
            "person": person,
            "passed": passed,
            "score": 75 if passed else 40,
        },
    )


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path, monkeypatch):
    monkeypatch.delenv(signing.KEY_FILE_ENV, raising=False)
    monkeypatch.delenv(signing.RETIRED_DIR_ENV, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.PUBLIC_URL = "https://shegong.example.gov.cn"


@pytest.fixture
def issuer(tree):
    return factories.user("issuer", role="certificate_issuer", scope=tree["city"])


@pytest.fixture
def futian_issuer(tree):
    return factories.user("futian_issuer", role="certificate_issuer", scope=tree["futian"])


@pytest.fixture
def officer(tree):
    return factories.user("officer", role="district_officer", scope=tree["futian"])


@pytest.fixture
def holder(tree):
    return factories.user("holder", role="social_worker", scope=None, home=tree["futian"])


@pytest.fixture
def stranger(tree):
    return factories.user("stranger", role="social_worker", scope=None, home=tree["futian"])


@pytest.fixture
def person(tree, holder):
    return make_person(tree["futian"], "欧阳娜娜", user=holder, phone="13800138000")


@pytest.fixture
def passed(person):
    return make_result(person)


@pytest.fixture
def cert(issuer, passed):
    return service.issue_certificate(issuer, passed, reason="首批发证")


# --- Numbering and issuing -------------------------------------------------------------------


def test_number_is_level_year_serial_and_sequential(issuer, tree):
    results = [make_result(make_person(tree["futian"], f"人{i}")) for i in range(3)]
    issued = [service.issue_certificate(issuer, r) for r in results]
    assert [c.number for c in issued] == [f"A{YEAR}{n:06d}" for n in (1, 2, 3)]
    # Another level and another year count on their own.
    senior = make_result(make_person(tree["luohu"], "高"), make_session(YEAR, "senior"))
    older = make_result(make_person(tree["luohu"], "旧"), make_session(YEAR - 1))
    assert service.issue_certificate(issuer, senior).number == f"S{YEAR}000001"
    assert service.issue_certificate(issuer, older).number == f"A{YEAR - 1}000001"
    mid = make_result(make_person(tree["luohu"], "中"), make_session(YEAR, "intermediate"))
    assert service.issue_certificate(issuer, mid).number == f"I{YEAR}000001"
    assert Counter.objects.get(key=service.counter_key("assistant", YEAR)).value == 3


def test_issue_records_level_date_body_signature_and_audit(cert, passed):
    assert cert.level == "assistant"
    assert cert.person == passed.person
    assert cert.exam_result == passed
    assert cert.issue_date == TODAY
    assert cert.issuing_body == "深圳市人事局"
    assert cert.status == CertificateStatus.VALID
    payload = signing.verify(str(signing.sign_certificate(cert)))
    assert payload.signature == cert.signature
    assert cert.payload == str(payload)  # the whole payload, as printed on the certificate
    assert cert.payload.startswith(f"SG2|{signing.key_id()}|{cert.number}|欧阳娜娜|")
    record = AuditRecord.objects.get(model="registry.certificate", object_id=str(cert.pk))
    assert record.action == "create"
    assert record.reason == "首批发证"
    assert record.actor.username == "issuer"


def test_issuing_body_follows_the_parameter_in_force_on_the_issue_date(issuer, tree):
    PolicyParameter.objects.create(
        key=ISSUING_BODY, scope="city", valid_from=TODAY, value="深圳市人力资源和社会保障局"
    )
    before = service.issue_certificate(
        issuer, make_result(make_person(tree["futian"])), TODAY - timedelta(days=1)
    )
    after = service.issue_certificate(issuer, make_result(make_person(tree["futian"])), TODAY)
    assert before.issuing_body == "深圳市人事局"
    assert after.issuing_body == "深圳市人力资源和社会保障局"


def test_failed_result_is_refused(issuer, tree, settings):
    failed = make_result(make_person(tree["futian"], "李四"), passed=False)
    with pytest.raises(ValidationError) as info:
        service.issue_certificate(issuer, failed)
    assert "did not pass" in info.value.messages[0]
    assert not Certificate.objects.exists()


def test_double_issue_is_refused(issuer, cert, passed):
    with pytest.raises(ValidationError) as info:
        service.issue_certificate(issuer, passed)
    assert f"already has certificate {cert.number}" in info.value.messages[0]
    assert Certificate.objects.count() == 1


def test_future_issue_date_is_refused(issuer, passed):
    with pytest.raises(ValidationError):
        service.issue_certificate(issuer, passed, TODAY + timedelta(days=1))


def test_bulk_issue_is_all_or_nothing(issuer, tree):
    good = [make_result(make_person(tree["futian"], f"好{i}")) for i in range(3)]
    bad = make_result(make_person(tree["futian"], "未过"), passed=False)
    with pytest.raises(ValidationError) as info:
        service.issue_certificates(issuer, [*good, bad, good[0]])
    messages = info.value.messages
    assert any("未过" in m and "did not pass" in m for m in messages)
    assert any("listed twice" in m for m in messages)
    assert not Certificate.objects.exists()
    assert not Counter.objects.filter(key=service.counter_key("assistant", YEAR)).exists()
    issued = service.issue_certificates(issuer, good, reason="批量")
    assert [c.number for c in issued] == [f"A{YEAR}{n:06d}" for n in (1, 2, 3)]


def test_only_issuers_may_issue(officer, passed):
    with pytest.raises(PermissionDenied):
        service.issue_certificate(officer, passed)
    assert not Certificate.objects.exists()


def test_issuer_out_of_scope_may_not_issue(futian_issuer, tree):
    luohu = make_result(make_person(tree["luohu"], "罗湖人"))
    with pytest.raises(ValidationError) as info:
        service.issue_certificate(futian_issuer, luohu)
    assert "outside your area" in info.value.messages[0]
    assert not Certificate.objects.exists()
    assert not Counter.objects.filter(value__gt=0).exists()


def test_issue_form_in_chinese_carries_an_iso_date_and_issues(issuer, passed, client, settings):
    """Issue 12, defect 1: in zh-hans the date was pre-filled as ``2026/12/07``, which a
    browser's date field cannot read: it showed the field empty and the form was refused with
    "该字段是必填项。"."""
    from django.utils import translation

    from shegong.registry.forms.certificates import IssueForm

    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        form = IssueForm(user=issuer, initial={"issue_date": date(2026, 12, 7)})
        assert 'value="2026-12-07"' in str(form["issue_date"])
        client.force_login(issuer)
        page = client.get(reverse("registry:certificate_issue"), {"exam_result": passed.pk})
        html = page.content.decode()
        assert "颁发证书" in html
        field = re.search(r'<input[^>]*name="issue_date"[^>]*>', html).group(0)
        assert re.search(r'value="\d{4}-\d{2}-\d{2}"', field), field
        issue_date = f"{YEAR}-12-07"
        response = client.post(
            reverse("registry:certificate_issue"),
            {"exam_result": passed.pk, "issue_date": issue_date, "reason": "首批"},
        )
    assert response.status_code == 302, response.content.decode()
    cert = Certificate.objects.get(exam_result=passed)
    assert cert.issue_date == date(YEAR, 12, 7)


# --- Recall ----------------------------------------------------------------------------------


def test_recall_changes_status_and_closes_open_requests(issuer, cert):
    request = services.create_record(None, RecallRequest, {"certificate": cert, "reason": "注销"})
    recalled = service.recall_certificate(issuer, cert, "严重违反守则", TODAY)
    assert recalled.status == CertificateStatus.RECALLED
    assert recalled.recalled_on == TODAY
    assert recalled.recall_reason == "严重违反守则"
    request.refresh_from_db()
    assert request.status == RecallStatus.RECALLED
    assert request.decided_on == TODAY
    record = AuditRecord.objects.filter(model="registry.certificate").first()
    assert record.action == "update" and record.reason == "严重违反守则"
    with pytest.raises(ValidationError):
        service.recall_certificate(issuer, cert, "again")


def test_recall_needs_reason_and_a_sensible_date(issuer, cert):
    with pytest.raises(ValidationError):
        service.recall_certificate(issuer, cert, "  ")
    with pytest.raises(ValidationError):
        service.recall_certificate(issuer, cert, "理由", TODAY + timedelta(days=1))
    with pytest.raises(ValidationError):
        service.recall_certificate(issuer, cert, "理由", cert.issue_date - timedelta(days=1))
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


def test_recall_by_non_issuer_is_refused(officer, cert):
    with pytest.raises(PermissionDenied):
        service.recall_certificate(officer, cert, "理由")


def test_reject_recall_request(issuer, cert):
    request = services.create_record(None, RecallRequest, {"certificate": cert, "reason": "注销"})
    with pytest.raises(ValidationError):
        service.reject_recall_request(issuer, request, "")
    rejected = service.reject_recall_request(issuer, request, "证据不足")
    assert rejected.status == RecallStatus.REJECTED
    assert rejected.decision_note == "证据不足"
    with pytest.raises(ValidationError):
        service.reject_recall_request(issuer, request, "again")
    with pytest.raises(ValidationError):
        service.recall_certificate(issuer, cert, "理由", recall_request=rejected)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


# --- Signing ---------------------------------------------------------------------------------


def test_payload_verifies_and_any_tampering_fails(cert):
    payload = signing.sign_certificate(cert)
    text = str(payload)
    kid = signing.key_id()
    assert re.fullmatch(r"[0-9a-f]{8}", kid)
    assert text.startswith(f"SG2|{kid}|{cert.number}|欧阳娜娜|assistant|{TODAY.isoformat()}|")
    assert signing.verify(text).name == "欧阳娜娜"
    fields = text.split("|")
    tampered = {
        2: f"A{YEAR}999999",
        3: "欧阳娜",
        4: "senior",
        5: (TODAY - timedelta(days=1)).isoformat(),
        6: fields[6][:-2] + ("AA" if not fields[6].endswith("AA") else "BB"),
    }
    for index, value in tampered.items():
        changed = list(fields)
        changed[index] = value
        with pytest.raises(signing.PayloadError) as caught:
            signing.verify("|".join(changed))
        assert caught.value.code == "invalid"
    for broken in (
        "",
        "SG2|x",
        "SG1|a|b|c|not-a-date|sig",
        text + "|extra",
        text.replace(f"SG2|{kid}|", "SG2|XYZ|"),  # a key id is 8 hex digits
        text.replace(f"SG2|{kid}|", "SG1|"),  # the version is signed too
    ):
        with pytest.raises(signing.PayloadError):
            signing.verify(broken)


def test_key_id_is_the_start_of_the_sha256_of_the_raw_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate().public_key()
    raw = base64.b64decode(signing.public_key_raw_base64(key))
    assert signing.key_id(key) == hashlib.sha256(raw).hexdigest()[:8]
    assert signing.fingerprint(key).replace(" ", "").startswith(signing.key_id(key))


def _sign_v1(number, name, level, issue_date) -> str:
    """A version 1 payload (no key id), as certificates were signed before key ids."""
    unsigned = signing.Payload(number, name, level, issue_date)
    signature = signing.private_key().sign(unsigned.message.encode())
    return f"{unsigned.message}|{signing._b64url(signature)}"


def test_version_1_payloads_still_verify_against_every_published_key(cert):
    old = _sign_v1(cert.number, "欧阳娜娜", "assistant", cert.issue_date)
    assert old.startswith("SG1|")
    call_command("rotate_signing_key", stdout=StringIO())
    checked = signing.check(old)  # checked against the retired key, no key id needed
    assert (checked.payload.version, checked.payload.name) == ("SG1", "欧阳娜娜")
    assert checked.kid != signing.key_id()
    with pytest.raises(signing.PayloadError, match="does not match"):
        signing.verify(old.replace("欧阳娜娜", "欧阳娜"))


def test_unknown_key_id_fails_with_a_clear_message(cert):
    fields = cert.payload.split("|")
    fields[1] = "deadbeef"
    with pytest.raises(signing.PayloadError) as caught:
        signing.verify("|".join(fields))
    assert caught.value.code == "unknown_key"
    assert caught.value.kid == "deadbeef"
    assert "signed with key deadbeef, which is not among the known keys" in str(caught.value)


def test_rotation_keeps_old_certificates_verifying(issuer, cert, tree, settings):
    old_kid, old_pem = signing.key_id(), signing.public_key_pem()
    out = StringIO()
    call_command("rotate_signing_key", stdout=out)
    new_kid = signing.key_id()
    assert new_kid != old_kid
    assert f"Key {old_kid} retired" in out.getvalue()
    retired = settings.VAR_DIR / "signing_keys" / "retired" / f"{old_kid}.pem"
    assert retired.read_text() == old_pem
    key_file = settings.VAR_DIR / "signing_key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [(k.kid, k.status) for k in signing.published_keys()] == [
        (new_kid, "current"),
        (old_kid, "retired"),
    ]
    # The old certificate's payload still verifies, with the retired key it names.
    checked = signing.check(cert.payload)
    assert (checked.kid, checked.payload.number) == (old_kid, cert.number)
    tampered = cert.payload.replace("欧阳娜娜", "欧阳娜")
    with pytest.raises(signing.PayloadError, match="does not match"):
        signing.verify(tampered)
    # New certificates are signed with the new key.
    newer = service.issue_certificate(issuer, make_result(make_person(tree["futian"], "李四")))
    assert newer.payload.startswith(f"SG2|{new_kid}|")
    assert signing.check(newer.payload).kid == new_kid
    # Without the retired key, the old payload names a key nobody publishes.
    retired.unlink()
    with pytest.raises(signing.PayloadError) as caught:
        signing.verify(cert.payload)
    assert caught.value.code == "unknown_key"


def test_a_revoked_key_is_refused_and_its_certificates_are_signed_again(issuer, cert, tree):
    old_kid = signing.key_id()
    with pytest.raises(CommandError, match="is the current key: rotate it first"):
        call_command("revoke_signing_key", old_kid, "--reason", "泄露", stdout=StringIO())
    call_command("rotate_signing_key", stdout=StringIO())
    printed = cert.payload  # on the paper certificate, signed with the old key
    other = service.issue_certificate(issuer, make_result(make_person(tree["futian"], "李四")))
    with pytest.raises(CommandError, match="not among this register's retired keys"):
        call_command("revoke_signing_key", "0badc0de", "--reason", "x", stdout=StringIO())
    out = StringIO()
    call_command("revoke_signing_key", old_kid.upper(), "--reason", "私钥泄露", stdout=out)
    assert f"Key {old_kid} revoked on" in out.getvalue() and "1 certificate(s)" in out.getvalue()
    # the old key is no longer published; its payloads are refused with the date and reason
    assert [k.kid for k in signing.published_keys()] == [signing.key_id()]
    assert old_kid not in signing.key_set()
    with pytest.raises(signing.PayloadError) as caught:
        signing.verify(printed)
    assert caught.value.code == "revoked_key" and "私钥泄露" in str(caught.value)
    # the certificate is signed again: same values as issued, the current key
    cert.refresh_from_db()
    fresh = signing.check(cert.payload)
    assert fresh.kid == signing.key_id() and cert.signature == fresh.payload.signature
    assert (fresh.payload.number, fresh.payload.name) == (cert.number, "欧阳娜娜")
    (change,) = [r for r in audit.history_entries(cert) if r.reason.startswith("Signing key")]
    assert change.before["payload"] == printed and change.after["payload"] == cert.payload
    # a certificate signed with the current key is untouched; revoking again changes nothing
    other_payload = Certificate.objects.get(pk=other.pk).payload
    call_command("revoke_signing_key", old_kid, "--reason", "again", stdout=StringIO())
    assert Certificate.objects.get(pk=other.pk).payload == other_payload
    assert signing.revocations()[old_kid].reason == "私钥泄露"
    assert not list(audit.verify_chain())


def test_rotation_twice_keeps_both_retired_keys(cert, tmp_path, monkeypatch):
    monkeypatch.setenv(signing.RETIRED_DIR_ENV, str(tmp_path / "published"))
    first = signing.key_id()
    call_command("rotate_signing_key", stdout=StringIO())
    second = signing.key_id()
    call_command("rotate_signing_key", stdout=StringIO())
    assert sorted(p.stem for p in (tmp_path / "published").glob("*.pem")) == sorted([first, second])
    assert len({k.kid for k in signing.published_keys()}) == 3
    assert signing.check(cert.payload).kid == first


def test_rotation_is_refused_when_the_key_file_is_configured(settings, monkeypatch):
    path = settings.VAR_DIR / "signing_key.pem"
    pem = signing.public_key_pem()  # makes the key
    before = path.read_bytes()
    monkeypatch.setenv(signing.KEY_FILE_ENV, str(path))
    err = StringIO()
    with pytest.raises(CommandError, match="Refused"):
        call_command("rotate_signing_key", stdout=StringIO(), stderr=err)
    assert signing.KEY_FILE_ENV in err.getvalue()
    assert "openssl genpkey -algorithm ed25519" in err.getvalue()
    assert f"{signing.key_id()}.pem" in err.getvalue()
    assert path.read_bytes() == before
    assert signing.public_key_pem() == pem
    assert not (settings.VAR_DIR / "signing_keys").exists()


def test_verification_url_carries_the_payload(cert):
    payload = signing.sign_certificate(cert)
    url = signing.verification_url(payload)
    assert url.startswith(f"https://shegong.example.gov.cn/verify/{cert.number}/?p=SG2%7C")
    assert signing.verify(url) == payload


def test_another_key_does_not_verify(cert):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(signing.PayloadError):
        signing.verify(str(signing.sign_certificate(cert)), other)


def test_key_file_is_private_and_reused(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path / "fresh"
    first = signing.public_key_pem()
    path = settings.VAR_DIR / "signing_key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    signing._load.cache_clear()
    assert signing.public_key_pem() == first
    # A configured key file is used; a missing one is an error, not a new key.
    monkeypatch.setenv(signing.KEY_FILE_ENV, str(path))
    assert signing.public_key_pem() == first
    monkeypatch.setenv(signing.KEY_FILE_ENV, str(tmp_path / "missing.pem"))
    with pytest.raises(FileNotFoundError):
        signing.private_key()


def test_public_key_loads_from_pem_and_raw(cert):
    text = str(signing.sign_certificate(cert))
    for published in (signing.public_key_pem(), signing.public_key_raw_base64()):
        assert signing.verify(text, signing.load_public_key(published)).number == cert.number


def test_offline_command_needs_no_database(tmp_path):
    """No ``db`` fixture: any database access would fail this test."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "public.pem"
    pem.write_text(signing.public_key_pem(key.public_key()))
    message = f"SG1|A{YEAR}000007|王五|senior|{TODAY.isoformat()}"
    signature = base64.urlsafe_b64encode(key.sign(message.encode())).rstrip(b"=").decode()
    payload = f"{message}|{signature}"
    payload_url = signing.verification_url(signing.parse(payload), "https://x.example")

    for text in (payload, payload_url):
        out = StringIO()
        call_command("verify_certificate_payload", text, public_key=str(pem), stdout=out)
        assert "VALID" in out.getvalue()
        assert "王五" in out.getvalue()
    with pytest.raises(CommandError, match="INVALID"):
        call_command(
            "verify_certificate_payload",
            payload.replace("王五", "王六"),
            public_key=signing.public_key_raw_base64(key.public_key()),
        )


def test_offline_command_picks_the_key_by_its_id(tmp_path):
    """Version 2 payloads, checked with a key set (``/verify/keys.json``); no database."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = tmp_path / "keys.json"
    published = [signing.PublishedKey(new.public_key()), signing.PublishedKey(old.public_key())]
    keys.write_text(json.dumps(signing.key_set(published)))

    def payload(key, name="王五"):
        kid = signing.key_id(key.public_key())
        message = f"SG2|{kid}|A{YEAR}000007|{name}|senior|{TODAY.isoformat()}"
        return f"{message}|{signing._b64url(key.sign(message.encode()))}"

    for key in (old, new):
        out = StringIO()
        call_command("verify_certificate_payload", payload(key), keys=str(keys), stdout=out)
        assert "VALID" in out.getvalue()
        assert f"key: {signing.key_id(key.public_key())}" in out.getvalue()
    with pytest.raises(CommandError, match="INVALID: the signature does not match"):
        forged = payload(old).replace("王五", "王六")
        call_command("verify_certificate_payload", forged, keys=str(keys))
    stranger = Ed25519PrivateKey.generate()
    unknown = signing.key_id(stranger.public_key())
    with pytest.raises(CommandError, match=f"signed with key {unknown}, which is not among"):
        call_command("verify_certificate_payload", payload(stranger), keys=str(keys))
    # A single --public-key that is not the one named is an unknown key, too.
    with pytest.raises(CommandError, match="not among the known keys"):
        call_command(
            "verify_certificate_payload",
            payload(old),
            public_key=signing.public_key_raw_base64(new.public_key()),
        )
    # A key set whose key id does not match its key is refused.
    keys.write_text(json.dumps({"00000000": signing.public_key_raw_base64(old.public_key())}))
    with pytest.raises(CommandError, match="does not match its key"):
        call_command("verify_certificate_payload", payload(old), keys=str(keys))


# --- PDF -------------------------------------------------------------------------------------


def _tool(name: str, *args) -> str:
    """Run a poppler or zbar tool (resolved on PATH) and return its output."""
    result = subprocess.run(  # noqa: S603 - a fixed tool of this machine, our own files
        [shutil.which(name), *map(str, args)], capture_output=True, text=True, check=True
    )
    return result.stdout


def _pdf_strings(data: bytes) -> list[bytes]:
    """The literal strings drawn by Tj in every (ASCII85 + Flate) content stream."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        chunk = match.group(1).strip()
        if chunk.endswith(b"~>"):
            chunk = base64.a85decode(chunk[:-2].replace(b"\n", b""))
        try:
            content = zlib.decompress(chunk)
        except zlib.error:
            continue
        for literal in re.finditer(rb"\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            found.append(_unescape(literal.group(1)))
    return found


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i] == 0x5C:  # backslash
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            nxt = raw[i + 1 : i + 2]
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(nxt, nxt)
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def test_pdf_with_builtin_cid_font_draws_the_chinese_name(cert):
    data = pdf.render_certificate(cert, embed=False)
    assert data.startswith(b"%PDF")
    assert b"/BaseFont /STSong-Light" in data
    strings = _pdf_strings(data)
    assert "欧阳娜娜".encode("utf-16-be") in strings
    assert "助理社会工作师".encode("utf-16-be") in b"".join(strings)


def test_pdf_embeds_a_chinese_font_when_one_is_available(cert, tmp_path):
    require_tool("pdffonts", "pdftotext")
    if not pdf.font().embedded:
        pytest.skip("no TrueType CJK font on this machine (apt: fonts-wqy-zenhei)")
    file = tmp_path / "c.pdf"
    file.write_bytes(pdf.render_certificate(cert))
    fonts = _tool("pdffonts", file)
    cjk = [line for line in fonts.splitlines() if "+" in line.split()[0]]
    assert cjk, fonts
    assert " yes yes yes " in cjk[0]  # embedded, subset, with a Unicode map
    text = _tool("pdftotext", file, "-")
    for expected in ("欧阳娜娜", "助理社会工作师", "Assistant Social Worker", cert.number):
        assert expected in text
    assert "深圳市人事局" in text
    assert "13800138000" not in text


@pytest.mark.parametrize("embed", [True, False])
def test_pdf_qr_code_decodes_to_a_verifiable_url(cert, tmp_path, embed):
    require_tool("pdftoppm", "zbarimg")
    file = tmp_path / "c.pdf"
    file.write_bytes(pdf.render_certificate(cert, embed=embed))
    _tool("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", file, tmp_path / "p")
    image = next(tmp_path.glob("p*.png"))
    scanned = _tool("zbarimg", "--raw", "-q", image).strip()
    assert scanned.startswith(f"https://shegong.example.gov.cn/verify/{cert.number}/?p=")
    assert signing.extract_payload(scanned) == cert.payload
    payload = signing.verify(scanned)
    assert (payload.number, payload.name, payload.level, payload.issue_date) == (
        cert.number,
        "欧阳娜娜",
        "assistant",
        cert.issue_date,
    )


def _qr_values(monkeypatch) -> list[str]:
    """Record what each rendered PDF puts in its QR code."""
    values = []
    real = pdf._qr

    def recording(value, size):
        values.append(value)
        return real(value, size)

    monkeypatch.setattr(pdf, "_qr", recording)
    return values


def test_pdf_carries_the_payload_stored_at_issue_after_a_rotation(cert, issuer, monkeypatch):
    issued = cert.payload
    call_command("rotate_signing_key", stdout=StringIO())
    services.update_record(issuer, cert.person, {"name": "欧阳娜"}, "改名")
    cert.refresh_from_db()
    values = _qr_values(monkeypatch)
    data = pdf.render_certificate(cert, embed=False)
    assert values == [signing.verification_url(signing.parse(issued))]
    assert signing.extract_payload(values[0]) == issued  # the old key id, the issued name
    assert signing.check(values[0]).kid != signing.key_id()
    assert "欧阳娜娜".encode("utf-16-be") in _pdf_strings(data)  # the name as issued


def test_pdf_of_a_certificate_from_before_stored_payloads(cert, monkeypatch):
    """Certificates issued before ``payload`` was stored have the signature of an SG1
    payload: it is rebuilt, and used while it verifies."""
    legacy = _sign_v1(cert.number, "欧阳娜娜", "assistant", cert.issue_date)
    Certificate.objects.filter(pk=cert.pk).update(payload="", signature=legacy.split("|")[-1])
    cert.refresh_from_db()
    call_command("rotate_signing_key", stdout=StringIO())
    values = _qr_values(monkeypatch)
    pdf.render_certificate(cert, embed=False)
    assert signing.extract_payload(values[0]) == legacy
    # The holder's name changed since: the old payload cannot be rebuilt, a new one is signed.
    Person.objects.filter(pk=cert.person_id).update(name="欧阳娜")
    cert.refresh_from_db()
    pdf.render_certificate(cert, embed=False)
    fresh = signing.check(values[1])
    assert (fresh.payload.version, fresh.payload.name, fresh.kid) == (
        "SG2",
        "欧阳娜",
        signing.key_id(),
    )


# --- Pages -----------------------------------------------------------------------------------


def test_issue_page(client, issuer, passed, tree):
    failed = make_result(make_person(tree["futian"], "李四"), passed=False)
    client.force_login(issuer)
    url = reverse("registry:certificate_issue")
    page = client.get(url, {"exam_result": passed.pk})
    assert page.status_code == 200
    body = page.content.decode()
    # The chosen result is shown by its label (a search-as-you-type field, issue 13); the
    # failed one is not on the page, and the form accepts only passed results without a
    # certificate.
    assert f'name="exam_result" value="{passed.pk}"' in body
    assert "欧阳娜娜" in body and "李四" not in body
    refused = client.post(url, {"exam_result": failed.pk, "issue_date": TODAY, "reason": "x"})
    assert refused.status_code == 200 and "exam_result" in refused.context["form"].errors
    response = client.post(url, {"exam_result": passed.pk, "issue_date": TODAY, "reason": "x"})
    cert = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:certificate_detail", args=[cert.pk])
    detail = client.get(response["Location"]).content.decode()
    assert reverse("registry:certificate_pdf", args=[cert.pk]) in detail
    assert reverse("registry:certificate_recall", args=[cert.pk]) in detail
    # The result now has its certificate: it is no longer offered.
    again = client.post(url, {"exam_result": passed.pk, "issue_date": TODAY})
    assert again.status_code == 200 and Certificate.objects.count() == 1


def test_issue_pages_are_for_issuers_only(client, officer, holder, passed):
    for user in (officer, holder):
        client.force_login(user)
        for name in ("registry:certificate_issue", "registry:certificate_bulk_issue"):
            assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse("registry:certificate_issue"), {}).status_code == 403
    client.logout()
    assert client.get(reverse("registry:certificate_issue")).status_code == 302  # sign in


def test_bulk_issue_page_previews_then_issues(client, issuer, tree):
    session = make_session()
    for i in range(3):
        make_result(make_person(tree["futian"], f"批{i}"), session)
    make_result(make_person(tree["futian"], "未过"), session, passed=False)
    client.force_login(issuer)
    url = reverse("registry:certificate_bulk_issue")
    data = {"session": session.pk, "issue_date": TODAY, "reason": "批量"}
    preview = client.get(url, data, headers={"accept-language": "en"})
    assert "3 certificates will be issued" in preview.content.decode()
    assert not Certificate.objects.exists()
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    assert Certificate.objects.count() == 3


def test_bulk_issue_over_the_limit_runs_as_a_job(client, issuer, tree, monkeypatch):
    monkeypatch.setattr(service, "BULK_INLINE_LIMIT", 1)
    session = make_session()
    for i in range(2):
        make_result(make_person(tree["futian"], f"批{i}"), session)
    client.force_login(issuer)
    data = {"session": session.pk, "issue_date": TODAY, "reason": "批量", "confirm": "1"}
    response = client.post(reverse("registry:certificate_bulk_issue"), data)
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE, job.errors
    assert Certificate.objects.count() == 2
    assert f"A{YEAR}000002" in job.result_file.read().decode("utf-8-sig")


def test_pdf_download_permissions(client, cert, issuer, holder, stranger, futian_issuer, tree):
    url = reverse("registry:certificate_pdf", args=[cert.pk])
    for user in (issuer, holder, futian_issuer):  # issuer, the holder themselves, in scope
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    luohu_issuer = factories.user("luohu_issuer", role="certificate_issuer", scope=tree["luohu"])
    for user in (stranger, luohu_issuer):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_recall_page(client, cert, issuer, officer, tree):
    url = reverse("registry:certificate_recall", args=[cert.pk])
    client.force_login(officer)  # sees the certificate, may not change it
    assert client.get(url).status_code == 403
    luohu_issuer = factories.user("luohu_issuer", role="certificate_issuer", scope=tree["luohu"])
    client.force_login(luohu_issuer)
    assert client.get(url).status_code == 404
    client.force_login(issuer)
    assert client.get(url).status_code == 200
    empty = client.post(url, {"recall_reason": "", "recalled_on": TODAY})
    assert empty.status_code == 200
    response = client.post(url, {"recall_reason": "违反守则", "recalled_on": TODAY})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.RECALLED


def test_recall_request_list_and_decide(client, cert, issuer, officer):
    request = services.create_record(None, RecallRequest, {"certificate": cert, "reason": "注销"})
    client.force_login(issuer)
    listing = client.get(reverse("registry:recallrequest_list"))
    assert listing.status_code == 200
    assert cert.number in listing.content.decode()
    detail = client.get(reverse("registry:recallrequest_detail", args=[request.pk]))
    assert reverse("registry:recallrequest_decide", args=[request.pk]) in detail.content.decode()
    decide = reverse("registry:recallrequest_decide", args=[request.pk])
    client.force_login(officer)
    assert client.get(decide).status_code == 403
    client.force_login(issuer)
    response = client.post(
        decide, {"decision": "recall", "decision_note": "注销后收回", "recalled_on": TODAY}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    cert.refresh_from_db()
    assert request.status == RecallStatus.RECALLED
    assert cert.status == CertificateStatus.RECALLED
    assert cert.recall_reason == "注销后收回"


# --- API -------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient()


def test_api_issue_recall_pdf(api, issuer, passed):
    api.force_authenticate(issuer)
    response = api.post(
        "/api/v1/certificates/issue/",
        {"exam_result": passed.pk},
        format="json",
        headers={"X-Reason": "API"},
    )
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    assert number == f"A{YEAR}000001"
    again = api.post("/api/v1/certificates/issue/", {"exam_result": passed.pk}, format="json")
    assert again.status_code == 400
    assert "already has certificate" in str(again.json())
    cert = Certificate.objects.get()
    pdf_response = api.get(f"/api/v1/certificates/{cert.pk}/pdf/")
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    recall = api.post(
        f"/api/v1/certificates/{cert.pk}/recall/", {"reason": "违反守则"}, format="json"
    )
    assert recall.status_code == 200
    assert recall.json()["status"] == "recalled"
    # The read-only list and detail still answer under the same prefix.
    assert api.get(f"/api/v1/certificates/{cert.pk}/").json()["number"] == number
    assert api.get("/api/v1/certificates/").json()["count"] == 1


def test_api_bulk_issue_is_all_or_nothing(api, issuer, tree):
    good = [make_result(make_person(tree["futian"], f"好{i}")) for i in range(2)]
    bad = make_result(make_person(tree["futian"], "坏"), passed=False)
    api.force_authenticate(issuer)
    url = "/api/v1/certificates/bulk-issue/"
    refused = api.post(url, {"exam_results": [r.pk for r in [*good, bad]]}, format="json")
    assert refused.status_code == 400
    assert not Certificate.objects.exists()
    ok = api.post(url, {"exam_results": [r.pk for r in good]}, format="json")
    assert ok.status_code == 201
    assert [c["number"] for c in ok.json()] == [f"A{YEAR}000001", f"A{YEAR}000002"]
    by_session = api.post(url, {"session": make_session().pk}, format="json")
    assert by_session.status_code == 400  # nothing left to issue


def test_api_permissions(api, officer, futian_issuer, passed, tree):
    api.force_authenticate(officer)
    assert (
        api.post(
            "/api/v1/certificates/issue/", {"exam_result": passed.pk}, format="json"
        ).status_code
        == 403
    )
    luohu = make_result(make_person(tree["luohu"], "罗湖人"))
    api.force_authenticate(futian_issuer)
    response = api.post("/api/v1/certificates/issue/", {"exam_result": luohu.pk}, format="json")
    assert response.status_code == 404
    assert not Certificate.objects.exists()
    api.force_authenticate(None)
    assert api.post("/api/v1/certificates/issue/", {}, format="json").status_code in (401, 403)


def test_api_recall_requests(api, issuer, officer, cert):
    request = services.create_record(None, RecallRequest, {"certificate": cert, "reason": "注销"})
    api.force_authenticate(officer)
    assert api.get("/api/v1/recall-requests/").json()["count"] == 1
    decide = f"/api/v1/recall-requests/{request.pk}/decide/"
    assert api.post(decide, {"decision": "reject", "note": "x"}, format="json").status_code == 403
    api.force_authenticate(issuer)
    response = api.post(decide, {"decision": "reject", "note": "证据不足"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


def test_api_bulk_issue_refusals_are_in_the_callers_language(api, issuer, tree):
    """Both, neither, or ids the caller cannot see: each refusal says what is wrong, in
    Chinese for a Chinese client (they were English-only literals)."""
    result = make_result(make_person(tree["futian"], "甲"))
    api.force_authenticate(issuer)
    url = "/api/v1/certificates/bulk-issue/"
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    both = api.post(url, {"exam_results": [result.pk], "session": 1}, format="json", **zh)
    assert both.status_code == 400
    assert both.json()["non_field_errors"] == [
        "请只给出 exam_results（考试成绩编号列表）或 session 中的一项。"
    ]
    neither = api.post(url, {}, format="json", **zh)
    assert neither.status_code == 400
    missing = api.post(url, {"exam_results": [result.pk, 999999]}, format="json", **zh)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "这些考试成绩不存在或您无权查看：999999"
    assert not Certificate.objects.exists()
