/* Trend charts of a meeting's agenda items (ECharts). The data comes from the page through
   json_script (#meeting-trends): {item id: {title, unit, labels, series: [{name, values}]}}. */
(function () {
  "use strict";
  var source = document.getElementById("meeting-trends");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent || "{}");
  document.querySelectorAll(".trend-chart[data-item]").forEach(function (el) {
    var trend = charts[el.getAttribute("data-item")];
    if (!trend || !trend.labels) {
      return;
    }
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: trend.labels },
      yAxis: { type: "value", name: trend.unit || "", minInterval: 1 },
      series: (trend.series || []).map(function (s) {
        return { name: s.name, type: "bar", stack: "total", data: s.values };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
