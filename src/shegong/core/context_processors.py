from django.apps import apps
from django.urls import reverse

from .apps import ShegongAppConfig
from .notifications import unread_count
from .permissions import can_any


def navigation(request):
    """The menu: the modules that exist and that the user may open.

    ``nav_items`` is the flat list of pages; ``nav_groups`` groups them by module, so a
    module with several pages shows as one drop-down menu.
    """
    configs = [c for c in apps.get_app_configs() if isinstance(c, ShegongAppConfig)]
    public = [
        {"label": label, "url": reverse(url_name)}
        for config in configs
        for label, url_name in config.public_navigation
    ]
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": [], "public_nav": public}
    items, groups = [], []
    # The domain modules first, in INSTALLED_APPS order; the platform's own pages last.
    configs.sort(key=lambda c: c.label == "core")
    for config in configs:
        pages = [
            {"label": label, "url": reverse(url_name)}
            for label, url_name, check in config.navigation
            if (check(user) if callable(check) else can_any(user, "view", apps.get_model(check)))
        ]
        if pages:
            items.extend(pages)
            groups.append({"label": config.verbose_name, "items": pages})
    return {
        "nav_items": items,
        "nav_groups": groups,
        "public_nav": public,
        "unread_notifications": unread_count(user),  # the bell (issue 12)
    }
