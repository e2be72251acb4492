"""REG-5: what the public register shows, and the only code that reads it.

Anyone can check whether a person is a registered social worker, at what level and in what
status, without seeing private personal data. The public page, the public API and the bulk
verification (page and API) all call the functions here, so they cannot diverge.

An entry has exactly :data:`ENTRY_FIELDS` (policy/PARAMETERS.md, "what the public register
shows"): name, level, register number, status, valid until, current organisation, sanctions
in force. Never the ID number, birth date, sex, phone, e-mail or address: the queries below
do not even load those columns.

Search semantics (a register, not a directory to browse):

- a register number or a certificate number matches exactly, after normalising (NFKC,
  spaces removed, upper case), so full-width input from a phone works;
- a full name matches exactly (NFKC, as ``people`` stores names), never a fragment, and must
  have at least :data:`MIN_NAME_LENGTH` characters;
- optional filters: district (an area code, matching the person's district or anything
  below it) and organisation (an id);
- results are ordered by name, then register number (unique), :data:`PAGE_SIZE` a page.

Status: a registration still marked "registered" after its ``valid_until`` shows as
"expired" (the nightly expiry may not have run yet); the register never shows a lapsed
registration as current.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import psycopg
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.people.models import normalise_name

from ..choices import CertificateStatus, Level, RegistrationStatus, Sanction
from ..models import Certificate, ConductCase, Registration
from ..queries import sanction_in_force_q

PAGE_SIZE = 20
#: Pages past this one are not served (a larger page number overflowed the query's OFFSET,
#: a 500; issue 10): 200,000 entries, more than the register holds.
MAX_PAGE = 10_000
#: The largest id a database integer holds; a larger organisation id matches nothing.
MAX_ID = 2**31 - 1
MIN_NAME_LENGTH = 2
#: Numbers a single bulk verification (API call or inline upload) may carry.
BULK_MAX = 500
#: The fields of a public entry, in order. Tests assert these are the only ones.
ENTRY_FIELDS = (
    "name",
    "level",
    "register_number",
    "status",
    "valid_until",
    "organisation",
    "sanctions",
)
#: The fields of one bulk verification result.
VERIFY_FIELDS = (
    "number",
    "found",
    "kind",
    "name",
    "level",
    "register_number",
    "status",
    "valid_until",
    "sanctions",
    "well_formed",
)
#: The shapes of the numbers the register gives (issue 12, defect 8): register numbers
#: ``SW<year><serial>`` (``registrations.next_register_number``), certificate numbers
#: ``<level code><year><serial>`` (``certificates.format_number``).
REGISTER_NUMBER_RE = re.compile(r"^SW\d{4}\d{6,}$")
CERTIFICATE_NUMBER_RE = re.compile(r"^[AIS]\d{4}\d{6,}$")
#: Examples shown to someone whose number has neither shape.
REGISTER_NUMBER_EXAMPLE = "SW2026000123"
CERTIFICATE_NUMBER_EXAMPLE = "I2026000045"
_NUMBER_RE = re.compile(r"^[A-Z0-9][A-Z0-9\-/]{1,19}$")
# Columns the public side reads; nothing private is ever selected.
_REGISTRATION_COLUMNS = (
    "register_number",
    "level",
    "status",
    "valid_until",
    "person__name",
    "person__organisation__name",
)


def normalise_number(value) -> str:
    """A register or certificate number as stored: NFKC, no spaces, upper case."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(text.split()).upper()


def looks_like_number(value) -> bool:
    """Whether ``value`` could be a register or certificate number (letters and digits)."""
    number = normalise_number(value)
    return bool(_NUMBER_RE.match(number)) and any(c.isdigit() for c in number)


def well_formed(number: str) -> bool:
    """Whether a normalised number has the shape of a register or certificate number."""
    return bool(REGISTER_NUMBER_RE.match(number) or CERTIFICATE_NUMBER_RE.match(number))


