"""Validation against the vendored OCDS 1.1.5 schemas, offline (ADR 0053).

The package schemas refer to the release schema by its URL; a ``referencing.Registry`` maps
every schema URL of the standard to the file in ``schema/1.1.5/``, so nothing is fetched.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMAS = Path(__file__).parent / "schema" / "1.1.5"
FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)


@cache
def registry() -> Registry:
    resources = []
    for name in FILES:
        contents = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        resources.append((contents["id"], Resource(contents=contents, specification=DRAFT4)))
    return Registry().with_resources(resources)


@cache
def _validator(name: str) -> Draft4Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return Draft4Validator(schema, registry=registry(), format_checker=FormatChecker())


def errors(document: dict, schema: str) -> list[str]:
    """The schema errors of ``document`` (``"release"``, ``"release-package"`` or
    ``"record-package"``), each as ``path: message``; empty when valid. Read JSON with
    ``jsonout.loads`` first so numbers are Decimal."""
    validator = _validator(f"{schema}-schema.json")
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return ["/".join(str(p) for p in e.absolute_path) + f": {e.message}" for e in found]
