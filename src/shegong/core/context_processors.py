from django.template.loader import get_template
from django.utils.translation import get_language

from .menu import FLAT_UP_TO, MINE, menu_and_key, public_entries
from .notifications import unread_count

#: The menu bars rendered in this process, by what they show (:func:`menu_bar`).
_BARS: dict[tuple, str] = {}
#: At most this many bars are kept (a bar is some 10 KB); beyond, they are rendered afresh.
BARS_KEPT = 500


def navigation(request):
    """The menu bar (``core.menu``): the groups of work the user may do, each a drop-down.

    ``menu`` is the list of groups (with their sections and entries); ``menu_bar`` the bar's
    HTML (:func:`menu_bar`); ``nav_items`` the flat
    list of the same entries (the workbench's list of modules); ``menu_flat`` whether the bar
    shows every entry as a link (a short menu: a social worker's); ``public_nav`` the pages
    for everyone (the bar of a visitor who is not signed in).

    Computed once a request: a template that renders another with the request's context
    (django-tables2's ``render_table``) runs the context processors again, and the menu and the
    bell cost a tenth of a list page (issue 13).
    """
    cached = getattr(request, "_shegong_navigation", None)
    if cached is None:
        cached = request._shegong_navigation = _navigation(request)
    return cached


def _navigation(request) -> dict:
    public = public_entries()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "nav_items": [], "menu_flat": False, "public_nav": public}
    menu, menu_key = menu_and_key(user, request.path)
    items = [item for group in menu for item in group["items"]]
    flat = len(items) <= FLAT_UP_TO
    # Issue 15: a user with work to do and records of their own (an organisation's
    # administrator who is a social worker) finds their own records in their account menu, so
    # the bar keeps room for the groups of work.
    mine = None if flat or len(menu) == 1 else next((g for g in menu if g["key"] == MINE), None)
    bar = [group for group in menu if group is not mine]
    return {
        "menu": menu,
        "menu_bar": lambda: menu_bar(bar, flat, request.path == "/", (menu_key, mine is None)),
        "menu_mine": mine,
        "nav_items": items,
        "menu_flat": flat,
        "public_nav": public,
        "unread_notifications": unread_count(user),  # the bell (issue 12)
    }


def menu_bar(menu: list[dict], flat: bool, home_current: bool, key: tuple) -> str:
    """The menu bar's HTML (``core/partials/menu_bar.html``), rendered once per distinct bar in
    this process: the same for every user with the same entries on the same page in the same
    language. The bar was a third of the layout of every signed-in page (issue 13). ``key``
    names the entries shown and the one marked (``core.menu.menu_and_key``) and whether the
    user's own records are in the bar; with the language and the home page's mark, it is
    everything the template shows, so a bar is never shown to a user it was not rendered
    for."""
    key = (get_language(), flat, home_current, key)
    html = _BARS.get(key)
    if html is None:
        # The drop-downs of the bar's right half open leftwards: a wide one stays in the window.
        for index, group in enumerate(menu):
            group["end"] = index >= len(menu) // 2
        html = get_template("core/partials/menu_bar.html").render(
            {"menu": menu, "menu_flat": flat, "home_current": home_current}
        )
        if len(_BARS) >= BARS_KEPT:
            _BARS.clear()
        _BARS[key] = html
    return html
