from django.apps import apps
from django.urls import reverse

from .apps import ShegongAppConfig
from .permissions import can_any


def navigation(request):
    """The menu: the modules that exist and that the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    configs = [c for c in apps.get_app_configs() if isinstance(c, ShegongAppConfig)]
    # The domain modules first, in INSTALLED_APPS order; the platform's own pages last.
    configs.sort(key=lambda c: c.label == "core")
    for config in configs:
        for label, url_name, model_label in config.navigation:
            if can_any(user, "view", apps.get_model(model_label)):
                items.append({"label": label, "url": reverse(url_name)})
    return {"nav_items": items}
