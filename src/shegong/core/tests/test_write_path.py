"""One write path (issue 11, point 3): services, views and the API of every app write through
``core.services`` (``create_record``, ``update_record``, ``delete_record``,
``update_records_in_bulk``, ``core.workflow.take``) or ``core.bulk``, which validate, check
permissions, raise versions and keep the audit trail. This test reads their source (AST) and
fails, naming file and line, on a direct model write: ``.save()``, ``.delete()``,
``.update(...)`` with keyword arguments on a queryset built in place, ``.create(``,
``bulk_create(``, ``bulk_update(``, ``get_or_create(``, ``update_or_create(``.

An exception is listed in :data:`ALLOWED` with its reason; keep it short.
"""

from __future__ import annotations

import ast
from pathlib import Path

import shegong

SOURCE = Path(shegong.__file__).resolve().parent

#: Module globs, per app, where writes must go through ``core.services``.
PATTERNS = (
    "services.py",
    "services/*.py",
    "views*.py",
    "views/*.py",
    "api/*.py",
    "api.py",
    "pay.py",
)

#: Always a model or queryset write, whatever the arguments.
ALWAYS = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}

#: ``"app/path.py:function"`` → why it may write directly. Keep this list short.
ALLOWED: dict[str, str] = {}


def _modules():
    for app in sorted(p for p in SOURCE.iterdir() if p.is_dir() and p.name != "core"):
        found = set()
        for pattern in PATTERNS:
            found.update(app.glob(pattern))
        yield from sorted(found)


def _is_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    name = call.func.attr
    if name in ALWAYS:
        return True
    if name in ("save", "delete"):
        # ``workbook.save(buffer)``, ``storage.delete(name)`` take a positional argument.
        return not call.args
    if name == "update":
        # A queryset's ``update(field=value)`` on a queryset built in place
        # (``Model.objects.filter(...).update(...)``); a dict's ``update`` is called on a name.
        receiver = call.func.value
        built = isinstance(receiver, ast.Call) or (
            isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
        )
        return not call.args and built
    return False


def _writes(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and _is_write(node):
                yield function.name, node.lineno, ast.unparse(node.func)


def direct_writes() -> list[str]:
    found = []
    for path in _modules():
        where = path.relative_to(SOURCE).as_posix()
        for function, line, call in _writes(path):
            if f"{where}:{function}" not in ALLOWED:
                found.append(f"{where}:{line} in {function}(): {call}(…)")
    return sorted(set(found))


def test_services_views_and_the_api_write_only_through_core_services():
    assert direct_writes() == []


def test_the_scan_finds_a_direct_write(tmp_path, monkeypatch):
    """The scanner itself: a hand-written save, queryset update and create are found; a dict's
    update and a workbook's save are not."""
    app = tmp_path / "demoapp"
    app.mkdir()
    (app / "services.py").write_text(
        "def write(obj, rows, book, out):\n"
        "    obj.status = 'x'\n"
        "    obj.save()\n"
        "    rows.filter(pk=1).update(status='y')\n"
        "    rows.create(name='z')\n"
        "    {}.update({'a': 1})\n"
        "    book.save(out)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["SOURCE"]), "SOURCE", tmp_path)
    assert direct_writes() == [
        "demoapp/services.py:3 in write(): obj.save(…)",
        "demoapp/services.py:4 in write(): rows.filter(pk=1).update(…)",
        "demoapp/services.py:5 in write(): rows.create(…)",
    ]


def test_every_allowance_still_names_a_function_that_exists():
    functions = set()
    for path in _modules():
        where = path.relative_to(SOURCE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions.update(
            f"{where}:{node.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        )
    assert sorted(set(ALLOWED) - functions) == []
