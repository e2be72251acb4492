// GOV-1: draws the overview's charts with the vendored Chart.js (ADR 0038). Each <canvas
// data-chart="ID"> takes its figures from the JSON block <script id="ID"
// type="application/json"> (Django's json_script), which holds what figures.Table.chart_data
// returns: {kind: "bar" | "stacked", unit, labels, datasets: [{label, data}]}. No inline
// script or style: the Content-Security-Policy allows neither.
(function () {
  "use strict";
  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var stacked = spec.kind === "stacked";
    var unit = spec.unit || "";
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: PALETTE[i % PALETTE.length],
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + ctx.formattedValue + unit;
              },
            },
          },
        },
        scales: {
          x: {
            stacked: stacked,
            ticks: {
              // long labels (a rule's name) are cut on the axis; the table has them whole
              callback: function (value) {
                var label = String(this.getLabelForValue(value));
                return label.length > 14 ? label.slice(0, 13) + "…" : label;
              },
            },
          },
          y: { stacked: stacked, beginAtZero: true, suggestedMax: unit === "%" ? 100 : undefined },
        },
      },
    });
    canvas.shegongChart = chart;
  }

  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.body.dataset.chartsDrawn = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
