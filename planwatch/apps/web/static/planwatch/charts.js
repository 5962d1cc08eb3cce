/* Every element with data-chart="ID" is drawn with ECharts from the JSON option in <script id="ID">
   (built on the server, e.g. by planwatch.reports.charts.echarts_option). Charts follow their box's width
   (phones, resized windows) and are drawn again after an htmx swap. */
(function () {
  function draw(root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.dataset.chart);
      if (!src || el.dataset.drawn) return;
      var option = JSON.parse(src.textContent);
      delete option.height_px;
      var chart = echarts.init(el, null, {renderer: el.dataset.renderer || "canvas"});
      chart.setOption(option);
      el.dataset.drawn = "1";
      if (window.ResizeObserver) new ResizeObserver(function () { chart.resize(); }).observe(el);
    });
  }
  window.planwatchCharts = {draw: draw};
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