def format_problem() -> str:
    """What a person reads next to a number of neither shape (in their language)."""
    return _(
        "Wrong format: register numbers look like %(register)s, certificate numbers "
        "like %(certificate)s"
    ) % {
        "register": REGISTER_NUMBER_EXAMPLE,
        "certificate": CERTIFICATE_NUMBER_EXAMPLE,
    }


def _choice(choices, value: str) -> dict | None:
    if not value:
        return None
    try:
        label = choices(value).label
    except ValueError:
        label = value
    return {"code": value, "label": str(label)}


def _sanctions_prefetch(on: date, prefix: str = "person__") -> Prefetch:
    return Prefetch(
        f"{prefix}conduct_cases",
        queryset=ConductCase.objects.filter(sanction_in_force_q(on))
        .only("id", "person_id", "sanction", "sanction_from", "sanction_until")
        .order_by("sanction_from", "id"),
        to_attr="public_sanctions",
    )


def _sanction(case) -> dict:
    return {
        "sanction": _choice(Sanction, case.sanction),
        "from": case.sanction_from,
        "until": case.sanction_until,
    }


def _sanctions(person) -> list[dict]:
    return [_sanction(case) for case in getattr(person, "public_sanctions", ())]


def _status(status: str, valid_until: date, on: date) -> str:
    if status == RegistrationStatus.REGISTERED and valid_until < on:
        return RegistrationStatus.EXPIRED
    return status


def public_status(registration, on: date) -> str:
    return _status(registration.status, registration.valid_until, on)


def entry(registration, on: date) -> dict:
    """One public register entry (exactly :data:`ENTRY_FIELDS`)."""
    person = registration.person
    organisation = person.organisation
    return {
        "name": person.name,
        "level": _choice(Level, registration.level),
        "register_number": registration.register_number,
        "status": _choice(RegistrationStatus, public_status(registration, on)),
        "valid_until": registration.valid_until,
        "organisation": organisation.name if organisation is not None else None,
        "sanctions": _sanctions(person),
    }


def public_registrations(on: date):
    """Registrations with just the public columns, and the sanctions in force on ``on``."""
    return (
        Registration.objects.select_related("person", "person__organisation")
        .only(*_REGISTRATION_COLUMNS)
        .prefetch_related(_sanctions_prefetch(on))
    )


@dataclass
class SearchResult:
    query: str
    entries: list[dict] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = PAGE_SIZE
    #: Why nothing was searched (too short, empty), for the page to say.
    problem: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def problem_message(problem: str) -> str:
    """What to tell someone whose query was not searched (``SearchResult.problem``)."""
    if problem == "empty":
        return _("Enter a register number, a certificate number or a full name.")
    return _(
        "Enter a full register or certificate number, or a full name of at least %(n)d characters."
    ) % {"n": MIN_NAME_LENGTH}


def _search_queryset(number, name, district, organisation, on):
    """The page query of a search: the ids the keys name (a UNION of indexed equalities: an
    OR across the joins would make PostgreSQL scan the whole register), the public columns,
    and whether a sanction is in force (so the sanctions query runs only when needed)."""
    filters = Q()
    if district is not None:
        filters &= Q(person__area__path__contains=f"/{district}/")
    if organisation is not None:
        filters &= Q(person__organisation_id=organisation)
    keys: list[Q] = []
    if number is not None:
        keys.append(Q(register_number=number))
        keys.append(Q(certificate__number=number))
    if name is not None:
        keys.append(Q(person__name=name))
    branches = [Registration.objects.filter(k, filters).order_by().values("pk") for k in keys]
    ids = branches[0].union(*branches[1:]) if len(branches) > 1 else branches[0]
    in_force = ConductCase.objects.filter(sanction_in_force_q(on), person_id=OuterRef("person_id"))
    return (
        Registration.objects.filter(pk__in=ids)
        .annotate(has_sanctions=Exists(in_force))
        .order_by("person__name", "register_number")
        .values_list(*_SEARCH_COLUMNS)
    )


