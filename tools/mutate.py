"""A small mutation tester for Shegong's rule modules (issue 11, point 5; ADR 0039).

    python3 dev.py mutate shegong.education.rules            # the module's mapped tests
    python3 dev.py mutate shegong.people.validators --list    # the mutants only, no test run
    python3 dev.py mutate shegong.assessment.rules -- -k cap  # extra pytest arguments

Each mutant is **one** small change to the module's source text: a comparison flipped
(``<``↔``<=``, ``>``↔``>=``, ``==``↔``!=``, ``in``↔``not in``, ``is``↔``is not``), ``and``↔``or``,
``+``↔``-``, ``*``↔``/``, a whole number ``n`` → ``n + 1``, ``True``↔``False``, a ``not``
removed, ``min``↔``max``, a Django lookup in a keyword or a string (``__lte``↔``__lt``,
``__gte``↔``__gt``), ``return x`` → ``return None``. The mutated text is written over the
module, the module's mapped test files run (``pytest -x -q -p no:cacheprovider -p no:randomly``)
with a timeout, and the original is written back in a ``finally`` (also on Ctrl-C; a copy of
the original is kept next to it as ``<file>.orig`` while a run is under way, and restored by
the next run if a run was killed hard). A mutant is *killed* when the tests fail, *survived*
when they pass, *timeout* when they run over the limit (counted as killed, as mutmut does).
Docstrings, ``assert`` statements and ``__all__`` are not mutated.

``MODULE_TESTS`` maps a module to the test files that exercise it and, optionally, to the
functions whose bodies are mutated (for a large module where only the rule functions matter).
One mutant at a time, no parallelism: the machine is shared.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

#: module → (test files, functions to mutate or None for the whole module)
MODULE_TESTS: dict[str, tuple[list[str], list[str] | None]] = {
    "shegong.assessment.rules": (["src/shegong/assessment/tests/test_rules.py"], None),
    "shegong.people.validators": (["src/shegong/people/tests/test_validators.py"], None),
    "shegong.procurement.rules": (["src/shegong/procurement/tests/test_rules.py"], None),
    # The rule functions; the SQL building of ``progress`` and ``credited_expression`` is
    # exercised by the same tests but left out of the routine run (about 100 more mutants).
    "shegong.education.rules": (
        [
            "src/shegong/education/tests/test_rule_edges.py",
            "src/shegong/education/tests/test_rules.py",
        ],
        [
            "rules_in_force",
            "_supervision_hours",
            "_valid_certificates",
            "_live_registration",
            "_records",
            "renewal_check_year",
            "renewal_rules",
            "renewal_condition",
        ],
    ),
    # The excellent cap (ADR 0026): computed with the results (``cycles``), checked when an
    # award is added by hand (``scoring``).
    "shegong.assessment.services.cycles": (
        [
            "src/shegong/assessment/tests/test_workflow.py",
            "-k",
            "cap or excellent or threshold or combined or small or reason_of_the_results",
        ],
        ["compute_results"],
    ),
    "shegong.assessment.services.scoring": (
        [
            "src/shegong/assessment/tests/test_workflow.py",
            "-k",
            "cap or excellent or threshold or combined or small or reason_of_the_results",
        ],
        ["_excellent_in_organisation", "hard_cap", "_check_hard_cap"],
    ),
    # FIN-2: the money limits and the city subsidy (issue 14).
    "shegong.funding.services": (
        [
            "src/shegong/funding/tests/test_ledger.py",
            "src/shegong/funding/tests/test_subsidy.py",
        ],
        ["money", "_refuse_beyond", "commit", "_settle", "subsidy_amount", "transfer_city_subsidy"],
    ),
    "shegong.funding.queries": (
        [
            "src/shegong/funding/tests/test_ledger.py",
            "src/shegong/funding/tests/test_subsidy.py",
        ],
        ["of_entries", "open_amount", "_derived"],
    ),
    "shegong.registry.services.registrations": (
        ["src/shegong/registry/tests/test_registrations.py"],
        ["renewal_problems", "rule_scope", "renewal_window_opens"],
    ),
}

COMPARE_SWAP = {
    ast.Lt: "<=",
    ast.LtE: "<",
    ast.Gt: ">=",
    ast.GtE: ">",
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.In: "not in",
    ast.NotIn: "in",
    ast.Is: "is not",
    ast.IsNot: "is",
}
COMPARE_TEXT = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
BINOP_SWAP = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.Div: ("/", "*")}
BINOP_SWAP |= {ast.FloorDiv: ("//", "*"), ast.Mod: ("%", "//")}
LOOKUP = re.compile(r"__(lte|lt|gte|gt)(?![A-Za-z0-9_])")
LOOKUP_SWAP = {"lte": "lt", "lt": "lte", "gte": "gt", "gt": "gte"}


@dataclass
class Mutant:
    start: int  # offsets in the source text
    end: int
    replacement: str
    line: int
    what: str

    def apply(self, source: str) -> str:
        return source[: self.start] + self.replacement + source[self.end :]


def _offsets(source: str) -> list[int]:
    starts, total = [], 0
    for line in source.splitlines(keepends=True):
        starts.append(total)
        total += len(line.encode("utf-8"))
    return starts


class _Finder(ast.NodeVisitor):
    """Collects the mutants of a module (offsets in bytes of UTF-8, as ``ast`` gives them)."""

    def __init__(self, source: str, functions: list[str] | None):
        self.raw = source.encode("utf-8")
        self.lines = _offsets(source)
        self.functions = functions
        self.inside = functions is None
        self.found: list[tuple[int, int, bytes, int, str]] = []

    def pos(self, line: int, col: int) -> int:
        return self.lines[line - 1] + col

    def span(self, node) -> tuple[int, int]:
        return self.pos(node.lineno, node.col_offset), self.pos(
            node.end_lineno, node.end_col_offset
        )

    def add(self, start: int, end: int, text: str, line: int, what: str) -> None:
        if self.inside:
            self.found.append((start, end, text.encode("utf-8"), line, what))

    def _between(self, left, right, old: str, new: str, line: int, what: str) -> None:
        """Replace the operator ``old`` in the text between two operands."""
        start, end = self.span(left)[1], self.span(right)[0]
        gap = self.raw[start:end].decode("utf-8")
        match = re.search(r"(?<![<>=!])" + re.escape(old) + r"(?![<>=])", gap)
        if old in ("in", "is", "not in", "is not", "and", "or"):
            match = re.search(r"\b" + re.escape(old) + r"\b", gap)
        if match:
            self.add(start + match.start(), start + match.end(), new, line, what)

    # -- scopes ------------------------------------------------------------------------------
    def visit_FunctionDef(self, node) -> None:
        was = self.inside
        if self.functions is not None and node.name in self.functions:
            self.inside = True
        self._body(node)
        self.inside = was

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node) -> None:
        self._body(node)

    def _body(self, node) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def visit_Expr(self, node) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring
        self.generic_visit(node)

    def visit_Assert(self, node) -> None:
        return

    def visit_JoinedStr(self, node) -> None:
        return  # f-strings: messages, and their inner positions are unreliable before 3.12

    def visit_Assign(self, node) -> None:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return
        self.generic_visit(node)

    # -- mutations ---------------------------------------------------------------------------
    def visit_Compare(self, node) -> None:
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            kind = type(op)
            self._between(
                operands[i],
                operands[i + 1],
                COMPARE_TEXT[kind],
                COMPARE_SWAP[kind],
                node.lineno,
                f"{COMPARE_TEXT[kind]} → {COMPARE_SWAP[kind]}",
            )
        self.generic_visit(node)

    def visit_BoolOp(self, node) -> None:
        old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        for left, right in zip(node.values, node.values[1:], strict=False):
            self._between(left, right, old, new, node.lineno, f"{old} → {new}")
        self.generic_visit(node)

    def visit_BinOp(self, node) -> None:
        swap = BINOP_SWAP.get(type(node.op))
        if swap:
            self._between(node.left, node.right, *swap, node.lineno, f"{swap[0]} → {swap[1]}")
        self.generic_visit(node)

    def visit_UnaryOp(self, node) -> None:
        if isinstance(node.op, ast.Not):
            start, end = self.span(node)[0], self.span(node.operand)[0]
            gap = self.raw[start:end].decode("utf-8")  # "not " or "not (": keep the bracket
            self.add(start, end, gap.replace("not", "", 1).strip(), node.lineno, "not removed")
        self.generic_visit(node)

    def visit_Constant(self, node) -> None:
        start, end = self.span(node)
        value = node.value
        if value is True or value is False:
            self.add(start, end, str(not value), node.lineno, f"{value} → {not value}")
        elif isinstance(value, int) and not isinstance(value, bool):
            self.add(start, end, str(value + 1), node.lineno, f"{value} → {value + 1}")
        elif isinstance(value, str):
            text = self.raw[start:end].decode("utf-8")
            for match in LOOKUP.finditer(text):
                new = "__" + LOOKUP_SWAP[match.group(1)]
                self.add(
                    start + match.start(),
                    start + match.end(),
                    new,
                    node.lineno,
                    f"{match.group(0)} → {new}",
                )

    def visit_keyword(self, node) -> None:
        if node.arg and LOOKUP.search(node.arg):
            match = LOOKUP.search(node.arg)
            start = self.pos(node.lineno, node.col_offset)
            new = "__" + LOOKUP_SWAP[match.group(1)]
            self.add(
                start + match.start(),
                start + match.end(),
                new,
                node.lineno,
                f"{node.arg} → {node.arg[: match.start()]}{new}",
            )
        self.generic_visit(node)

    def visit_Call(self, node) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
            start, end = self.span(node.func)
            new = "max" if node.func.id == "min" else "min"
            self.add(start, end, new, node.lineno, f"{node.func.id} → {new}")
        self.generic_visit(node)

    def visit_Return(self, node) -> None:
        if node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None
        ):
            start, end = self.span(node.value)
            self.add(start, end, "None", node.lineno, "return None")
        self.generic_visit(node)


def mutants_of(source: str, functions: list[str] | None = None) -> list[Mutant]:
    finder = _Finder(source, functions)
    finder.visit(ast.parse(source))
    raw = source.encode("utf-8")
    found = []
    for start, end, new, line, what in sorted(set(finder.found)):
        mutated = (raw[:start] + new + raw[end:]).decode("utf-8")
        try:
            ast.parse(mutated)
        except SyntaxError:
            continue
        # Back to character offsets for ``Mutant.apply``.
        s, e = len(raw[:start].decode("utf-8")), len(raw[:end].decode("utf-8"))
        found.append(Mutant(s, e, new.decode("utf-8"), line, what))
    return found


def diff(source: str, mutant: Mutant, path: str) -> str:
    lines = difflib.unified_diff(
        source.splitlines(keepends=True),
        mutant.apply(source).splitlines(keepends=True),
        fromfile=path,
        tofile=path + " (mutant)",
        n=0,
    )
    return "".join(line for line in lines if not line.startswith(("---", "+++")))


def run_tests(tests: list[str], extra: list[str], timeout: float) -> tuple[str, float]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.setdefault("SHEGONG_VAR_DIR", str(ROOT / "var" / "test"))
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    cmd += ["-p", "no:randomly", *tests, *extra]
    started = time.monotonic()
    try:
        result = subprocess.run(  # noqa: S603 - our own test command
            cmd, cwd=ROOT, env=env, timeout=timeout, capture_output=True, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started
    took = time.monotonic() - started
    if result.returncode == 0:
        return "survived", took
    if result.returncode in (1,):
        return "killed", took
    # 2-5: interrupted, internal error, usage error, no tests: the mutant broke the import.
    return "killed", took


def module_path(module: str) -> Path:
    path = SRC.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        sys.exit(f"No module file {path.relative_to(ROOT)} for {module}.")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev.py mutate", description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="dotted module name, e.g. shegong.education.rules")
    parser.add_argument("--tests", nargs="*", help="test files (default: MODULE_TESTS)")
    parser.add_argument("--only", help="functions to mutate, comma-separated")
    parser.add_argument("--line", action="append", type=int, help="only mutants on this line")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--timeout-factor", type=float, default=3.0)
    args, extra = parser.parse_known_args(argv)
    extra = [a for a in extra if a != "--"]

    path = module_path(args.module)
    mapped_tests, mapped_functions = MODULE_TESTS.get(args.module, (None, None))
    tests = args.tests or mapped_tests
    functions = args.only.split(",") if args.only else mapped_functions
    if not tests and not args.list:
        sys.exit(f"No tests mapped for {args.module}: add it to MODULE_TESTS or pass --tests.")

    backup = path.with_name(path.name + ".orig")
    if backup.exists():  # a run killed hard: put the original back first
        shutil.copyfile(backup, path)
        backup.unlink()
    source = path.read_text(encoding="utf-8")
    mutants = mutants_of(source, functions)
    if args.line:
        mutants = [m for m in mutants if m.line in args.line]
    rel = str(path.relative_to(ROOT))
    scope = f" (functions: {', '.join(functions)})" if functions else ""
    print(f"{args.module}: {len(mutants)} mutants{scope}", flush=True)
    if args.list:
        try:
            for i, m in enumerate(mutants, 1):
                print(f"#{i} line {m.line}: {m.what}")
        except BrokenPipeError:  # piped into head
            sys.stderr.close()
        return 0

    status, took = run_tests(tests, extra, timeout=3600)
    if status != "survived":
        sys.exit(f"The tests fail on the unmutated module ({status}): fix them first.")
    timeout = max(took * args.timeout_factor, took + 30)
    print(f"tests: {' '.join(tests)} ({took:.0f} s unmutated; timeout {timeout:.0f} s)")

    results: dict[str, list[Mutant]] = {"killed": [], "survived": [], "timeout": []}
    shutil.copyfile(path, backup)
    try:
        for i, m in enumerate(mutants, 1):
            path.write_text(m.apply(source), encoding="utf-8")
            status, took = run_tests(tests, extra, timeout)
            results[status].append(m)
            print(
                f"#{i}/{len(mutants)} line {m.line}: {m.what}: {status} ({took:.0f} s)", flush=True
            )
    finally:
        path.write_text(source, encoding="utf-8")
        backup.unlink(missing_ok=True)

    killed = len(results["killed"]) + len(results["timeout"])
    total = len(mutants)
    print("\nSurvivors:" if results["survived"] else "\nNo survivors.")
    for m in results["survived"]:
        print(f"\nline {m.line}: {m.what}\n{diff(source, m, rel)}", end="")
    score = 100 * killed / total if total else 100.0
    print(
        f"\n{args.module}: {total} mutants, {len(results['killed'])} killed, "
        f"{len(results['timeout'])} timeout, {len(results['survived'])} survived: "
        f"score {score:.1f} %"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
