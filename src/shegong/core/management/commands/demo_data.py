"""``shegong demo_data --scale district|city``: deterministic demo data for every module.

Each app may have a ``demo.py`` with ``generate(scale, rng, log)``; they run in the order of
``INSTALLED_APPS`` (lower modules first), all with one seeded random generator, so the same
command gives the same data on every machine. Running it again creates nothing new.

The city scale (6,000 people) writes its thousands of rows through the bulk paths of the
imports (``core.bulk``, bulk audit records) and loads in a few minutes; ``--people N`` loads a
city of ``N`` people instead (tests use a small one). ``log`` is a :class:`Console`: modules
call it with their summary line and ``log.step(what, done, total)`` for a progress bar. At the
end every table is analysed (``ANALYZE``), so the planner knows what was loaded.
"""

import random
import sys
import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from shegong.core import bulk
from shegong.core.apps import ShegongAppConfig
from shegong.core.context import acting

SCALES = ("district", "city")


class Scale(str):
    """A scale name (``"district"``, ``"city"``) that may carry its number of people."""

    people: int | None = None

    def __new__(cls, name: str, people: int | None = None):
        scale = super().__new__(cls, name)
        scale.people = people
        return scale


class Console:
    """The command's output: summary lines, and a progress bar per step (redrawn in place on a
    terminal, one line when done elsewhere), each with the time since the start."""

    WIDTH = 30

    def __init__(self, stdout, tty: bool):
        self.stdout, self.tty, self.start = stdout, tty, time.monotonic()

    def _elapsed(self) -> str:
        return f"{time.monotonic() - self.start:6.1f} s"

    def __call__(self, line: str) -> None:
        self.stdout.write(f"[{self._elapsed()}] {line}")

    def step(self, what: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = f"[{self._elapsed()}] {what} [{bar}] {done:,}/{total:,}"
        if self.tty:
            self.stdout.write("\r" + line, ending="\n" if done >= total else "")
            self.stdout.flush()
        elif done >= total:
            self.stdout.write(line)


class Command(BaseCommand):
    help = "Load deterministic demo data (areas, organisations, users, and each module's own)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="district")
        parser.add_argument("--seed", type=int, default=20261130)
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            help="City scale only: this many people instead of 6,000 (a small city for tests).",
        )

    def handle(self, *args, scale, seed, people=None, **options):
        rng = random.Random(seed)
        log = Console(self.stdout, tty=sys.stdout.isatty() and self.stdout._out is sys.stdout)
        scale = Scale(scale, people if scale == "city" else None)
        modules = []
        for config in apps.get_app_configs():
            if not isinstance(config, ShegongAppConfig):
                continue
            try:
                modules.append((config, import_module(f"{config.name}.demo")))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
        with acting(), transaction.atomic():
            for n, (config, module) in enumerate(modules, 1):
                log(f"({n}/{len(modules)}) {config.verbose_name} …")
                module.generate(scale, rng, log)
        bulk.analyze()  # statistics of everything loaded, after the commit
        log("Statistics updated (ANALYZE).")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (scale {scale}, seed {seed})."))
