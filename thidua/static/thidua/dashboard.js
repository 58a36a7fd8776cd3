// thidua: the charts of the performance dashboard (Chart.js 4, vendored).
// Data comes from the page (json_script "dashboard-data"); every bar and point
// carries the URL of the items behind it, and a click opens that list.
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var labels = data.labels;
  var COLORS = {
    received: "#6c757d",
    completed_on_time: "#198754",
    completed_late: "#fd7e14",
    open_within_deadline: "#0d6efd",
    open_overdue: "#dc3545",
  };
  var phone = window.matchMedia("(max-width: 575.98px)");

  // Grow a horizontal bar chart with its number of rows, so labels stay readable.
  function fitHeight(canvas, rows) {
    var box = canvas.parentElement;
    var perRow = phone.matches ? 1.6 : 1.9;
    box.style.height = Math.max(12, 3 + rows * perRow) + "rem";
  }

  function open(urls) {
    return function (event, elements, chart) {
      if (!elements.length) return;
      var element = elements[0];
      var dataset = chart.data.datasets[element.datasetIndex];
      var list = dataset.urls || urls;
      var url = list && list[element.index];
      if (url) window.location.assign(url);
    };
  }

  function pointer(event, elements) {
    if (event.native && event.native.target) {
      event.native.target.style.cursor = elements.length ? "pointer" : "default";
    }
  }

  function base(onClick) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      onClick: onClick,
      onHover: pointer,
      interaction: { mode: "nearest", intersect: true },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    };
  }

  function monthsChart() {
    var canvas = document.getElementById("chart-months");
    if (!canvas) return;
    var months = data.months;
    var keys = ["received", "completed_on_time", "completed_late", "open_overdue"];
    new Chart(canvas, {
      type: "line",
      data: {
        labels: months.labels,
        datasets: keys.map(function (key) {
          return {
            label: labels[key],
            data: months.series[key],
            urls: months.urls[key],
            borderColor: COLORS[key],
            backgroundColor: COLORS[key],
            cubicInterpolationMode: "monotone",
            pointRadius: 4,
            pointHoverRadius: 6,
          };
        }),
      },
      options: Object.assign(base(open()), {
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      }),
    });
  }

  function breakdownChart() {
    var canvas = document.getElementById("chart-breakdown");
    if (!canvas) return;
    var breakdown = data.breakdown;
    var keys = ["completed_on_time", "completed_late", "open_within_deadline", "open_overdue"];
    fitHeight(canvas, breakdown.labels.length);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: breakdown.labels,
        datasets: keys.map(function (key) {
          return {
            label: labels[key],
            data: breakdown.series[key],
            urls: breakdown.urls[key],
            backgroundColor: COLORS[key],
          };
        }),
      },
      options: Object.assign(base(open()), {
        indexAxis: "y",
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true },
        },
      }),
    });
  }

  function rankingChart(id, ranking, label, color, max) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    fitHeight(canvas, ranking.labels.length);
    var x = { beginAtZero: true, ticks: { precision: 0 } };
    if (max) x.max = max;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: ranking.labels,
        datasets: [
          { label: label, data: ranking.values, urls: ranking.urls, backgroundColor: color },
        ],
      },
      options: Object.assign(base(open()), {
        indexAxis: "y",
        scales: { x: x },
        plugins: { legend: { display: false } },
      }),
    });
  }

  monthsChart();
  breakdownChart();
  rankingChart("chart-rate", data.by_rate, data.rate_label, COLORS.completed_on_time, 100);
  rankingChart("chart-volume", data.by_volume, labels.received, COLORS.received);
})();
