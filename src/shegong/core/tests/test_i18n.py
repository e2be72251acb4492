"""The translation catalogues are complete, compiled, in step with the code, and used.

The UI is Chinese by default with a complete English translation. These tests fail when:

* an entry of a committed ``.po`` file is untranslated or fuzzy, or its placeholders differ
  from the source string's;
* a ``.mo`` file is missing or does not hold exactly the translations of its ``.po`` file
  (someone edited the ``.po`` and forgot ``shegong compilemessages``);
* the code holds a translatable string that the catalogues lack, or the catalogues hold one the
  code no longer uses (someone added or changed a string and forgot ``shegong makemessages``).
  This runs Django's own ``makemessages`` (xgettext) on a throwaway copy of the source tree, so
  it sees exactly what the real command sees: ``{% translate %}``, ``{% blocktranslate %}``,
  plurals, contexts, lazy strings, model ``verbose_name`` and so on. It takes a couple of seconds.

To fix a failure, from ``src/shegong``::

    ../../.venv/bin/shegong makemessages -l zh_Hans -l en --ignore "tests/*" --ignore "*/tests/*"
    # translate the new entries in locale/*/LC_MESSAGES/django.po, drop "#, fuzzy"
    ../../.venv/bin/shegong compilemessages
"""

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from shegong.core.testing.tools import require_tool

LOCALES = ("zh_Hans", "en")
MAKEMESSAGES_IGNORE = ["tests/*", "*/tests/*"]


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def source_dir() -> Path:
    # LOCALE_PATHS is <package>/locale; makemessages runs from the package directory.
    return locale_dir().parent


# --- a small .po reader (stdlib only) -------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {context}{self.msgid!r}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the live (non-obsolete) entries of a .po file."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entry
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()  # a comment after msgstr begins the next entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()  # the previous entry ended without a blank line
            if current is None:
                current = Entry(line=number)
            value = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                key = int(index) if index is not None else 0
                current.msgstr[key] = value
                target = ("msgstr", key)
            else:
                setattr(current, keyword, value)
                target = (keyword, None)
            continue
        if line.startswith('"') and current is not None and target is not None:
            value = ast.literal_eval(line)
            name, key = target
            if name == "msgstr":
                current.msgstr[key] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    finish()

    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(headers) == 1, f"{path}: expected one header entry"
    return headers[0], [e for e in entries if e is not headers[0]]


def po_files() -> list[Path]:
    files = sorted(locale_dir().glob("*/LC_MESSAGES/*.po"))
    return files


def catalogue(locale: str, domain: str = "django") -> Path:
    return locale_dir() / locale / "LC_MESSAGES" / f"{domain}.po"


def _id(path: Path) -> str:
    return str(path.relative_to(locale_dir()))


# --- (a) every entry is translated, not fuzzy, with the same placeholders ----------------------


def test_catalogues_exist_for_every_language():
    for locale in LOCALES:
        assert catalogue(locale).exists(), f"missing {catalogue(locale)}: run makemessages"
    languages = {translation.to_locale(code) for code, _name in settings.LANGUAGES}
    assert languages == {"zh_Hans", "en"}, languages


@pytest.mark.parametrize("po", po_files(), ids=_id)
def test_every_entry_is_translated(po):
    header, entries = read_po(po)
    assert entries, f"{po} has no entries"
    assert "fuzzy" not in header.flags, f"{po}: the header is marked fuzzy"
    nplurals = int(re.search(r"nplurals=(\d+)", header.msgstr[0]).group(1))

    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry}")
        expected = range(nplurals) if entry.msgid_plural is not None else range(1)
        if any(not entry.msgstr.get(i, "").strip() for i in expected):
            problems.append(f"untranslated: {entry}")
    assert not problems, f"{po}:\n" + "\n".join(problems)


_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def _placeholders(text: str) -> set[str]:
    return {p for p in _PLACEHOLDER.findall(text) if p != "%%"}


