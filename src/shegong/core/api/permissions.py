from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..permissions import can_any


class RestrictedAccess(BasePermission):
    """Anonymous callers may only read what a model makes public; everyone else goes through
    ``restrict`` (in the viewset's queryset) and, for creation, ``can_any``. Rows outside the
    caller's scope are absent (404), never "forbidden", so their existence does not leak."""

    def has_permission(self, request, view):
        model = getattr(getattr(view, "queryset", None), "model", None) or getattr(
            view, "model", None
        )
        user = request.user
        if not user or not user.is_authenticated:
            return request.method in SAFE_METHODS and getattr(view, "public", False)
        if (
            request.method == "POST"
            and model is not None
            and getattr(view, "action", "") == "create"
        ):
            return can_any(user, "add", model)
        return True
