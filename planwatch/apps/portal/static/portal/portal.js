// The indicator's published series as a line, the target as a dashed line (ECharts from our own static files).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart");
  if (!el || !window.echarts) return;
  var d = JSON.parse(el.dataset.chart);
  var series = [{ name: d.name, type: "line", data: d.values, symbolSize: 8, label: { show: true } }];
  if (d.target !== null && d.target !== undefined) {
    series[0].markLine = { symbol: "none", lineStyle: { type: "dashed", color: "#a61c2e" },
                           label: { formatter: "目标 " + d.target + d.unit }, data: [{ yAxis: d.target }] };
  }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 24, top: 30, bottom: 30 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: d.years },
    yAxis: { type: "value", name: d.unit, scale: true },
    series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
