"""``shegong workflow_diagrams``: write each declared workflow's state diagram (Mermaid
``stateDiagram-v2``, ``core.workflow.mermaid``) into the module docs, between
``<!-- workflow:<model label> -->`` and ``<!-- /workflow -->`` (issue 11). ``--check`` changes
nothing and exits 1 when a diagram in the docs differs from its declaration."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import shegong
from shegong.core.workflow import render_diagrams


def docs_dir() -> Path:
    return Path(shegong.__file__).resolve().parents[2] / "docs" / "modules"


class Command(BaseCommand):
    help = "Write the state diagrams of the declared workflows into docs/modules/*.md."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report differences.")
        parser.add_argument("--docs", type=Path, default=None, help="The module docs folder.")

    def handle(self, *args, check=False, docs=None, **options):
        folder = docs or docs_dir()
        if not folder.is_dir():
            raise CommandError(f"No documentation folder at {folder}.")
        stale = []
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            rendered = render_diagrams(text)
            if rendered == text:
                continue
            stale.append(path.name)
            if not check:
                path.write_text(rendered, encoding="utf-8")
                self.stdout.write(f"updated {path}")
        if check and stale:
            raise CommandError("Workflow diagrams out of date in: " + ", ".join(stale))
