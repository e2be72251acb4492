from .menu import FLAT_UP_TO, menu_for, public_entries
from .notifications import unread_count


def navigation(request):
    """The menu bar (``core.menu``): the groups of work the user may do, each a drop-down.

    ``menu`` is the list of groups (with their sections and entries); ``nav_items`` the flat
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
    menu = menu_for(user, request.path)
    items = [item for group in menu for item in group["items"]]
    return {
        "menu": menu,
        "nav_items": items,
        "menu_flat": len(items) <= FLAT_UP_TO,
        "public_nav": public,
        "unread_notifications": unread_count(user),  # the bell (issue 12)
    }
