"""One shape for every app (issue 11, point 4), checked against the tree.

``core/tests/test_layout.py`` fails when

- a module (not a test, not a migration) is longer than :data:`MAX_LINES` lines: it becomes a
  package of the same name (``models/``, ``views/``, ``services/``, ``forms/``, …);
- a form class is defined outside an app's ``forms.py`` or ``forms/`` package;
- a domain app has a module whose name is neither one of :data:`COMMON_MODULES` nor one of
  its own :data:`APP_MODULES` (each with the reason it exists);
- a module of an app named in the docs (README, ``docs/*.md``,
  ``docs/modules/*.md``) is not in the tree;
- a generated block of ``docs/architecture.md`` (the tree of ``src/shegong``, the allowed
  module names, the order of the import layers from ``pyproject.toml``) differs from what
  :func:`render` makes of the tree today.

Rewrite the blocks after changing the tree::

    python -m shegong.core.testing.layout --write

Without ``--write`` the command prints the problems (exit status 1 if there are any). Plain
files and the standard library only: no Django set-up needed.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

#: ``src/shegong``.
PACKAGE = Path(__file__).resolve().parents[2]
#: The repository: ``docs/``, ``pyproject.toml``.
ROOT = PACKAGE.parents[1]
DOC = ROOT / "docs" / "architecture.md"
PYPROJECT = ROOT / "pyproject.toml"

#: The longest module allowed (lines); a longer one becomes a package of the same name.
MAX_LINES = 600

#: Modules over :data:`MAX_LINES` that another branch is splitting right now (issue 11, point
#: 3: ``workflow``). An entry that is gone or short enough fails the test: remove it then.
BEING_SPLIT: set[str] = set()

#: The names every domain app may use, each a module or a package of the same name.
COMMON_MODULES = {
    "__init__": "the app's package (one line: what the app is)",
    "apps": "the AppConfig: menu entries (`navigation`), start-up registrations",
    "models": "models, with their access policy and field validation",
    "choices": "the `TextChoices` of the models and forms",
    "services": "every write (through `core.services`) and every rule that decides something",
    "rules": "policy rules computed in the database (e.g. continuing-education hours)",
    "parameters": "the policy's numbers and dates, dated, in one place",
    "queries": "read-side query definitions shared by services and views (no writes)",
    "validators": "field validators of national standards (ID numbers, credit codes)",
    "privacy": "how the app's private fields are masked",
    "panels": "sections the app adds to a person's page (`people.panels`)",
    "workbench": "the work queues and short cuts the app puts on the workbench (`core.workbench`)",
    "filtersets": "one filterset per model (UI list and API)",
    "forms": "every form class of the app",
    "tables": "one table per model (lists and exports)",
    "views": "pages",
    "urls": "the app's URL patterns",
    "api": "`serializers.py`, `views.py`, `urls.py` of the API",
    "imports": "file imports (checked, then all or nothing)",
    "exports": "export and report jobs (XLSX, CSV)",
    "tasks": "Celery tasks (periodic work)",
    "demo": "demo data (`shegong demo_data`)",
    "management": "management commands",
    "templates": "templates, under `templates/<app>/`",
    "templatetags": "template tags",
    "static": "static files",
    "tests": "the app's tests",
    "migrations": "database migrations",
}

#: Modules that only one app has, with the reason (decided in issue 11, point 4).
APP_MODULES = {
    "accounts": {
        "authentication": "the API's token authentication (expiring personal tokens)",
        "lockout": "what sign-in says of django-axes's lockout before and when it locks (issue 12)",
    },
    "assessment": {
        "promotion": "the condition the assessment adds to promotion in `workforce.pay` (PAY-2)",
    },
    "education": {
        "years": "the CPD year: where each year starts, a dated parameter (issue 11)",
    },
    "organisations": {
        "notes": "lines that modules above add to an organisation's page (grading: the grade)",
    },
    "portal": {
        "ratelimit": "the rate limits of the public pages and the public API (REG-5)",
        "pagecache": "the public register page's answers kept for visitors (issue 13)",
    },
    "registry": {
        "pdf": "the certificate as a PDF with its QR code (REG-2)",
        "signing": "certificate signing keys and signed payloads (REG-2, REG-5)",
    },
    "procurement": {
        "ocds": "the procurements as open contracting data, OCDS 1.1.5 (issue 14, ADR 0053)",
        "overdue": "overdue steps of procurements and contracts, one function a step (issue 14)",
    },
    "reports": {
        "figures": "the figures of the leadership's overview and reports, declared once (GOV-1)",
        "pdf": "the statistical report as a PDF (GOV-1)",
        "money": "the purchased-services dashboard's tables (issue 14: FIN-2, FIN-4, GOV-1)",
        "oversight": "the oversight dashboard's tables (issue 15 point 7: FIN-5, ORG-3, ORG-5)",
    },
    "workforce": {
        "compliance": "the compliance dashboard's figures, read side (issue 4)",
        "pay": "the rules of grades, pay, promotion and insurance (PAY-1 to PAY-3)",
        "post_notes": "lines that modules above add to a post's page (procurement: contracts)",
    },
}

#: Packages that are not apps (no ``apps.py``) but sit in ``src/shegong``.
NOT_APPS = {"locale", "__pycache__"}

BLOCK = re.compile(
    r"(<!-- generated: (?P<name>[a-z]+)[^>]*-->\n)(?P<body>.*?)(<!-- end: (?P=name) -->)", re.S
)


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def apps() -> list[str]:
    """The apps in ``src/shegong`` (folders with an ``apps.py``), ``core`` first."""
    found = sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))
    return sorted(found, key=lambda name: (name != "core", name))


def source_files() -> list[Path]:
    """Every module of the running code: not tests, not migrations, not caches."""
    skipped = {"tests", "migrations", "__pycache__"}
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not skipped & set(path.relative_to(PACKAGE).parts[:-1])
        and not path.name.startswith("test_")
    )


def long_modules() -> list[str]:
    problems = []
    for path in source_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        name = _relative(path)
        if lines > MAX_LINES and name not in BEING_SPLIT:
            problems.append(
                f"{name}: {lines} lines (at most {MAX_LINES}): make it a package of the same name"
            )
    for name in sorted(BEING_SPLIT):
        path = PACKAGE / name
        if not path.exists() or len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES:
            problems.append(f"{name} is no longer too long: remove it from BEING_SPLIT")
    return problems


def _is_form(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if name.endswith(("Form", "FormSet")):
            return True
    return False


def _in_forms(path: Path) -> bool:
    return path.name == "forms.py" or "forms" in path.relative_to(PACKAGE).parts[:-1]


def forms_outside() -> list[str]:
    """Form classes (a base named ``…Form`` or ``…FormSet``, at any depth) outside forms."""
    problems = []
    for path in source_files():
        if _in_forms(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and _is_form(node):
                problems.append(
                    f"{_relative(path)}:{node.lineno}: form {node.name} belongs in forms.py"
                )
    return problems


def app_entries(app: str) -> list[str]:
    """The names of an app's modules and packages (``views`` for ``views.py`` or ``views/``)."""
    names = set()
    for entry in (PACKAGE / app).iterdir():
        if entry.name in NOT_APPS or entry.name.startswith("."):
            continue
        if entry.is_dir():
            names.add(entry.name)
        elif entry.suffix == ".py":
            names.add(entry.stem)
    return sorted(names)


