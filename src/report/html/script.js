(function () {
  "use strict";
  var NUMBER = /^-?\d+(\.\d+)?$/;
  function text(cell) {
    var v = cell ? cell.getAttribute("data-sort") : "";
    if (v === null) { v = cell.textContent.trim(); }
    return v;
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    // A column sorts as numbers when every filled cell is a number (blanks first), else as text.
    var keys = rows.map(function (row) { return text(row.cells[index]); });
    var numeric = keys.every(function (k) { return k === "" || NUMBER.test(k); });
    var order = rows.map(function (row, i) {
      var k = keys[i];
      return { row: row, i: i, key: numeric ? (k === "" ? -Infinity : parseFloat(k)) : k.toLowerCase() };
    });
    order.sort(function (a, b) {
      var c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return c * dir || a.i - b.i;
    });
    order.forEach(function (o) { body.appendChild(o.row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, i, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, i, th); }
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input.filter"), function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
  function showTarget() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (!el) { return; }
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") { d.open = true; }
    }
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", showTarget);
  // Printing shows the texts too.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  showTarget();
  document.documentElement.setAttribute("data-ready", "1");
})();
