#!/usr/bin/env python3
"""Set up and run Shegong on a fresh machine that has only Python 3.11+.

    python3 dev.py demo   # venv, install, migrate SQLite under var/, demo data, serve :8000
    python3 dev.py test   # venv, install, the whole test suite (SQLite)
    python3 dev.py mutate MODULE  # mutation score of a module (tools/mutate.py, docs/testing.md)

Both can be run again without harm: installation is skipped while requirements/lock.txt is
unchanged, migrations and demo data only add what is missing.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements" / "lock.txt"
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
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    # uv installs the locked stack in seconds; plain pip is the fallback.
    try:
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv")
        run(python, "-m", "uv", "pip", "install", "--python", python, "-r", LOCK)
        run(python, "-m", "uv", "pip", "install", "--python", python, "--no-deps", "-e", ".")
    except subprocess.CalledProcessError:
        run(python, "-m", "pip", "install", "--quiet", "-r", LOCK)
        run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
    STAMP.write_text(wanted)


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
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test", "install", "mutate"}:
        sys.exit(__doc__)
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