# A lookup is the hot path of the public register (issue 3, "Speed"): building the query
# with the ORM costs more than running it. So each shape of query (which keys and filters,
# which page) is compiled once per process with placeholder values, and later searches bind
# their own values into the compiled SQL. The query itself is still the ORM's.
_SEARCH_COLUMNS = (
    "person_id",
    "register_number",
    "level",
    "status",
    "valid_until",
    "person__name",
    "person__organisation__name",
    "has_sanctions",
)
_P_NUMBER = "\x00number\x00"
_P_NAME = "\x00name\x00"
_P_DISTRICT = "\x00district\x00"
_P_ORGANISATION = -7_654_321
_P_DATE = date(1901, 2, 3)


@lru_cache(maxsize=128)
def _compiled(vendor: str, shape: tuple[bool, bool, bool, bool], start: int):
    has_number, has_name, has_district, has_organisation = shape
    queryset = _search_queryset(
        _P_NUMBER if has_number else None,
        _P_NAME if has_name else None,
        _P_DISTRICT if has_district else None,
        _P_ORGANISATION if has_organisation else None,
        _P_DATE,
    )[start : start + PAGE_SIZE]
    return queryset.query.get_compiler(connection=connection).as_sql()


def _bind(params, number, name, district, organisation, on) -> list:
    bound = []
    for p in params:
        if isinstance(p, str):
            if p == _P_DATE.isoformat():
                p = on.isoformat()
            else:
                for placeholder, value in (
                    (_P_NUMBER, number),
                    (_P_NAME, name),
                    (_P_DISTRICT, district),
                ):
                    if value is not None and placeholder in p:
                        p = p.replace(placeholder, value)
        elif isinstance(p, date) and p == _P_DATE:
            p = on
        elif isinstance(p, int) and not isinstance(p, bool) and p == _P_ORGANISATION:
            p = organisation
        bound.append(p)
    return bound


def _execute(sql: str, params: list) -> list[tuple]:
    """Run a compiled search; on PostgreSQL as a prepared statement of the kept-open
    connection: planning the UNION and the joins takes several times longer than running
    them, and Django's client-side binding would plan every time."""
    if connection.vendor == "postgresql" and connection.settings_dict.get("CONN_MAX_AGE"):
        # Only on kept-open connections: behind PgBouncer in transaction mode (deployment.md:
        # CONN_MAX_AGE=0) a prepared statement would not survive to the next transaction.
        # Django disables psycopg's automatic preparing (prepare_threshold None); its own
        # queries use client-side binding, which never prepares, so this changes only ours.
        connection.ensure_connection()
        raw = connection.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = 2**31 - 1  # prepare only when asked, as below
        with psycopg.Cursor(raw) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def search_register(
    query: str,
    *,
    district: str | None = None,
    organisation: int | str | None = None,
    page: int = 1,
    on: date | None = None,
) -> SearchResult:
    """REG-5: search the public register (see the module's docstring for the semantics).

    One query for a lookup that fits one page and names nobody under a sanction; one more
    for the sanctions in force when someone is; one more (a count) when the results run to
    further pages.
    """
    on = on or timezone.localdate()
    query = (query or "").strip()
    result = SearchResult(query=query, page=min(max(1, int(page or 1)), MAX_PAGE))
    if not query:
        result.problem = "empty"
        return result
    number = normalise_number(query)
    number = number if _NUMBER_RE.match(number) else None
    name = normalise_name(query)
    # Names hold no digits; numbers always do.
    name = name if len(name) >= MIN_NAME_LENGTH and not any(c.isdigit() for c in name) else None
    if number is None and name is None:
        result.problem = "too_short"
        return result
    if organisation in ("", None):
        organisation = None
    else:
        try:
            organisation = int(organisation)
        except (TypeError, ValueError):
            return result
        if not 0 < organisation <= MAX_ID:
            return result
    district = district or None
    if district is not None and not district.isdigit():
        return result
    start = (result.page - 1) * PAGE_SIZE
    shape = (number is not None, name is not None, district is not None, organisation is not None)
    sql, params = _compiled(connection.vendor, shape, start)
    rows = [
        dict(zip(_SEARCH_COLUMNS, row, strict=True))
        for row in _execute(sql, _bind(params, number, name, district, organisation, on))
    ]
    if result.page == 1 and len(rows) < PAGE_SIZE:
        result.total = len(rows)
    else:
        result.total = _search_queryset(number, name, district, organisation, on).count()
    sanctioned = [r["person_id"] for r in rows if r["has_sanctions"]]
    sanctions: dict[int, list[dict]] = {}
    if sanctioned:
        for case in (
            ConductCase.objects.filter(sanction_in_force_q(on), person_id__in=sanctioned)
            .only("id", "person_id", "sanction", "sanction_from", "sanction_until")
            .order_by("sanction_from", "id")
        ):
            sanctions.setdefault(case.person_id, []).append(_sanction(case))
    result.entries = [
        {
            "name": r["person__name"],
            "level": _choice(Level, r["level"]),
            "register_number": r["register_number"],
            "status": _choice(
                RegistrationStatus, _status(r["status"], _as_date(r["valid_until"]), on)
            ),
            "valid_until": _as_date(r["valid_until"]),
            "organisation": r["person__organisation__name"],
            "sanctions": sanctions.get(r["person_id"], []),
        }
        for r in rows
    ]
    return result