def unknown_modules() -> list[str]:
    """Modules of domain apps (not ``core``, the framework) with a name nobody documented."""
    problems = []
    for app in apps():
        if app == "core":
            continue
        allowed = COMMON_MODULES.keys() | APP_MODULES.get(app, {}).keys()
        for name in app_entries(app):
            if name not in allowed:
                problems.append(
                    f"{app}/{name}: not a module name of the app shape: use one of "
                    "COMMON_MODULES, or add it to APP_MODULES with its reason"
                )
    for app, modules in sorted(APP_MODULES.items()):
        for name in sorted(modules):
            if name not in app_entries(app):
                problems.append(f"{app}/{name} is gone: remove it from APP_MODULES")
    return problems


def _describe(app: str) -> str:
    tree = ast.parse((PACKAGE / app / "__init__.py").read_text(encoding="utf-8"))
    return (ast.get_docstring(tree) or "").strip().splitlines()[0] if tree.body else ""


def _entry_label(app: str, name: str) -> str:
    return f"{name}/" if (PACKAGE / app / name).is_dir() else name


def render_tree() -> str:
    lines = ["```", "src/shegong/"]
    for app in apps():
        lines.append(f"  {app + '/':<16}{_describe(app)}")
        entries = [_entry_label(app, n) for n in app_entries(app) if n != "__init__"]
        row = "    "
        for entry in entries:
            if len(row) + len(entry) + 1 > 96:
                lines.append(row.rstrip())
                row = "    "
            row += entry + " "
        lines.append(row.rstrip())
    lines.append("```")
    return "\n".join(lines)


