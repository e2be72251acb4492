"""Extension point: lines that modules above ``organisations`` add to an organisation's page
(``grading``: the grade held today).

``organisations`` knows nothing of the modules built on it (the import-linter layers forbid
it), so a module registers a function from its ``AppConfig.ready``::

    from shegong.organisations.notes import register_organisation_note

    @register_organisation_note
    def grade_held(request, organisation) -> list[tuple[str, object]]:
        return [(_("grade"), ...)]

The organisation page calls every registered function with the request and the organisation
(already checked: the user may view it) and adds the (label, value) rows returned after its
name.
"""

from __future__ import annotations

from collections.abc import Callable

OrganisationNote = Callable[..., list]
ORGANISATION_NOTES: list[OrganisationNote] = []


def register_organisation_note(function: OrganisationNote) -> OrganisationNote:
    if function not in ORGANISATION_NOTES:
        ORGANISATION_NOTES.append(function)
    return function


def notes_for(request, organisation) -> list[tuple[str, object]]:
    return [row for function in ORGANISATION_NOTES for row in function(request, organisation)]