def verify_numbers(numbers, *, on: date | None = None) -> list[dict]:
    """REG-5 in bulk: for each register or certificate number, whether it is known and the
    public facts about it (exactly :data:`VERIFY_FIELDS`), in the order given.

    A register number answers with the registration. A certificate number answers with the
    certificate (``status`` ``valid`` or ``recalled``; certificates do not lapse, so
    ``valid_until`` is empty) and the register number of the latest registration made on it.
    ``well_formed`` is false for text that is neither a register nor a certificate number
    (e.g. ``HELLO``), so that it is reported as a wrong format, not as "not found".
    A fixed number of queries, whatever the count of numbers.
    """
    on = on or timezone.localdate()
    wanted = [normalise_number(n) for n in numbers]
    keys = {n for n in wanted if n}
    registrations = {
        r.register_number: r for r in public_registrations(on).filter(register_number__in=keys)
    }
    remaining = keys - registrations.keys()
    certificates = {}
    if remaining:
        latest = Registration.objects.only("register_number", "certificate_id").order_by(
            "-valid_from", "-pk"
        )
        certificates = {
            c.number: c
            for c in Certificate.objects.filter(number__in=remaining)
            .select_related("person", "person__organisation")
            .only("number", "level", "status", "person__name", "person__organisation__name")
            .prefetch_related(
                _sanctions_prefetch(on),
                Prefetch("registrations", queryset=latest, to_attr="public_registrations"),
            )
        }
    results = []
    for number in wanted:
        row = dict.fromkeys(VERIFY_FIELDS)
        row.update(number=number, found=False, sanctions=[], well_formed=well_formed(number))
        if number in registrations:
            e = entry(registrations[number], on)
            row.update(
                found=True,
                kind="registration",
                name=e["name"],
                level=e["level"],
                register_number=e["register_number"],
                status=e["status"],
                valid_until=e["valid_until"],
                sanctions=e["sanctions"],
            )
        elif number in certificates:
            cert = certificates[number]
            latest_registration = next(iter(cert.public_registrations), None)
            row.update(
                found=True,
                kind="certificate",
                name=cert.person.name,
                level=_choice(Level, cert.level),
                register_number=latest_registration.register_number
                if latest_registration
                else None,
                status=_choice(CertificateStatus, cert.status),
                sanctions=_sanctions(cert.person),
            )
        row["well_formed"] = row["well_formed"] or row["found"]  # e.g. an older number
        results.append(row)
    return results
