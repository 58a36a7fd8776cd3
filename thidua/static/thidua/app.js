// thidua: small page behaviours (no framework; HTMX and Bootstrap do the rest).
(function () {
  "use strict";

  // "Expand all" / "Collapse" buttons of the unit tree.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tree-toggle]");
    if (!button) return;
    var tree = document.querySelector(button.getAttribute("data-tree"));
    if (!tree) return;
    var open = button.getAttribute("data-tree-toggle") === "open";
    tree.querySelectorAll("details.unit-node").forEach(function (node) {
      node.open = open;
    });
  });

  // The language switch returns to the page as it is now (HTMX may have changed the query).
  document.addEventListener("submit", function (event) {
    var next = event.target.querySelector("input[name=next]");
    if (next && event.target.matches("[data-language-form]")) {
      next.value = window.location.pathname + window.location.search;
    }
  });
})();