def render_modules() -> str:
    lines = ["| module | what it holds |", "| --- | --- |"]
    lines += [f"| `{name}` | {text} |" for name, text in COMMON_MODULES.items()]
    lines += ["", "| app | module | why it exists |", "| --- | --- | --- |"]
    for app, modules in sorted(APP_MODULES.items()):
        lines += [f"| `{app}` | `{name}` | {text} |" for name, text in sorted(modules.items())]
    return "\n".join(lines)


def layers() -> list[str]:
    """The layers of the import-linter ``layers`` contract in ``pyproject.toml``, top first."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["type"] == "layers"]
    return contract["layers"]


def render_layers() -> str:
    def short(layer: str) -> str:
        return " | ".join(f"`{m.strip().removeprefix('shegong.')}`" for m in layer.split("|"))

    return "From the top: " + " → ".join(short(layer) for layer in layers()) + "."


RENDERERS = {"layout": render_tree, "modules": render_modules, "layers": render_layers}


def render(text: str) -> str:
    """``text`` (the architecture doc) with every generated block rewritten from the tree."""

    def replace(match: re.Match) -> str:
        body = RENDERERS[match["name"]]()
        return f"{match.group(1)}{body}\n{match.group(4)}"

    return BLOCK.sub(replace, text)


def stale_doc() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    names = {m["name"] for m in BLOCK.finditer(text)}
    problems = [
        f"docs/architecture.md has no generated block {name!r}"
        for name in sorted(RENDERERS.keys() - names)
    ]
    if render(text) != text:
        problems.append(
            "docs/architecture.md differs from the tree: run "
            "`python -m shegong.core.testing.layout --write`"
        )
    return problems


#: ``app/module.py`` (``app/package/module.py``) in backticks, maybe after ``src/shegong/``.
DOC_PATH = re.compile(r"`(?:src/shegong/)?((?:[a-z_]+/)+[a-z_0-9]+\.py)`")


def doc_files() -> list[Path]:
    """The docs that describe the tree today (the decision records are history)."""
    docs = ROOT / "docs"
    return [ROOT / "README.md", *sorted(docs.glob("*.md")), *sorted(docs.glob("modules/*.md"))]


def missing_paths() -> list[str]:
    """Modules of an app named in the docs that are not in the tree."""
    names = set(apps())
    problems = []
    for doc in doc_files():
        if not doc.exists():
            continue
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for match in DOC_PATH.finditer(line):
                path = match.group(1)
                if path.split("/")[0] in names and not (PACKAGE / path).exists():
                    problems.append(f"{doc.relative_to(ROOT)}:{number}: {path} does not exist")
    return problems


def problems() -> list[str]:
    return long_modules() + forms_outside() + unknown_modules() + stale_doc() + missing_paths()


def main(argv: list[str]) -> int:
    if "--write" in argv:
        DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
