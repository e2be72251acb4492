"""Signed checkpoints of the audit chains' heads, outside the database (issue 10).

The chain alone cannot see a rewritten or removed *tail* (the last record changed with its hash
recomputed, or deleted, and the chain head moved along): each test below first shows that
``verify_chain`` passes such a chain, then that ``shegong verify_audit`` refuses it because a
checkpoint written before the tampering pins the head.
"""

from __future__ import annotations

import json
import logging
import socket
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from shegong.areas.models import Area
from shegong.core import audit, checkpoints, services
from shegong.core.audit import verify_chain
from shegong.core.context import acting
from shegong.core.models import AuditChainHead, AuditRecord
from shegong.core.testing import factories
from shegong.registry.imports import import_exam_file
from shegong.registry.tests.test_exam_import import GOOD, csv_bytes

from .conftest import audit_triggers_disabled, raw_sql


@pytest.fixture(autouse=True)
def _in_english(english, settings, tmp_path):
    """English messages; the checkpoint key of this test only (the file is per test already,
    root ``conftest.py``)."""
    settings.AUDIT_CHECKPOINT_KEY_FILE = ""
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def chain(tree, city_admin):
    """Five records in one chain (one correlation id means one shard)."""
    with acting("cidcheckpoint"):
        for i in range(5):
            services.create_record(
                city_admin,
                Area,
                {
                    "code": f"44030400{i + 5}",
                    "name": f"锚点街道{i}",
                    "level": "street",
                    "parent": tree["futian"],
                },
                reason=f"第{i}条",
            )
    return list(AuditRecord.objects.filter(correlation_id="cidcheckpoint").order_by("seq"))


