"""Examination results import: rows per second (issue 3, point 2, "Speed"). Not a test.

Generates N valid result rows deterministically (default 100,000; ``--seed``), as the CSV the
examination authority sends (UTF-8 with BOM, Chinese header), and measures, each on a fresh
database:

(a) our import (``registry.imports.import_exam_file``: read, check, prefetch, bulk insert of
    people and results, the audit trail for every row) on SQLite (a temporary file database)
    and on PostgreSQL (``shegong_bench``, created and dropped by this script);
(b) PostgreSQL's own ``COPY`` of the same rows into an equivalent indexed table (primary key,
    unique national ID per year and level, the index on the name);
(c) a plain django-import-export ``ModelResource`` importing the same rows (people by national
    ID) on a sample (default 5,000 rows), extrapolated to N and labelled as such.

Usage (from the repository root)::

    .venv/bin/python bench/import_exam_results.py [--rows 100000] [--sample 5000]
        [--pg postgres://postgres@127.0.0.1:5432/shegong_bench] [--skip-sqlite] [--skip-pg]

Each measurement runs in its own process (Django is configured once per process).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shegong_bench"
HEADER = ["身份证号", "姓名", "级别", "考试年度", "成绩", "是否合格"]
LEVELS = [
    ("助理社会工作师", "assistant"),
    ("社会工作师", "intermediate"),
    ("高级社会工作师", "senior"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌宇浩凯婷雪琳晨欣怡"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def generate(n: int, seed: int = 2024) -> list[tuple]:
    """N distinct, valid rows: (national_id, name, level_zh, level_code, year, score, passed)."""
    rng = random.Random(seed)
    regions = ["440303", "440304", "440305", "440306", "440307", "440308"]
    start = date(1965, 1, 1)
    rows = []
    for i in range(n):
        birth = start + timedelta(days=(i // 1000) * 3 + rng.randrange(3))
        body = f"{regions[i % 6]}{birth:%Y%m%d}{i % 1000:03d}"
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        level_zh, level = rng.choice(LEVELS)
        year = rng.randint(2012, 2024)
        score = "" if rng.random() < 0.1 else f"{rng.randint(300, 1000) / 10:.1f}"
        passed = rng.random() < 0.55
        rows.append((body + check_digit(body), name, level_zh, level, year, score, passed))
    return rows


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    out.write(",".join(HEADER) + "\r\n")
    for nid, name, level_zh, _level, year, score, passed in rows:
        out.write(f"{nid},{name},{level_zh},{year},{score},{'是' if passed else '否'}\r\n")
    return out.getvalue().encode("utf-8-sig")


# --- Workers (one per process) ----------------------------------------------------------------


def _setup(database_url: str, var_dir: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["SHEGONG_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def worker_import(database_url: str, var_dir: str, n: int, seed: int) -> dict:
    _setup(database_url, var_dir)
    from shegong.core.audit import history_entries, verify_chain
    from shegong.core.context import acting
    from shegong.core.models import AuditIndexEntry, AuditRecord
    from shegong.core.testing import factories
    from shegong.people.models import Person
    from shegong.registry import imports
    from shegong.registry.models import ExamResult
    from shegong.registry.services import exams

    tree = factories.city_tree()
    actor = factories.user("bench_issuer", role="certificate_issuer", scope=tree["city"])
    data = csv_bytes(generate(n, seed))
    audit_before = AuditRecord.objects.count()
    with acting("bench-import"):
        t0 = time.perf_counter()
        table = imports.read_table(data, "results.csv")
        parsed = imports.parse_rows(table)
        t1 = time.perf_counter()
        report = exams.import_rows(
            actor, parsed.rows, parsed.headers, errors=parsed.errors, reason="bench"
        )
        t2 = time.perf_counter()
    assert report.written, report.errors[:5]
    assert ExamResult.objects.count() == n and Person.objects.count() == n
    audit_rows = AuditRecord.objects.count() - audit_before
    index_rows = AuditIndexEntry.objects.count()
    # The guarantees, checked after the timed part: every row's history shows its creation
    # (sampled), and the audit chains and their index verify.
    for person in Person.objects.order_by("?")[:20]:
        (created,) = history_entries(person)
        assert created.action == "create" and created.after["national_id"] == person.national_id
    for result in ExamResult.objects.order_by("?")[:20]:
        assert [r.action for r in history_entries(result)] == ["create"]
    t_verify = time.perf_counter()
    assert list(verify_chain()) == []
    verify_s = time.perf_counter() - t_verify
    # Again: the same file, all "unchanged" (the idempotent path reads, writes nothing).
    with acting("bench-again"):
        t3 = time.perf_counter()
        again = imports.import_exam_file(actor, data, "results.csv")
        t4 = time.perf_counter()
    assert again.unchanged == n and again.created_results == 0
    return {
        "rows": n,
        "parse_s": t1 - t0,
        "write_s": t2 - t1,
        "total_s": t2 - t0,
        "audit_records": audit_rows,
        "index_entries": index_rows,
        "verify_s": verify_s,
        "reimport_s": t4 - t3,
    }


def worker_import_export(database_url: str, var_dir: str, n: int, seed: int) -> dict:
    _setup(database_url, var_dir)
    import tablib
    from import_export import fields, resources

    from shegong.people.models import Person
    from shegong.people.validators import parse_national_id

    class PersonResource(resources.ModelResource):
        """A plain resource: one row → get-or-create the person by national ID, save."""

        national_id = fields.Field(attribute="national_id", column_name="身份证号")
        name = fields.Field(attribute="name", column_name="姓名")

        class Meta:
            model = Person
            fields = ("national_id", "name")
            import_id_fields = ("national_id",)

        def before_save_instance(self, instance, row, **kwargs):
            parsed = parse_national_id(instance.national_id)
            instance.birth_date, instance.sex = parsed.birth_date, parsed.sex

    rows = generate(n, seed)
    dataset = tablib.Dataset(headers=HEADER)
    for nid, name, level_zh, _level, year, score, passed in rows:
        dataset.append([nid, name, level_zh, year, score, "是" if passed else "否"])
    t0 = time.perf_counter()
    result = PersonResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - t0
    assert not result.has_errors() and Person.objects.count() == n
    return {"rows": n, "total_s": elapsed}


def pg_copy(database_url: str, n: int, seed: int) -> dict:
    import psycopg

    rows = generate(n, seed)
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy")
        conn.execute(
            """CREATE TABLE bench_copy (
                id bigserial PRIMARY KEY,
                national_id varchar(18) NOT NULL,
                name varchar(50) NOT NULL,
                level varchar(20) NOT NULL,
                year smallint NOT NULL,
                score numeric(5, 1),
                passed boolean NOT NULL,
                UNIQUE (national_id, year, level)
            )"""
        )
        conn.execute("CREATE INDEX bench_copy_name ON bench_copy (name)")
        conn.commit()
        text = io.StringIO()
        null = "\\N"
        for nid, name, _zh, level, year, score, passed in rows:
            text.write(f"{nid}\t{name}\t{level}\t{year}\t{score or null}\t{passed}\n")
        payload = text.getvalue().encode()
        t0 = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY bench_copy (national_id, name, level, year, score, passed) FROM STDIN"
            ) as copy,
        ):
            copy.write(payload)
        conn.commit()
        elapsed = time.perf_counter() - t0
        count = conn.execute("SELECT count(*) FROM bench_copy").fetchone()[0]
        assert count == n
    return {"rows": n, "total_s": elapsed}


#: The indexes issue 13 dropped (no query reads them), put back by ``copy_tables_old`` to
#: measure what they cost the same ``COPY``.
DROPPED_INDEXES = (
    "CREATE INDEX old_person_created_by ON people_person (created_by_id)",
    "CREATE INDEX old_person_updated_by ON people_person (updated_by_id)",
    "CREATE INDEX old_person_name_like ON people_person (name varchar_pattern_ops)",
    "CREATE INDEX old_person_national_id_like ON people_person (national_id varchar_pattern_ops)",
    "CREATE INDEX old_result_session ON registry_examresult (session_id)",
    "CREATE INDEX old_result_created_by ON registry_examresult (created_by_id)",
    "CREATE INDEX old_result_updated_by ON registry_examresult (updated_by_id)",
    "CREATE INDEX old_result_batch_like ON registry_examresult (import_batch varchar_pattern_ops)",
)


def worker_copy_tables_old(database_url: str, var_dir: str, n: int, seed: int) -> dict:
    """:func:`worker_copy_tables` with the indexes issue 13 dropped created again first."""
    return worker_copy_tables(database_url, var_dir, n, seed, old_indexes=True)


def worker_copy_tables(
    database_url: str, var_dir: str, n: int, seed: int, old_indexes: bool = False
) -> dict:
    """``COPY`` of the same rows, already cleaned, into the tables the import fills: people
    and results, with their real indexes, unique constraints and foreign keys (checked at
    commit), sessions created beforehand; no checks, no matching, no audit trail."""
    _setup(database_url, var_dir)
    from django.db import connection, transaction

    if old_indexes:
        with connection.cursor() as cursor:
            for sql in DROPPED_INDEXES:
                cursor.execute(sql)

    from shegong.core.testing import factories
    from shegong.people.validators import parse_national_id
    from shegong.registry.models import ExamSession

    tree = factories.city_tree()
    actor = factories.user("bench_issuer", role="certificate_issuer", scope=tree["city"])
    rows = generate(n, seed)
    sessions = {
        (year, level): ExamSession.objects.create(year=year, level=level).pk
        for year in range(2012, 2025)
        for _zh, level in LEVELS
    }
    area, user, now = tree["city"].pk, actor.pk, "2026-01-01 00:00:00+00"
    people, results = io.StringIO(), io.StringIO()
    for i, (nid, name, _zh, level, year, score, passed) in enumerate(rows, 1):
        parsed = parse_national_id(nid)
        people.write(
            f"{i}\t{nid}\t{name}\t{parsed.sex}\t{parsed.birth_date}\t\t\t\t{area}"
            f"\t{now}\t{now}\t{user}\t{user}\t1\n"
        )
        results.write(
            f"{sessions[(year, level)]}\t{i}\t{score or chr(92) + 'N'}\t{passed}\tbench"
            f"\t{now}\t{now}\t{user}\t{user}\t1\n"
        )
    people_text, results_text = people.getvalue().encode(), results.getvalue().encode()
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy(
            "COPY people_person (id, national_id, name, sex, birth_date, phone, email, address,"
            " area_id, created_at, updated_at, created_by_id, updated_by_id, version)"
            " FROM STDIN"
        ) as copy:
            copy.write(people_text)
        with cursor.copy(
            "COPY registry_examresult (session_id, person_id, score, passed, import_batch,"
            " created_at, updated_at, created_by_id, updated_by_id, version) FROM STDIN"
        ) as copy:
            copy.write(results_text)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_examresult")
        assert cursor.fetchone()[0] == n
        # The indexes the rows went through (issue 13: each one costs every insert).
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN "
            "('people_person', 'registry_examresult') ORDER BY indexname"
        )
        indexes = [r[0] for r in cursor.fetchall()]
    return {"rows": n, "total_s": elapsed, "indexes": indexes}


# --- The driver -----------------------------------------------------------------------------------


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    base = url.replace("postgres://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


def _compare_indexes(args, n: int) -> None:
    """``COPY`` of the same rows into the person and result tables, with the indexes issue 13
    dropped and without, alternating which goes first, each on a fresh database."""
    name = args.pg.rsplit("/", 1)[1]
    times: dict[str, list[float]] = {"copy_tables": [], "copy_tables_old": []}
    with tempfile.TemporaryDirectory(prefix="shegong-bench-") as tmp:
        for r in range(args.indexes):
            order = ["copy_tables", "copy_tables_old"]
            for kind in order if r % 2 == 0 else order[::-1]:
                _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                _pg_admin(args.pg, f'CREATE DATABASE "{name}"')
                try:
                    times[kind].append(_in_process(kind, args.pg, tmp, n, args.seed)["total_s"])
                finally:
                    _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(
        f"\nCOPY of {n:,} people and {n:,} exam results into the real tables, {args.indexes} rounds"
    )
    for kind, label in (("copy_tables_old", "with the dropped indexes"), ("copy_tables", "now")):
        values = ", ".join(f"{t:.2f}" for t in times[kind])
        print(f"{label:<26} median {statistics.median(times[kind]):6.2f} s  ({values})")
    print(f"Load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _in_process(kind: str, url: str, var_dir: str, n: int, seed: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--worker",
            kind,
            "--url",
            url,
            "--var",
            var_dir,
            "--rows",
            str(n),
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--pg", default=DEFAULT_PG)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument(
        "--skip-import-export", action="store_true", help="only our import and COPY"
    )
    parser.add_argument(
        "--indexes",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="only COPY into the tables, with the indexes of issue 13 and without, alternating",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--var", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        fn = {
            "import": worker_import,
            "import_export": worker_import_export,
            "copy_tables": worker_copy_tables,
            "copy_tables_old": worker_copy_tables_old,
        }[args.worker]
        print(json.dumps(fn(args.url, args.var, args.rows, args.seed)))
        return

    n, sample = args.rows, min(args.sample, args.rows)
    if args.indexes:
        _compare_indexes(args, n)
        return
    results: list[tuple[str, dict, str]] = []
    with tempfile.TemporaryDirectory(prefix="shegong-bench-") as tmp:
        if not args.skip_sqlite:
            kinds = (("import", n, ""), ("import_export", sample, "sample"))
            for kind, rows, label in kinds[: 1 if args.skip_import_export else 2]:
                db = Path(tmp) / f"{kind}.sqlite3"
                result = _in_process(kind, f"sqlite:///{db}", tmp, rows, args.seed)
                results.append((f"SQLite      {kind}", result, label))
        if not args.skip_pg:
            name = args.pg.rsplit("/", 1)[1]
            kinds = (("import", n, ""), ("copy_tables", n, ""), ("import_export", sample, "sample"))
            for kind, rows, label in kinds[: 2 if args.skip_import_export else 3]:
                _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                _pg_admin(args.pg, f'CREATE DATABASE "{name}"')
                try:
                    results.append(
                        (
                            f"PostgreSQL  {kind}",
                            _in_process(kind, args.pg, tmp, rows, args.seed),
                            label,
                        )
                    )
                    if kind == "import":
                        results.append(("PostgreSQL  COPY", pg_copy(args.pg, n, args.seed), ""))
                finally:
                    _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    copy = next((r for label, r, _ in results if label.endswith("COPY")), None)
    tables = next((r for label, r, _ in results if label.endswith("copy_tables")), None)
    print(
        f"\n{n:,} exam result rows (seed {args.seed}); import-export on {sample:,} rows, "
        "extrapolated\n"
    )
    print(
        "× COPY: the issue's comparison (COPY into one table); × tables: COPY of the same rows "
        "into the person and result tables (copy_tables)\n"
    )
    print(f"{'what':<30}{'seconds':>10}{'rows/s':>12}{'× COPY':>9}{'× tables':>9}  detail")
    for label, r, kind in results:
        seconds = r["total_s"] * (n / r["rows"])
        rate = r["rows"] / r["total_s"]
        ratio = f"{seconds / copy['total_s']:.1f}" if copy else "-"
        ratio_tables = f"{seconds / tables['total_s']:.1f}" if tables else "-"
        detail = ""
        if "parse_s" in r:
            detail = (
                f"read+check {r['parse_s']:.2f}s, write {r['write_s']:.2f}s, "
                f"{r['audit_records']:,} audit records, {r.get('index_entries', 0):,} index "
                f"entries (verify_audit {r.get('verify_s', 0):.2f}s); same file again "
                f"{r['reimport_s']:.2f}s (all unchanged)"
            )
        if kind == "sample":
            label = f"{label} (extrapolated)"
        print(f"{label:<30}{seconds:>10.2f}{rate:>12,.0f}{ratio:>9}{ratio_tables:>9}  {detail}")
    if tables and "indexes" in tables:
        print(f"\nIndexes of people_person and registry_examresult: {', '.join(tables['indexes'])}")
    print(f"Load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
