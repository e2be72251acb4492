"""Export any registered list to XLSX or CSV, as a background job.

The rows are the list's own: the same ``restrict(user, "export")``, the same filterset and
query string, the same table columns (private data masked, as on screen).
"""

import io
from types import SimpleNamespace

from django.http import QueryDict
from django.utils import timezone
from openpyxl import Workbook

from . import audit
from .jobs import job
from .permissions import restrict
from .registry import filterset_for, model_from_label, table_for
from .spreadsheets import csv_writer, xlsx_row

FORMATS = ("xlsx", "csv")


def _cell(value):
    """A list's value as exported: numbers stay numbers, everything else is its text (which
    :mod:`.spreadsheets` writes as text, never as a formula)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return str(value)


@job("export")
def export_records(runner, model: str, filters: str = "", format: str = "xlsx"):
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    model_class = model_from_label(model)
    queryset = restrict(model_class._default_manager.all(), runner.user, "export")
    filterset = filterset_for(model_class)(
        QueryDict(filters), queryset=queryset, request=SimpleNamespace(user=runner.user)
    )
    table_class = table_for(model_class)
    rows = table_class.prepare(filterset.qs)
    total = rows.count()
    runner.progress(0, total, force=True)
    table = table_class(rows)
    values = table.as_values()
    header = [str(h) for h in next(values)]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = f"{model_class._meta.model_name}-{stamp}.{format}"
    if format == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(header)
        for i, row in enumerate(values, 1):
            writer.writerow([_cell(v) for v in row])
            runner.progress(i)
        content = buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(model_class._meta.verbose_name_plural)[:31])
        sheet.append(xlsx_row(sheet, header))
        for i, row in enumerate(values, 1):
            sheet.append(xlsx_row(sheet, [_cell(v) for v in row]))
            runner.progress(i)
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    runner.progress(total, force=True)
    private = [
        c.name for c in table.columns if c.name in getattr(model_class, "PRIVATE_FIELDS", ())
    ]
    audit.record_export(runner.user, model_class, total, {"q": filters, "format": format}, private)
    return name, content
