"""REG-5: the public register's page and API, bulk verification (page and API), rate limits."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from shegong.core.models import Job
from shegong.core.testing import factories
from shegong.registry.services import public
from shegong.registry.tests import public_data

pytestmark = pytest.mark.django_db

API = "/api/v1/public/register/"
VERIFY_API = "/api/v1/public/verify/"
PAGE = "/public-register/"
BULK = "/public-register/verify/"


@pytest.fixture(autouse=True)
def _generous_rates(settings, english):
    """Rate limits out of the way, except in the tests of the limits themselves."""
    settings.PUBLIC_REGISTER_RATE = "1000/minute"
    settings.PUBLIC_VERIFY_RATE = "1000/minute"


@pytest.fixture
def reg(tree):
    return public_data.build_register(tree)


def private_values(reg):
    values = [public_data.PHONE, public_data.ADDRESS, "13800000000", "投诉人"]
    for p in reg["people"].values():
        values += [p.national_id, p.birth_date.isoformat(), p.birth_date.strftime("%Y%m%d")]
    return values


def test_api_search_fields_exactly_and_no_private_data(client, reg):
    response = client.get(API, {"q": "SZ2023000002"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "page", "pages", "page_size", "results"}
    (entry,) = body["results"]
    assert tuple(entry) == public.ENTRY_FIELDS
    assert entry["sanctions"][0] == {
        "sanction": {"code": "suspension", "label": "Suspension"},
        "from": entry["sanctions"][0]["from"],
        "until": None,
    }
    assert set(entry["sanctions"][0]) == {"sanction", "from", "until"}
    text = response.content.decode()
    for value in private_values(reg):
        assert value not in text


def test_api_search_by_each_key_and_filters(client, reg):
    def found(**params):
        return [e["register_number"] for e in client.get(API, params).json()["results"]]

    assert found(q="sz2023000001") == ["SZ2023000001"]
    assert found(q="I2022000001") == ["SZ2023000001"]
    assert found(q="张三丰") == ["SZ2023000001", "SZ2023000005"]
    assert found(q="张三丰", district="440303") == ["SZ2023000005"]
    assert found(q="张三丰", organisation=reg["orgs"]["futian"].pk) == ["SZ2023000001"]
    assert found(q="张三") == []


def test_api_rejects_short_or_missing_query(client, reg):
    response = client.get(API, {"q": "张"})
    assert response.status_code == 400
    assert "at least 2 characters" in str(response.json())
    assert client.get(API).status_code == 400


def test_api_is_anonymous_and_documented(client, reg):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/public/register/" in schema
    assert "/api/v1/public/verify/" in schema


def test_api_rate_limit_gives_429(client, reg, settings):
    settings.PUBLIC_REGISTER_RATE = "3/minute"
    codes = [client.get(API, {"q": "SZ2023000001"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another address has its own allowance.
    assert client.get(API, {"q": "SZ2023000001"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_spoofed_forwarded_for_does_not_evade_the_limit(client, reg, settings):
    settings.PUBLIC_REGISTER_RATE = "2/minute"
    codes = [
        client.get(API, {"q": "SZ2023000001"}, HTTP_X_FORWARDED_FOR=f"10.1.1.{i}").status_code
        for i in range(3)
    ]
    assert codes[-1] == 429


def test_api_bulk_verify_mixed(client, reg):
    response = client.post(
        VERIFY_API,
        {"numbers": ["SZ2023000002", "a2022000006", "UNKNOWN9"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    li, qian, unknown = response.json()
    assert tuple(li) == public.VERIFY_FIELDS
    assert (li["kind"], li["status"]["code"], li["name"]) == ("registration", "suspended", "李四")
    assert (qian["kind"], qian["status"]["code"]) == ("certificate", "valid")
    assert unknown["found"] is False and unknown["name"] is None
    for value in private_values(reg):
        assert value not in response.content.decode()


def test_api_bulk_verify_over_limit_refused(client, reg):
    numbers = [f"SZ{i:010d}" for i in range(public.BULK_MAX + 1)]
    response = client.post(VERIFY_API, {"numbers": numbers}, content_type="application/json")
    assert response.status_code == 400
    assert "At most 500 numbers" in str(response.json())


def test_api_bulk_verify_rate_limited(client, reg, settings):
    settings.PUBLIC_VERIFY_RATE = "1/minute"
    post = {"path": VERIFY_API, "data": {"numbers": ["X1"]}, "content_type": "application/json"}
    assert client.post(**post).status_code == 200
    assert client.post(**post).status_code == 429


# --- pages ----------------------------------------------------------------------------------
def test_page_search_results_and_links(client, reg):
    response = client.get(PAGE, {"q": "张三丰"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="register-results"' in html
    assert 'href="/verify/SZ2023000001/"' in html and "SZ2023000005" in html
    assert "福田社工服务中心" in html
    for value in private_values(reg):
        assert value not in html


def test_page_empty_state_and_short_query(client, reg):
    html = client.get(PAGE, {"q": "无此人"}).content.decode()
    assert 'id="register-empty"' in html
    html = client.get(PAGE, {"q": "张"}).content.decode()
    assert 'id="register-message"' in html and "at least 2 characters" in html
    assert client.get(PAGE).status_code == 200  # the bare form


def test_page_shows_sanctions_in_force(client, reg):
    html = client.get(PAGE, {"q": "李四"}).content.decode()
    assert "Suspension" in html and "until further notice" in html
    html = client.get(PAGE, {"q": "张三丰"}).content.decode()
    assert "Warning" not in html  # ended, or not decided


def test_page_district_filter_reads_the_districts_once_and_sees_a_new_one(client, reg, tree):
    """Issue 13: the districts' choices are kept in the process; a change of an area in this
    process shows at once (another process's within ``DISTRICTS_TTL``)."""
    html = client.get(PAGE, {"q": "张三丰", "district": "440303"}).content.decode()
    assert '<option value="440303" selected>罗湖区</option>' in html
    assert '<option value="440304">福田区</option>' in html
    with CaptureQueriesContext(connection) as captured:
        client.get(PAGE, {"q": "张三丰"})
    assert not [q for q in captured.captured_queries if "areas_area" in q["sql"]]
    factories.area("440305", "南山区", "district", tree["city"])
    html = client.get(PAGE).content.decode()
    assert '<option value="440305">南山区</option>' in html


def test_page_rate_limit_gives_429(client, reg, settings):
    settings.PUBLIC_REGISTER_RATE = "2/minute"
    codes = [client.get(PAGE, {"q": "李四"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get(PAGE)
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many requests" in response.content.decode()


def csv_upload(lines: list[str], name="numbers.csv"):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8-sig"), "text/csv")


def xlsx_upload(rows: list[list]):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("numbers.xlsx", buffer.getvalue())


def test_bulk_page_csv_with_named_column(client, reg):
    upload = csv_upload(["姓名,登记编号", "李四,SZ2023000002", "某人,NOPE12345"])
    response = client.post(BULK, {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="bulk-verify-results"' in html
    assert "1 of 2 numbers found" in html
    assert "李四" not in html.split('id="bulk-verify-results"')[0]  # the names column is ignored
    assert "Suspended" in html and "NOPE12345" in html


def test_bulk_page_xlsx_first_column_and_download(client, reg):
    upload = xlsx_upload([["SZ2023000001"], ["A2022000006"], ["SW9999999999"]])
    response = client.post(BULK, {"file": upload})
    assert "2 of 3 numbers found" in response.content.decode()
    download = client.post(
        BULK, {"numbers": "SZ2023000001\nA2022000006\nSW9999999999", "format": "xlsx"}
    )
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Number" and len(rows) == 4
    assert rows[1][3] == "张三丰" and rows[3][1] == "no"
    for value in private_values(reg):
        assert value not in str(rows)


def test_bulk_page_anonymous_cap(client, reg, monkeypatch):
    monkeypatch.setattr("shegong.portal.views.register.INLINE_MAX", 3)
    response = client.post(BULK, {"file": csv_upload([f"SZ{i:010d}" for i in range(4)])})
    html = response.content.decode()
    assert 'id="bulk-verify-error"' in html
    assert "Without signing in, a file may hold at most 3 numbers" in html
    assert not Job.objects.exists()


def test_bulk_page_large_file_becomes_a_job_for_signed_in_users(client, reg, monkeypatch):
    monkeypatch.setattr("shegong.portal.views.register.INLINE_MAX", 2)
    user = factories.user()
    client.force_login(user)
    upload = csv_upload(["SZ2023000001", "SZ2023000002", "SW2026999999"])
    response = client.post(BULK, {"file": upload})
    job = Job.objects.get(kind="public_verify")
    assert response.status_code == 302 and response["Location"] == f"/platform/jobs/{job.pk}/"
    assert job.created_by == user and job.status == "done" and job.total == 3
    rows = list(load_workbook(job.result_file.open("rb")).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["yes", "yes", "no"]


def test_bulk_page_rejects_empty_and_rate_limits(client, reg, settings):
    html = client.post(BULK, {}).content.decode()
    assert "Upload a file or paste numbers" in html
    settings.PUBLIC_VERIFY_RATE = "1/minute"
    cache.clear()
    assert client.post(BULK, {"numbers": "SZ2023000001"}).status_code == 200
    assert client.post(BULK, {"numbers": "SZ2023000001"}).status_code == 429
    assert client.get(BULK).status_code == 200  # the form itself is not counted


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 this zip is broken", "not a spreadsheet"),
        (b"%PDF-1.7 a document", "PDF document"),
        (b"", "Upload a file or paste numbers"),  # an empty upload counts as none
    ],
)
def test_bulk_page_refuses_a_file_that_is_not_a_spreadsheet(client, reg, content, message):
    """The same reader as the imports: a damaged or wrong file is a message, never a 500."""
    upload = SimpleUploadedFile("numbers.xlsx", content)
    response = client.post(BULK, {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()


# --- Issue 10: limits before the work ------------------------------------------------------------


def test_bulk_page_stops_reading_at_the_anonymous_cap(client, reg, monkeypatch):
    """The rows are counted while the file is read: the reader stops at the cap (so the
    message cannot say how many there are)."""
    monkeypatch.setattr("shegong.portal.views.register.INLINE_MAX", 3)
    rows = [["登记编号"], *([f"SZ{i:010d}"] for i in range(1000))]
    response = client.post(BULK, {"file": xlsx_upload(rows)})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Without signing in, a file may hold at most 3 numbers; this one has more. Split the "
        "file, or sign in to verify larger files in the background."
    ) in html
    assert not Job.objects.exists()


def test_bulk_page_refuses_a_file_over_the_size_limit(client, reg, settings):
    settings.SHEGONG_MAX_UPLOAD_MB = {**settings.SHEGONG_MAX_UPLOAD_MB, "public_verify": 1}
    upload = SimpleUploadedFile("numbers.csv", b"SZ2023000001\n" * 200_000)  # 2.5 MB
    response = client.post(BULK, {"file": upload})
    assert response.status_code == 200
    assert "The file is 2.5 MB; at most 1 MB can be uploaded here." in response.content.decode()


def test_signed_in_bulk_page_cap_is_the_file_maximum(client, reg, monkeypatch):
    monkeypatch.setattr("shegong.portal.views.register.FILE_MAX", 4)
    client.force_login(factories.user())
    upload = csv_upload(["number", *(f"SZ{i:010d}" for i in range(6))])
    html = client.post(BULK, {"file": upload}).content.decode()
    assert "A file may hold at most 4 numbers; this one has more." in html
    assert not Job.objects.exists()


def test_api_bulk_verify_counts_before_checking_each_number(client, reg):
    """Issue 10: over the limit, the numbers are not validated one by one first."""
    numbers = ["X" * 100] * (public.BULK_MAX + 1)  # each too long, but the count comes first
    response = client.post(VERIFY_API, {"numbers": numbers}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "numbers": ["At most 500 numbers can be verified at once; 501 were sent."]
    }


WRONG_FORMAT = (
    "Wrong format: register numbers look like SW2026000123, certificate numbers like I2026000045"
)


def test_text_that_is_not_a_number_is_a_wrong_format_not_a_number_not_found(client, reg):
    """Issue 12, defect 8: "HELLO" was reported as "HELLO 未查到" (not found)."""
    response = client.post(
        VERIFY_API,
        {"numbers": ["HELLO", "SW2026999999", "SZ2023000002"]},
        content_type="application/json",
    )
    hello, unknown, known = response.json()
    assert (hello["found"], hello["well_formed"]) == (False, False)
    assert (unknown["found"], unknown["well_formed"]) == (False, True)
    assert (known["found"], known["well_formed"]) == (True, True)  # an older shape, but known

    response = client.post(BULK, {"numbers": "HELLO\nSW2026999999"})
    rows = response.content.decode().split('id="bulk-verify-results"')[1].split("<tr")
    assert "HELLO" in rows[2] and WRONG_FORMAT in rows[2]
    assert "SW2026999999" in rows[3] and "not found" in rows[3] and "Wrong" not in rows[3]


def test_wrong_format_in_chinese(client, reg):
    response = client.post(BULK, {"numbers": "HELLO"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "格式不对：登记编号如 SW2026000123，证书编号如 I2026000045" in response.content.decode()