@pytest.mark.parametrize("po", po_files(), ids=_id)
def test_translations_keep_placeholders(po):
    _header, entries = read_po(po)
    problems = []
    for entry in entries:
        if "python-format" not in entry.flags:
            continue
        source = _placeholders(entry.msgid)
        if entry.msgid_plural is None:
            found = _placeholders(entry.msgstr[0])
            if found != source:
                problems.append(f"{entry}: {sorted(found)} != {sorted(source)}")
            continue
        # Each plural form may use the singular's or the plural's placeholders (a language
        # with one form, like Chinese, uses the plural's).
        source |= _placeholders(entry.msgid_plural)
        for i, text in sorted(entry.msgstr.items()):
            found = _placeholders(text)
            if not found <= source:
                problems.append(f"{entry} [{i}]: {sorted(found)} not in {sorted(source)}")
    assert not problems, f"{po}:\n" + "\n".join(problems)


# --- (b) the compiled .mo holds exactly what the .po says ---------------------------------------


@pytest.mark.parametrize("po", po_files(), ids=_id)
def test_mo_matches_po(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
    with mo.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)._catalog

    expected: dict[object, str] = {}
    _header, entries = read_po(po)
    for entry in entries:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            for i, text in entry.msgstr.items():
                expected[(msgid, i)] = text
    compiled = {k: v for k, v in compiled.items() if k != ""}  # drop the header

    stale = sorted(str(k) for k in expected if compiled.get(k) != expected[k])
    extra = sorted(str(k) for k in compiled if k not in expected)
    assert not stale and not extra, (
        f"{mo} is out of date with {po.name}: run compilemessages\n"
        f"differs or missing: {stale[:10]}\nno longer in the .po: {extra[:10]}"
    )


# --- (c) the catalogues hold exactly the strings of the code -----------------------------------


def _js_needs_catalogue(root: Path) -> bool:
    return any("gettext(" in p.read_text(errors="ignore") for p in root.rglob("*.js"))


def _show(key: tuple[str | None, str, str | None]) -> str:
    context, msgid, plural = key
    text = repr(msgid) if plural is None else f"{msgid!r} / {plural!r}"
    return f"[{context}] {text}" if context else text


def test_catalogues_are_in_step_with_the_code(tmp_path, settings, monkeypatch):
    """Run makemessages on a copy of the source and compare its msgids with the committed ones."""
    require_tool("xgettext", "msgmerge", "msgattrib")  # skips without GNU gettext, except in CI
    real_locale_dir = locale_dir()  # before LOCALE_PATHS points into the copy
    committed_po = {
        (domain, locale): catalogue(locale, domain)
        for domain in ("django", "djangojs")
        for locale in LOCALES
    }
    copy = tmp_path / source_dir().name
    shutil.copytree(
        source_dir(),
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "tests", "node_modules"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)

    domains = ["django"]
    if _js_needs_catalogue(copy) or any(real_locale_dir.glob("*/LC_MESSAGES/djangojs.po")):
        domains.append("djangojs")
    for domain in domains:
        call_command(
            "makemessages",
            locale=list(LOCALES),
            domain=domain,
            ignore_patterns=list(MAKEMESSAGES_IGNORE),
            no_obsolete=True,
            verbosity=0,
        )

    problems = []
    for domain in domains:
        for locale in LOCALES:
            committed = committed_po[domain, locale]
            name = committed.relative_to(real_locale_dir)
            regenerated = copy / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"
            if not committed.exists():
                problems.append(f"{name} is missing")
                continue
            have = {e.key for e in read_po(committed)[1]}
            want = {e.key for e in read_po(regenerated)[1]}
            for key in sorted(want - have, key=str):
                problems.append(f"{name}: new string not in catalogue: {_show(key)}")
            for key in sorted(have - want, key=str):
                problems.append(f"{name}: string no longer in the code: {_show(key)}")
    assert not problems, (
        "The catalogues are out of step with the code; run makemessages, translate, "
        "compilemessages (see this module's docstring).\n" + "\n".join(problems)
    )


# --- (d) the site speaks Chinese by default and English on request -----------------------------


@pytest.mark.django_db
def test_home_page_is_chinese_by_default_and_english_on_request(client):
    with translation.override(translation.get_language()):  # leave no language behind
        page = client.get("/").content.decode()
        assert "登录" in page
        assert "Sign in" not in page

        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert response.status_code == 302

        page = client.get("/").content.decode()
        assert "Sign in" in page
        assert "登录" not in page
        assert 'lang="en"' in page

        client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        assert "登录" in client.get("/").content.decode()
