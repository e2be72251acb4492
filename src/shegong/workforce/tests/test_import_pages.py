"""The upload pages of the pay and insurance imports (PAY-1, PAY-3): check first (preview and
every problem by row and column, nothing written), then confirm; large files run as a
background job with a progress bar and a downloadable report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shegong.core import audit, importing
from shegong.core.models import Job
from shegong.core.testing import factories
from shegong.workforce import imports
from shegong.workforce.models import InsuranceContribution, PayRecord

from .paydata import csv_bytes, employed, grade, guidance

pytestmark = pytest.mark.django_db

PAY_HEADER = "身份证号,月份,基本工资,岗位工资,绩效工资,应发合计"
INSURANCE_HEADER = "身份证号,月份,缴费基数,单位缴纳,个人缴纳,应缴日期,实缴日期,实缴金额"
PAY_URL = "/workforce/payrecords/import/"
INSURANCE_URL = "/workforce/insurancecontributions/import/"


@pytest.fixture
def world(tree, client):
    org = factories.organisation(tree["futian"])
    g = grade(1)
    guidance(g)
    e = employed(tree["futian"], org, g)
    admin = factories.user(role="org_admin", scope=org)
    client.force_login(admin)
    return {"e": e, "admin": admin, "nid": e.person.national_id}


def _upload(client, url, *lines, name="pay.csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, csv_bytes(*lines))})


def _token(page: str) -> str:
    marker = 'name="token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_file_with_problems_lists_them_by_row_and_column_and_writes_nothing(world, client):
    page = _upload(
        client,
        PAY_URL,
        PAY_HEADER,
        f"{world['nid']},2026-03,3000.00,1500.00,500.00,5000.00",
        f"{world['nid']},2026-13,3000.00,abc,500.00,",
    ).content.decode()
    assert 'id="import-errors"' in page
    assert "2026-13 is not a month" in page
    assert "abc is not an amount" in page
    assert '<td data-label="row">3</td><td data-label="column">月份</td>' in page  # as in the file
    assert 'id="confirm-form"' not in page
    assert PayRecord.objects.count() == 0


def test_a_clean_file_is_previewed_then_imported_on_confirmation(world, client):
    page = _upload(
        client, PAY_URL, PAY_HEADER, f"{world['nid']},2026-03,3000.00,1500.00,500.00,"
    ).content.decode()
    assert 'id="import-preview"' in page and "5000.00" in page
    assert PayRecord.objects.count() == 0  # the check wrote nothing
    response = client.post(PAY_URL, {"token": _token(page), "reason": "payroll March"})
    record = PayRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?import_batch={record.import_batch}")
    (created,) = audit.history_entries(record)  # in the import's bulk audit record
    assert created.action == "create" and created.reason == "payroll March"
    # the same confirmation twice does nothing more
    again = client.post(PAY_URL, {"token": _token(page)}, follow=True)
    assert "This upload has expired" in again.content.decode()
    assert PayRecord.objects.count() == 1


def test_the_preview_shows_the_name_and_the_national_id_masked(world, client):
    """Issue 12, defect 7: the pay preview showed full national ID numbers and no names."""
    nid = world["nid"]
    masked = nid[:6] + "********" + nid[-4:]
    for url, header, row in [
        (PAY_URL, PAY_HEADER, f"{nid},2026-03,3000.00,1500.00,500.00,"),
        (INSURANCE_URL, INSURANCE_HEADER, f"{nid},2026-03,5000,700.00,300.00,2026-03-15,,"),
    ]:
        page = _upload(client, url, header, row).content.decode()
        preview = page.split('id="import-preview"')[1].split("</table>")[0]
        assert f"<td>{masked}</td><td>{world['e'].person.name}</td>" in preview
        assert nid not in page


def test_a_large_file_is_imported_by_a_background_job(world, client, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_ROWS", 1)
    rows = [
        f"{world['nid']},2026-0{m},5000,700.00,300.00,2026-0{m}-15,2026-0{m}-15,1000.00"
        for m in (1, 2)
    ]
    page = _upload(client, INSURANCE_URL, INSURANCE_HEADER, *rows, name="ins.csv")
    page = page.content.decode()
    assert "imported in the background" in page
    response = client.post(INSURANCE_URL, {"token": _token(page)})
    job = Job.objects.get()
    assert response["Location"] == f"/platform/jobs/{job.pk}/"
    assert job.status == "done", job.errors
    assert InsuranceContribution.objects.count() == 2
    download = client.get(f"/platform/jobs/{job.pk}/download/")
    assert b"".join(download.streaming_content).decode("utf-8-sig").splitlines()[1].endswith(",2,2")


def test_a_large_file_that_went_bad_fails_its_job_and_writes_nothing(world, client, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_ROWS", 0)
    page = _upload(
        client, PAY_URL, PAY_HEADER, f"{world['nid']},2026-03,3000.00,1500.00,500.00,"
    ).content.decode()
    # between the check and the confirmation, someone records the same month
    imports.import_pay_file(
        world["admin"], csv_bytes(PAY_HEADER, f"{world['nid']},2026-03,3000.00,1500.00,500.00,")
    )
    client.post(PAY_URL, {"token": _token(page)})
    job = Job.objects.get()
    assert job.status == "failed"
    assert any("already" in e for e in job.errors), job.errors
    assert PayRecord.objects.count() == 1


@pytest.mark.parametrize("role", ["social_worker", "field_officer"])
def test_only_those_who_record_pay_may_upload(tree, client, role):
    scope = tree["futian"] if role == "field_officer" else None
    client.force_login(factories.user(role=role, scope=scope))
    assert client.get(PAY_URL).status_code == 403
    assert client.get(INSURANCE_URL).status_code == 403
