"""The statistical report as a PDF (GOV-1): a title, then for each figure its title, note,
a bar chart and the table behind it, with the certificate's CJK font (``registry.pdf.font``:
an embedded TrueType font when the machine has one, else ReportLab's built-in STSong-Light,
which needs no font file)."""

from __future__ import annotations

import io
from datetime import date

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from shegong.registry.pdf import font

from .figures import Figure, Scope
from .figures import Table as FigureTable

#: The colours of the chart's series (the same order as ``charts.js``).
PALETTE = ("#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997")


def _text(value) -> str:
    if value is None:
        return "—"
    return str(value)


def _chart(table: FigureTable, width: float, kind: str = "bar") -> Drawing | None:
    charted = table.charted if table.charted is not None else range(len(table.columns))
    data = [
        [float(values[i]) if values[i] is not None else 0 for _label, values in table.rows]
        for i in charted
    ]
    if not table.rows or not any(any(series) for series in data):
        return None
    drawing = Drawing(width, 52 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 15 * mm, width - 16 * mm, 34 * mm
    chart.data = data
    chart.categoryAxis.categoryNames = [str(label)[:8] for label, _values in table.rows]
    chart.categoryAxis.labels.fontName = font().name
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    if kind == "stacked":
        chart.categoryAxis.style = "stacked"
    chart.valueAxis.labels.fontSize = 7
    for i in range(len(data)):
        chart.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 12 * mm, 3 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = font().name
    legend.fontSize = 7
    legend.deltax = 4 * mm
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[n % len(PALETTE)]), str(table.columns[i]))
        for n, i in enumerate(charted)
    ]
    drawing.add(legend)
    return drawing


def report(title: str, scope: Scope, tables: list[tuple[Figure, FigureTable]], made: date) -> bytes:
    name = font().name
    heading = ParagraphStyle("heading", fontName=name, fontSize=16, leading=22, spaceAfter=6)
    subheading = ParagraphStyle("sub", fontName=name, fontSize=12, leading=16, spaceBefore=8)
    body = ParagraphStyle("body", fontName=name, fontSize=9, leading=13)
    cell = ParagraphStyle("cell", fontName=name, fontSize=8, leading=10)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
    )
    story = [
        Paragraph(title, heading),
        Paragraph(
            _(
                "Counted on %(on)s; pay and insurance of the months %(start)s to %(end)s. "
                "Made on %(made)s."
            )
            % {
                "on": scope.on.isoformat(),
                "start": f"{scope.month_from:%Y-%m}",
                "end": f"{scope.month_to:%Y-%m}",
                "made": made.isoformat(),
            },
            body,
        ),
    ]
    for figure, table in tables:
        rows = [[Paragraph(_text(c), cell) for c in [table.label, *table.columns]]]
        rows += [
            [Paragraph(_text(c), cell) for c in [label, *values]] for label, values in table.rows
        ]
        if table.total is not None:
            rows.append([Paragraph(_text(c), cell) for c in [_("Total"), *table.total]])
        grid = Table(rows, repeatRows=1, hAlign="LEFT")
        grid.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        parts = [Paragraph(str(figure.title), subheading), Paragraph(str(figure.note), body)]
        chart = _chart(table, doc.width, figure.chart)
        if chart is not None:
            parts.append(chart)
        parts += [Spacer(1, 2 * mm), grid]
        story.append(KeepTogether(parts))
    doc.build(story)
    return buffer.getvalue()
