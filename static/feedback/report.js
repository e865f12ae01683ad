// The feedback report's diverging stacked bars (templates/feedback/report.html), drawn with Chart.js (vendored in
// static/vendor/chartjs) from the JSON of each canvas's data-chart attribute (services/report_charts.py): no inline
// script (CSP script-src 'self'). Points below the middle of the scale go to the left of 0, points above it to the
// right, the neutral point of an odd scale half on each side. The table under each chart has the same numbers.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var NEGATIVE = ["#b2182b", "#d6604d", "#f4a582"]; // outermost (lowest point) darkest
  var POSITIVE = ["#92c5de", "#4393c3", "#2166ac"]; // innermost lightest, highest point darkest
  var NEUTRAL = "#bababa";
  var lang = document.documentElement.lang || "id";
  var pct = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var charts = [];

  function colour(index, count, odd) {
    var half = Math.floor(count / 2);
    if (odd && index === half) { return NEUTRAL; }
    if (index < half) { return NEGATIVE[NEGATIVE.length - half + index] || NEGATIVE[0]; }
    var fromMiddle = index - (odd ? half + 1 : half);
    return POSITIVE[POSITIVE.length - half + fromMiddle] || POSITIVE[POSITIVE.length - 1];
  }

  function datasets(data) {
    var count = data.points.length, half = Math.floor(count / 2), sets = [];
    function values(index, sign, part) {
      return data.bars.map(function (bar) { return sign * bar.segments[index].share * part; });
    }
    function add(index, sign, part, shown) {
      sets.push({ label: data.points[index], data: values(index, sign, part), pointIndex: index, inLegend: shown,
                  share: data.bars.map(function (bar) { return bar.segments[index].share; }),
                  backgroundColor: colour(index, count, data.odd), borderWidth: 0, stack: "answers" });
    }
    if (data.odd) { add(half, -1, 0.5, true); add(half, 1, 0.5, false); }
    for (var low = half - 1; low >= 0; low -= 1) { add(low, -1, 1, true); }
    for (var high = data.odd ? half + 1 : half; high < count; high += 1) { add(high, 1, 1, true); }
    return sets;
  }

  function draw(canvas) {
    var data;
    try { data = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    var figure = canvas.parentNode;
    figure.style.height = (70 + 34 * data.bars.length) + "px";
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.bars.map(function (bar) { return bar.label + " (n = " + bar.n + ")"; }),
              datasets: datasets(data) },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          x: { stacked: true, min: -100, max: 100,
               ticks: { callback: function (value) { return pct.format(Math.abs(value)) + "%"; } } },
          y: { stacked: true }
        },
        plugins: {
          legend: { position: "bottom", labels: {
            boxWidth: 12,
            filter: function (item, chartData) { return chartData.datasets[item.datasetIndex].inLegend; },
            sort: function (a, b, chartData) {
              return chartData.datasets[a.datasetIndex].pointIndex - chartData.datasets[b.datasetIndex].pointIndex;
            } } },
          tooltip: { callbacks: { label: function (context) {
            var set = context.dataset;
            return set.label + ": " + pct.format(set.share[context.dataIndex]) + "%";
          } } }
        }
      }
    });
    charts.push(chart);
    canvas.setAttribute("data-drawn", "1");
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
  // On paper the page is narrower than the screen: fit every chart to it, open the tables folded in <details>
  // (a closed one prints nothing), and put both back afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".latih-report-details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    charts.forEach(function (c) { c.resize(); });
  });
}());
