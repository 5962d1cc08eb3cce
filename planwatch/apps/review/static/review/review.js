// Clicking or focusing an indicator (its line number, name, or any control in its row) highlights its source
// line and scrolls the source pane to it; without JavaScript the #L123 links still jump there (:target).
(function () {
  function show(line, move) {
    var pane = document.getElementById("source");
    var el = document.getElementById("L" + line);
    if (!pane || !el) return false;
    pane.querySelectorAll("li.hl").forEach(function (li) { li.classList.remove("hl"); });
    el.classList.add("hl");
    if (move) {
      if (pane.scrollHeight > pane.clientHeight + 4) {
        pane.scrollTop = el.offsetTop - pane.clientHeight / 3;
      } else {
        el.scrollIntoView({ block: "center" });
      }
    }
    return true;
  }
  function activate(row) {
    document.querySelectorAll("table.parsed tr.active").forEach(function (r) { r.classList.remove("active"); });
    if (row) row.classList.add("active");
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a.line-link");
    if (link && show(link.dataset.line, true)) {
      ev.preventDefault();
      activate(link.closest("tr"));
      return;
    }
    var row = ev.target.closest("table.parsed tr[data-line]");
    if (row && row.dataset.line && !ev.target.closest("a")) { show(row.dataset.line, true); activate(row); }
  });
  document.addEventListener("focusin", function (ev) {
    var row = ev.target.closest && ev.target.closest("table.parsed tr[data-line]");
    if (row && row.dataset.line) { show(row.dataset.line, true); activate(row); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var split = document.querySelector(".review-split[data-current]");
    if (split && split.dataset.current) show(split.dataset.current, true);
    var m = location.hash.match(/^#ind-(\d+)$/);
    var row = m && document.getElementById("ind-" + m[1]);
    if (row && row.dataset.line) { show(row.dataset.line, true); activate(row); }
  });
})();
