"""Which filterset and table serve each model, so that generic views, the API and export
jobs find them from the model alone. Apps register with the decorators below in their
``filtersets.py`` and ``tables.py`` (imported by ``AppConfig.ready``)."""

from django.apps import apps

_FILTERSETS: dict[str, type] = {}
_TABLES: dict[str, type] = {}


def register_filterset(cls):
    _FILTERSETS[cls._meta.model._meta.label_lower] = cls
    return cls


def register_table(cls):
    _TABLES[cls._meta.model._meta.label_lower] = cls
    return cls


def filterset_for(model):
    return _FILTERSETS[model._meta.label_lower]


def table_for(model):
    return _TABLES[model._meta.label_lower]


def model_from_label(label: str):
    """The model for ``app_label.model_name``, only if it has a registered table."""
    if label not in _TABLES:
        raise LookupError(label)
    return apps.get_model(label)
