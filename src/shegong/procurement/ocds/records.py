"""The record of a procurement: its releases (linked, oldest first) and the compiled release,
merged by the OCDS merge rules for the fields we publish (ADR 0053):

- objects merge field by field, the newer release's value winning;
- an array of objects that have an ``id`` merges item by item on the ``id`` (``parties``,
  ``awards``, ``contracts``, ``documents``, ``amendments``, ``transactions``);
- any other array (``tag``, a party's ``roles``) is replaced whole by the newer one;
- the compiled release's ``id`` is ``<ocid>-compiled``, its ``date`` the newest release's and
  its ``tag`` ``["compiled"]``.
"""

from __future__ import annotations


def _copy(value):
    """A copy of a release's JSON value: dicts and lists anew, the rest (texts, Decimal
    amounts, numbers, booleans: immutable) shared. What ``copy.deepcopy`` gave, at a fraction
    of its cost (no memo: a release is a tree, nothing in it is shared)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _merge_list(old: list, new: list) -> list:
    if not (new and all(isinstance(x, dict) and "id" in x for x in new)):
        return _copy(new)
    if not all(isinstance(x, dict) and "id" in x for x in old):
        return _copy(new)
    merged = {x["id"]: x for x in old}  # ``old`` is the merge's own copy already
    for x in new:
        merged[x["id"]] = _merge(merged[x["id"]], x) if x["id"] in merged else _copy(x)
    return list(merged.values())


def _merge(old: dict, new: dict) -> dict:
    """``new`` merged into ``old``, which is the compiled release being built (this module's
    own copy, changed in place); ``new`` is never changed nor shared."""
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(old.get(key), dict):
            old[key] = _merge(old[key], value)
        elif isinstance(value, list) and isinstance(old.get(key), list):
            old[key] = _merge_list(old[key], value)
        else:
            old[key] = _copy(value)
    return old


def compile_releases(releases: list[dict]) -> dict:
    """The compiled release of one ocid's releases (any order; merged oldest first)."""
    ordered = sorted(releases, key=lambda r: r["date"])
    compiled: dict = {}
    for release in ordered:
        compiled = _merge(compiled, release)
    compiled["id"] = f"{compiled['ocid']}-compiled"
    compiled["date"] = ordered[-1]["date"]
    compiled["tag"] = ["compiled"]
    return compiled


def record(releases: list[dict], release_url: str) -> dict:
    """A record: linked releases (``<release_url>#<release id>``) and the compiled release."""
    ordered = sorted(releases, key=lambda r: r["date"])
    return {
        "ocid": ordered[0]["ocid"],
        "releases": [
            {"url": f"{release_url}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in ordered
        ],
        "compiledRelease": compile_releases(ordered),
    }
