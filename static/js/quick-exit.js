// Quick exit: leave the portal at once, by the button, the hidden link or Shift pressed
// three times. The page is blanked and its fields cleared before leaving, and the portal's
// /exit/ is reached with location.replace() so that Back does not return to this page.
(function () {
  "use strict";
  var exitUrl = document.documentElement.getAttribute("data-exit-url") || "/exit/";
  var shiftPresses = [];

  function exitNow(event) {
    if (event) {
      event.preventDefault();
    }
    var fields = document.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = false;
      } else if (field.tagName === "SELECT") {
        field.selectedIndex = -1;
      } else if (field.type !== "hidden" && field.type !== "submit") {
        field.value = "";
      }
    }
    document.title = "";
    if (document.body) {
      document.body.innerHTML = "";
    }
    window.location.replace(exitUrl);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (target) {
      exitNow(event);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      shiftPresses = [];
      return;
    }
    if (event.repeat) {
      return;
    }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (time) {
      return now - time < 5000;
    });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) {
      exitNow(event);
    }
  });

  // A page restored from the back/forward cache would show the fields as they were left.
  // Ask the server again instead: after quick exit it has nothing left to show.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.body.innerHTML = "";
      window.location.reload();
    }
  });
})();
