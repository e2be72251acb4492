from rest_framework import serializers

from ..permissions import restrict
from ..privacy import mask_field


class RecordSerializer(serializers.ModelSerializer):
    """Base serializer: no business rules (those live in services). Private fields are masked
    unless the view put ``show_private`` in the context (a detail read by an allowed role)."""

    version = serializers.IntegerField(read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return
        for field in self.fields.values():
            # A related id outside the caller's scope is "not found", as in the UI choices.
            queryset = getattr(field, "queryset", None)
            if queryset is not None and not field.read_only:
                field.queryset = restrict(queryset, user, "view")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_private"):
            for name in getattr(type(instance), "PRIVATE_FIELDS", ()):
                if name in data:
                    data[name] = mask_field(instance, name, data[name])
        return data

    def split_m2m(self, data: dict) -> tuple[dict, dict]:
        model = self.Meta.model
        m2m_names = {f.name for f in model._meta.many_to_many}
        plain = {k: v for k, v in data.items() if k not in m2m_names}
        return plain, {k: v for k, v in data.items() if k in m2m_names}


class RestrictedRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a related record the caller may see: others are "does not exist", so an
    action's input leaks nothing about records out of scope (as ``RecordSerializer`` does for
    model serializers)."""

    def get_queryset(self):
        return restrict(self.queryset.all(), self.context["request"].user, "view")


def validated_input(serializer_class, request) -> dict:
    """The validated input of a workflow action (400 with a message per field otherwise)."""
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
