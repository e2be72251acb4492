#!/usr/bin/env python3
"""Set up and run Shegong on a fresh machine that has only Python 3.11+.

    python3 dev.py demo   # venv, install, migrate SQLite under var/, demo data, serve :8000
    python3 dev.py test   # venv, install, the whole test suite (SQLite)
    python3 dev.py mutate MODULE  # mutation score of a module (tools/mutate.py, docs/testing.md)

Both can be run again without harm: installation is skipped while the lock files are
unchanged, migrations and demo data only add what is missing. For maintainers:

    python3 dev.py lock          # recompile requirements/prod.txt and dev.txt from pyproject.toml
    python3 dev.py lock --check  # fail if they are out of date (CI); skips if the index is down
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# Production: the runtime dependencies, with hashes. Development: the same pins (compiled with
# the production lock as constraints) plus the dev and bench extras; it is what dev.py installs.
PROD_LOCK = ROOT / "requirements" / "prod.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
STAMP = VENV / ".shegong-installed"


def run(*cmd, env=None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, check=True)


def ensure_installed() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Shegong needs Python 3.11 or newer.")
    python = BIN / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256(
        PROD_LOCK.read_bytes() + DEV_LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    # uv installs the locked stack in seconds; plain pip is the fallback. Both check the hashes.
    try:
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv")
        run(python, "-m", "uv", "pip", "install", "--python", python, "-r", DEV_LOCK)
        run(python, "-m", "uv", "pip", "install", "--python", python, "--no-deps", "-e", ".")
    except subprocess.CalledProcessError:
        run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", DEV_LOCK)
        run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
    STAMP.write_text(wanted)


# --- Lock files (issue 11 point 7, ADR 0014) ----------------------------------------------------

INDEX_URL = (
    os.environ.get("UV_INDEX_URL") or os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple/"
)
#: Before the split, one requirements/lock.txt held everything. While a merge brings it back,
#: its pins are used as constraints, so that relocking upgrades nothing; then delete it.
LEGACY_LOCK = ROOT / "requirements" / "lock.txt"


def compile_locks(prod: Path, dev: Path, *, legacy: bool) -> None:
    """Compile the two locks with uv, keeping the pins already in ``prod``/``dev`` (uv prefers
    the versions in an existing output file) and hashing every distribution."""
    python = BIN / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
    if subprocess.run([python, "-m", "uv", "--version"], capture_output=True).returncode:
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv")
    common = ["--generate-hashes", "--python-version", "3.11", "--quiet"]
    common += ["--custom-compile-command", "python3 dev.py lock"]
    if legacy and LEGACY_LOCK.exists():
        print(f"Using the pins of {LEGACY_LOCK.relative_to(ROOT)} as constraints.", flush=True)
        common += ["-c", LEGACY_LOCK.relative_to(ROOT)]
    uv = [python, "-m", "uv", "pip", "compile", "pyproject.toml", *common]
    run(*uv, "-o", prod)
    run(*uv, "--extra", "dev", "--extra", "bench", "-c", prod, "-o", dev)


def index_reachable() -> bool:
    try:
        with urllib.request.urlopen(INDEX_URL, timeout=15):  # noqa: S310 (a configured URL)
            return True
    except OSError:
        return False


def lock(check: bool) -> None:
    if not check:
        prod, dev = PROD_LOCK.relative_to(ROOT), DEV_LOCK.relative_to(ROOT)
        if LEGACY_LOCK.exists():
            compile_locks(prod, dev, legacy=True)
            print(f"Now delete {LEGACY_LOCK.relative_to(ROOT)}: the two locks replace it.")
        # (again) without the legacy constraints, which would otherwise be named in "# via"
        compile_locks(prod, dev, legacy=False)
        return
    with tempfile.TemporaryDirectory() as tmp:
        prod, dev = Path(tmp) / PROD_LOCK.name, Path(tmp) / DEV_LOCK.name
        shutil.copy(PROD_LOCK, prod)
        shutil.copy(DEV_LOCK, dev)
        try:
            compile_locks(prod, dev, legacy=False)
        except subprocess.CalledProcessError:
            if not index_reachable():
                print(f"SKIPPED: the package index {INDEX_URL} cannot be reached.", flush=True)
                return
            raise
        stale = []
        for mine, fresh in ((PROD_LOCK, prod), (DEV_LOCK, dev)):
            theirs = fresh.read_text().replace(f"-c {prod}", f"-c {PROD_LOCK.relative_to(ROOT)}")
            if mine.read_text() != theirs:
                stale.append(str(mine.relative_to(ROOT)))
                diff = difflib.unified_diff(
                    mine.read_text().splitlines(True), theirs.splitlines(True), str(mine), "fresh"
                )
                sys.stdout.writelines(diff)
        if stale:
            sys.exit(f"{', '.join(stale)} out of date with pyproject.toml: run python3 dev.py lock")
        print("requirements/prod.txt and requirements/dev.txt match pyproject.toml.")


def shegong(*args, env=None) -> None:
    run(BIN / "shegong", *args, env=env)


def demo() -> None:
    env = {**os.environ, "SHEGONG_VAR_DIR": os.environ.get("SHEGONG_VAR_DIR", str(ROOT / "var"))}
    shegong("migrate", "--no-input", env=env)
    shegong("demo_data", "--scale", os.environ.get("SHEGONG_DEMO_SCALE", "district"), env=env)
    print(
        "\n  Shegong is starting on http://127.0.0.1:8000\n"
        "  Demo administrator: admin / Shegong-demo-2026 (every demo account has this password)\n",
        flush=True,
    )
    shegong("runserver", "127.0.0.1:8000", "--noreload", env=env)


def test(extra: list[str]) -> None:
    env = {**os.environ}
    env.setdefault("SHEGONG_VAR_DIR", str(ROOT / "var" / "test"))
    run(BIN / "python", "-m", "pytest", *extra, env=env)


def mutate(extra: list[str]) -> None:
    env = {**os.environ}
    env.setdefault("SHEGONG_VAR_DIR", str(ROOT / "var" / "test"))
    run(BIN / "python", ROOT / "tools" / "mutate.py", *extra, env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test", "install", "lock", "mutate"}:
        sys.exit(__doc__)
    if sys.argv[1] == "lock":
        return lock(check="--check" in sys.argv[2:])
    ensure_installed()
    try:
        if sys.argv[1] == "demo":
            demo()
        elif sys.argv[1] == "test":
            test(sys.argv[2:])
        elif sys.argv[1] == "mutate":
            mutate(sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
