"""Extension point: lines that modules above ``workforce`` add to a post's page.

``workforce`` knows nothing of the modules built on it (the import-linter layers forbid it), so
a module registers a function from its ``AppConfig.ready``::

    from shegong.workforce.post_notes import register_post_note

    @register_post_note
    def contracted_under(request, post) -> list[tuple[str, object]]:
        return [(_("contracted under"), ...)]

The post page calls every registered function with the request and the post (already checked:
the user may view the post) and adds the (label, value) rows returned at the top of the page.
A function reads its own records through ``restrict(user, ...)`` like any view.
"""

from __future__ import annotations

from collections.abc import Callable

PostNote = Callable[..., list]
POST_NOTES: list[PostNote] = []


def register_post_note(function: PostNote) -> PostNote:
    if function not in POST_NOTES:
        POST_NOTES.append(function)
    return function


def notes_for(request, post) -> list[tuple[str, object]]:
    return [row for function in POST_NOTES for row in function(request, post)]