def verify(*args) -> tuple[bool, str, str]:
    """Run ``shegong verify_audit``: (passed, standard output, standard error and failure)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def checkpoint_command(*args) -> str:
    out = StringIO()
    call_command("audit_checkpoint", *args, stdout=out)
    return out.getvalue()


def lines(path: Path | None = None) -> list[dict]:
    path = path or checkpoints.checkpoint_path()
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- Writing ------------------------------------------------------------------------------------


def test_the_command_appends_one_signed_line_with_each_chains_head(chain, settings, tmp_path):
    last = chain[-1]
    output = checkpoint_command()
    output_again = checkpoint_command()

    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    assert path == tmp_path / "audit_checkpoints.jsonl"
    first, second = lines(path)
    kid = checkpoints.key_id(checkpoints.private_key().public_key())
    # the chains of the fixture's records and of the area tree's creation: one or two, as
    # their correlation ids fall in one shard or two (``AUDIT_SHARDS``)
    chains = AuditChainHead.objects.count()
    assert chains in (1, 2)
    assert f"Checkpoint written to {path}: {chains} chain(s), key {kid}." in output
    assert f"{chains} chain(s)" in output_again
    assert first["heads"][last.shard] == {"seq": last.seq, "hash": last.hash}
    assert first["heads"] == {
        head.shard: {"seq": head.seq, "hash": head.last_hash}
        for head in AuditChainHead.objects.all()
    }
    assert first["source"] == "command"
    assert first["kid"] == kid and len(kid) == 8
    assert first["v"] == 1
    assert len(first["sig"]) == 86  # 64 bytes, base64url without padding
    assert second["heads"] == first["heads"]
    # The key was made on first use, readable by its owner only.
    key_file = tmp_path / "var" / "audit_checkpoint_key.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_line_lists_the_chains_of_the_day_before_the_last_checkpoint_on(chain):
    AuditChainHead.objects.create(shard="20200101:0", seq=7, last_hash="a" * 64)
    checkpoint_command()
    checkpoint_command()
    checkpoint_command("--all")
    first, second, full = lines()
    assert "20200101:0" in first["heads"]  # the first line pins every chain
    # an old day's chain no longer changes: only today's chains (the fixtures') are listed again
    assert chain[0].shard in second["heads"]
    assert sorted(second["heads"]) == sorted(set(first["heads"]) - {"20200101:0"})
    assert full["heads"]["20200101:0"] == {"seq": 7, "hash": "a" * 64}


def test_the_public_key_is_printed_to_keep_off_the_server(db):
    output = checkpoint_command("--public-key")
    assert output.startswith("-----BEGIN PUBLIC KEY-----\n")
    key = checkpoints.private_key().public_key()
    assert f"key id {checkpoints.key_id(key)}" in output
    assert not checkpoints.checkpoint_path().exists()


def test_a_configured_key_file_that_is_missing_is_an_error_not_replaced(db, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_KEY_FILE = str(tmp_path / "gone.pem")
    with pytest.raises(CommandError, match="gone.pem"):
        checkpoint_command()
    assert not (tmp_path / "gone.pem").exists()


def test_an_import_writes_one_checkpoint_when_it_commits(tree, django_capture_on_commit_callbacks):
    issuer = factories.user("issuer", role="certificate_issuer", scope=tree["city"])
    with django_capture_on_commit_callbacks(execute=True):
        report = import_exam_file(issuer, csv_bytes(GOOD), "results.csv", reason="考试院来函")
        assert report.written, report.errors
        assert not checkpoints.checkpoint_path().exists()  # not before the commit
    # The import wrote several bulk records (sessions, people, results): one line.
    (line,) = lines()
    assert line["source"] == "commit"
    bulk = AuditRecord.objects.filter(bulk_count__isnull=False).order_by("seq").last()
    assert bulk.model == "registry.examresult"
    assert line["heads"][bulk.shard] == {"seq": bulk.seq, "hash": bulk.hash}
    assert verify()[0]


def test_a_checkpoint_that_cannot_be_written_does_not_fail_the_import(
    tree, settings, tmp_path, caplog, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_KEY_FILE = str(tmp_path / "missing.pem")
    issuer = factories.user("issuer", role="certificate_issuer", scope=tree["city"])
    with (
        caplog.at_level(logging.ERROR, logger="shegong.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = import_exam_file(issuer, csv_bytes(GOOD), "results.csv", reason="考试院来函")
    assert report.written and report.created_results == 3
    assert "The audit checkpoint after a bulk write could not be written." in caplog.text
    assert "missing.pem" in caplog.text
    assert not checkpoints.checkpoint_path().exists()


def test_the_scheduled_task_writes_a_checkpoint(chain):
    from shegong.core.tasks import audit_checkpoint

    result = audit_checkpoint()
    assert result["chains"] == AuditChainHead.objects.count()  # one or two shards (above)
    assert lines()[0]["source"] == "schedule"


# --- Verifying ----------------------------------------------------------------------------------


def test_an_intact_chain_passes_against_its_checkpoints(chain, settings):
    checkpoint_command()
    ok, out, err = verify()
    assert ok, err
    assert f"1 checkpoint(s) in {settings.AUDIT_CHECKPOINT_FILE} match the chains" in out
    # and after more records were written since the checkpoint
    with acting("cidlater"):
        services.create_record(
            None, Area, {"code": "440304099", "name": "后来的街道", "level": "street"}, "后来"
        )
    assert verify()[0]


def test_no_checkpoint_file_is_a_warning_not_a_failure(chain):
    ok, out, err = verify()
    assert ok
    assert "Audit trail intact" in out
    assert "Warning: no audit checkpoints in" in err
    assert "cannot be detected" in err


def test_last_record_deleted_and_head_rewound_is_detected(chain):
    checkpoint_command()
    last, before = chain[-1], chain[-2]
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditrecord WHERE id = %s", [last.pk])
    AuditChainHead.objects.filter(shard=last.shard).update(seq=before.seq, last_hash=before.hash)
    assert list(verify_chain()) == []  # the chain alone looks whole

    ok, _out, err = verify()
    assert not ok
    assert (
        f"chain {last.shard} #{last.seq}: the chain ends at #{before.seq}, but the checkpoint of "
        f"{lines()[0]['time']} lists this record: the chain's last records were removed" in err
    )
    assert "1 problem(s) found in the audit trail." in err


def test_last_record_rewritten_with_a_recomputed_hash_is_detected(chain):
    checkpoint_command()
    last = chain[-1]
    last.reason = "改写过的理由"
    forged = audit._digest(audit._hashed_fields(last))
    with audit_triggers_disabled():
        raw_sql(
            "UPDATE core_auditrecord SET reason = %s, hash = %s WHERE id = %s",
            ["改写过的理由", forged, last.pk],
        )
    AuditChainHead.objects.filter(shard=last.shard).update(last_hash=forged)
    assert list(verify_chain()) == []  # the chain alone looks whole

    ok, _out, err = verify()
    assert not ok
    assert (
        f"chain {last.shard} #{last.seq}: differs from the checkpoint of {lines()[0]['time']}: "
        "rewritten after it was checkpointed" in err
    )


def test_a_whole_chain_removed_with_its_head_is_detected(chain):
    checkpoint_command()
    with audit_triggers_disabled():
        raw_sql("DELETE FROM core_auditrecord WHERE shard = %s", [chain[0].shard])
    AuditChainHead.objects.filter(shard=chain[0].shard).delete()
    assert list(verify_chain()) == []
    ok, _out, err = verify()
    assert not ok
    assert f"chain {chain[0].shard} #{chain[-1].seq}: the chain ends at #0" in err


def test_a_tampered_checkpoint_line_is_detected(chain, settings):
    checkpoint_command()
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    # Someone rewinds the head in the file too, to match a shortened chain.
    last = chain[-1]
    text = path.read_text().replace(f'"seq":{last.seq}', f'"seq":{last.seq - 1}')
    assert text != path.read_text()
    path.write_text(text)
    ok, _out, err = verify()
    assert not ok
    assert (
        f"{path}:1: the signature does not match: the line was changed after it was signed" in err
    )


def test_a_line_that_is_not_a_checkpoint_is_reported(chain, settings):
    checkpoint_command()
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    with path.open("a") as handle:
        handle.write("{not json\n")
    ok, _out, err = verify()
    assert not ok
    assert f"{path}:2: not a checkpoint line" in err


def test_an_off_server_copy_and_public_key_are_checked(chain, tmp_path):
    checkpoint_command()
    public = tmp_path / "checkpoint_key.pub.pem"
    public.write_text(checkpoints.public_key_pem(checkpoints.private_key().public_key()))
    copy = tmp_path / "worm" / "audit_checkpoints.jsonl"
    copy.parent.mkdir()
    copy.write_bytes(checkpoints.checkpoint_path().read_bytes())

    assert verify("--checkpoints", str(copy), "--checkpoint-key", str(public))[0]

    # A line signed with another key (the server's key replaced by an intruder) is refused.
    other = tmp_path / "other.pem"
    other.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    ok, _out, err = verify("--checkpoints", str(copy), "--checkpoint-key", str(other))
    assert not ok
    kid = lines(copy)[0]["kid"]
    assert f"signed with key {kid}, which is not a known checkpoint key" in err

    ok, _out, err = verify("--checkpoints", str(tmp_path / "nowhere.jsonl"))
    assert not ok
    assert "nowhere.jsonl does not exist" in err


def test_each_checkpoint_goes_to_syslog_when_configured(chain, settings):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    try:
        settings.AUDIT_CHECKPOINT_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"
        checkpoint_command()
        message = receiver.recv(65536).decode()
    finally:
        receiver.close()
    (line,) = checkpoints.checkpoint_path().read_text().splitlines()
    # <86>: facility authpriv (10) × 8 + severity info (6)
    assert message == f"<86>shegong-audit-checkpoint: {line}\x00"


def test_an_emptied_checkpoint_file_is_a_warning_too(chain, settings):
    checkpoint_command()
    Path(settings.AUDIT_CHECKPOINT_FILE).write_text("")
    ok, _out, err = verify()
    assert ok
    assert "Warning: no audit checkpoints in" in err


def test_a_damaged_key_file_is_reported_clearly(chain):
    checkpoint_command()
    checkpoints.key_path().write_text("not a key")
    ok, _out, err = verify()
    assert not ok
    assert "The audit checkpoints could not be read:" in err
    with pytest.raises(CommandError, match="The audit checkpoint could not be written:"):
        checkpoint_command()
