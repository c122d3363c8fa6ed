// The observation form works without this script. With it: focus moves to the error
// summary, a warning appears before the draft expires, and the place field suggests
// settlements from the portal's own gazetteer (/api/settlements/).
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  var expiry = document.getElementById("draft-expiry");
  var warning = document.getElementById("draft-expiry-warning");
  if (expiry && warning) {
    var seconds = parseInt(expiry.getAttribute("data-warn-after"), 10);
    if (seconds > 0) {
      window.setTimeout(function () {
        warning.hidden = false;
      }, seconds * 1000);
    }
  }

  var form = document.querySelector("form[data-settlement-api]");
  var input = document.getElementById("id_settlement");
  var list = document.getElementById("settlement-suggestions");
  if (!form || !input || !list || !window.fetch) {
    return;
  }
  var api = form.getAttribute("data-settlement-api");
  var language = document.documentElement.lang || "kk";
  var timer = null;
  var latest = "";
  input.setAttribute("list", "settlement-suggestions");

  function show(results) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    results.forEach(function (result) {
      var option = document.createElement("option");
      option.value = result.name[language] || result.name.kk;
      // The district tells apart the villages of one name ("Жамбыл" names 36 of them).
      var district = result.district[language] || result.district.kk;
      var region = result.region.name[language] || result.region.name.kk;
      option.label = district && district.indexOf(option.value) === -1 ? district + ", " + region : region;
      list.appendChild(option);
    });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    window.clearTimeout(timer);
    if (query.length < 2) {
      show([]);
      return;
    }
    timer = window.setTimeout(function () {
      latest = query;
      fetch(api + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (query === latest) {
            show(data.results || []);
          }
        })
        .catch(function () {
          show([]);
        });
    }, 250);
  });
})();
