"""Generic views. A concrete view is a few class attributes; see docs/how-to-add-a-model.md."""

from .generic import (
    Action,
    RecordActionView,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

__all__ = [
    "Action",
    "RecordActionView",
    "RecordCreateView",
    "RecordDeleteView",
    "RecordDetailView",
    "RecordListView",
    "RecordUpdateView",
    "model_urls",
]
