"""Extension point: sections that modules above ``people`` add to a person's page.

``people`` knows nothing of the modules built on it (the import-linter layers forbid it), so a
module registers a panel function from its ``AppConfig.ready``::

    from shegong.people.panels import Panel, register_panel

    @register_panel
    def cpd_progress(request, person) -> Panel | None:
        return Panel("cpd", _("Continuing education"), "education/person_panel.html", {...})

The person page calls every registered function with the request and the person (already
checked: the user may view the person) and shows the panels returned, in order. A function
returns ``None`` when it has nothing to show to this user; it reads its own records through
``restrict(user, ...)`` like any view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


PanelFunction = Callable[..., "Panel | None"]
PERSON_PANELS: list[PanelFunction] = []


def register_panel(function: PanelFunction) -> PanelFunction:
    if function not in PERSON_PANELS:
        PERSON_PANELS.append(function)
    return function


def panels_for(request, person) -> list[Panel]:
    panels = [p for p in (function(request, person) for function in PERSON_PANELS) if p]
    return sorted(panels, key=lambda p: p.order)
