// The export page's "Select all" box calls its handler from an inline onchange attribute,
// which the portal's Content Security Policy blocks. Attach the same handler from here.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var toggle = document.querySelector("input.select-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
