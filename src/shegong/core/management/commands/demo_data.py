"""``shegong demo_data --scale district|city``: deterministic demo data for every module.

Each app may have a ``demo.py`` with ``generate(scale, rng, log)``; they run in the order of
``INSTALLED_APPS`` (lower modules first), all with one seeded random generator, so the same
command gives the same data on every machine. Running it again creates nothing new.
"""

import random
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from shegong.core.apps import ShegongAppConfig
from shegong.core.context import acting

SCALES = ("district", "city")


class Command(BaseCommand):
    help = "Load deterministic demo data (areas, organisations, users, and each module's own)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="district")
        parser.add_argument("--seed", type=int, default=20261130)

    def handle(self, *args, scale, seed, **options):
        rng = random.Random(seed)
        with acting(), transaction.atomic():
            for config in apps.get_app_configs():
                if not isinstance(config, ShegongAppConfig):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.generate(scale, rng, self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (scale {scale}, seed {seed})."))
