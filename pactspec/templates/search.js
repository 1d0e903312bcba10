(function () {
  "use strict";
  var q = document.getElementById("q");
  var service = document.getElementById("service");
  var state = document.getElementById("state");
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-filter-row]"));
  if (!q || !rows.length) { return; }

  function matches(row, words, wantService, wantState) {
    var text = row.getAttribute("data-text") || "";
    for (var i = 0; i < words.length; i++) {
      if (text.indexOf(words[i]) < 0) { return false; }
    }
    if (wantService && row.getAttribute("data-consumer") !== wantService &&
        row.getAttribute("data-provider") !== wantService) { return false; }
    if (wantState) {
      var states = (row.getAttribute("data-states") || "").split("\n").filter(Boolean);
      if (wantState === "(none)") { return states.length === 0; }
      if (states.indexOf(wantState) < 0) { return false; }
    }
    return true;
  }

  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wantService = service ? service.value : "";
    var wantState = state ? state.value : "";
    var shown = 0, total = 0;
    rows.forEach(function (row) {
      var ok = matches(row, words, wantService, wantState);
      row.hidden = !ok;
      if (row.getAttribute("data-filter-row") === "item") {
        total++;
        if (ok) { shown++; }
      }
    });
    if (count) { count.textContent = shown + " of " + total + " shown"; }
    if (none) { none.hidden = shown !== 0; }
  }

  [q, service, state].forEach(function (control) {
    if (control) {
      control.addEventListener("input", apply);
      control.addEventListener("change", apply);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== q) { event.preventDefault(); q.focus(); }
  });
  apply();
}());
