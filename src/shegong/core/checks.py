"""System checks that keep the conventions true (docs/architecture.md)."""

from django.apps import apps
from django.core import checks

from .models import BaseModel
from .permissions import policy_of


@checks.register()
def every_domain_model_declares_access(app_configs=None, **kwargs):
    """A domain model without an ``access`` policy would be invisible to everyone but
    superusers: that is a mistake, not a choice, so the check fails."""
    errors = []
    for model in apps.get_models():
        if issubclass(model, BaseModel) and "access" not in dir(model):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has no access policy",
                    hint="Declare access = Access(...) on the model.",
                    id="shegong.E001",
                )
            )
        policy = policy_of(model)
        for lookup in policy.lookups():
            try:
                model._default_manager.none().filter(**{lookup: None})
            except Exception as exc:  # noqa: BLE001 - report any bad lookup
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.access names lookup {lookup!r}: {exc}",
                        id="shegong.E002",
                    )
                )
    return errors


@checks.register()
def every_menu_entry_names_a_declared_group(app_configs=None, **kwargs):
    """A menu entry whose group no app declares (``menu_groups``) would never show."""
    from .menu import configs, declared_groups  # noqa: PLC0415 - after the apps load

    groups = declared_groups()
    return [
        checks.Error(
            f"{config.label}'s menu entry {str(entry.label)!r} names the group "
            f"{entry.group!r}, which no app declares",
            hint="Declare it in menu_groups (core.menu.Group) of the app that owns the work.",
            id="shegong.E003",
        )
        for config in configs()
        for entry in config.navigation
        if entry.group not in groups
    ]
