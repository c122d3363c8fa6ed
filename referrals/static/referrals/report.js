// The observation form works without this script. With it:
// - the whole report occupies one entry of the tab's history: each page is sent with
//   fetch() and the page that comes back is shown in place of the current one, its
//   address put in the same history entry (history.replaceState), so Back from the
//   neutral site quick exit leads to never shows a page of the report (the gate's
//   answer, asked with GET, replaces the page as a link does);
// - "Send the report" disables itself after the first press (the server sends a draft
//   once in any case);
// - every text field with a limit counts its characters as the witness types;
// - focus moves to the error summary, a warning appears before the draft expires, and
//   the place field suggests settlements from the portal's own gazetteer.
(function () {
  "use strict";

  var expiryTimer = null;

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    startExpiryWarning();
    startSettlementSuggestions();
    var limits = document.querySelectorAll("[data-limit]");
    for (var i = 0; i < limits.length; i++) {
      updateCounter(limits[i]);
    }
  }

  // --- One history entry for the whole report ------------------------------------------

  function isReportAddress(href) {
    var link = new URL(href, window.location.href);
    return link.origin === window.location.origin && /^\/[a-z]{2}\/report\//.test(link.pathname);
  }

  function showResponse(html, address) {
    var page = new DOMParser().parseFromString(html, "text/html");
    if (address && address !== window.location.href) {
      window.history.replaceState(null, "", address);
    }
    document.title = page.title;
    document.body.className = page.body.className;
    document.body.innerHTML = page.body.innerHTML;
    window.scrollTo(0, 0);
    init();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // getAttribute, not form.action: a field named "action" would stand in for the property.
    var action = new URL(form.getAttribute("action") || window.location.href, window.location.href).href;
    var method = (form.getAttribute("method") || "get").toLowerCase();
    if (event.defaultPrevented || !isReportAddress(action)) {
      return;
    }
    if (method === "get") {
      // The gate's answer: its address takes the place of this page, as a link's does.
      if (window.URL && window.URLSearchParams) {
        event.preventDefault();
        var address = new URL(action);
        address.search = new URLSearchParams(new FormData(form)).toString();
        window.location.replace(address.href);
      }
      return;
    }
    if (form.hasAttribute("data-sending")) {
      event.preventDefault();
      return;
    }
    if (!window.fetch || !window.URLSearchParams || !window.DOMParser) {
      return; // an old browser: an ordinary submission, one history entry per page
    }
    event.preventDefault();
    form.setAttribute("data-sending", "");
    var button = form.querySelector("button[type=submit]");
    if (button && form.hasAttribute("data-send-once")) {
      button.disabled = true;
      if (button.getAttribute("data-sending-label")) {
        button.textContent = button.getAttribute("data-sending-label");
      }
    }
    var data = new FormData(form);
    // The pressed button's own name and value (e.g. action=add), as a browser would send them.
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    fetch(action, {
      method: "POST",
      body: new URLSearchParams(data),
      credentials: "same-origin",
      redirect: "follow",
    })
      .then(function (response) {
        // The answer (after the server's redirect, if any) is the next page: show it here.
        return response.text().then(function (html) {
          showResponse(html, response.url);
        });
      })
      .catch(function () {
        // The network failed: send it the ordinary way, so the witness sees what happened.
        form.removeAttribute("data-sending");
        HTMLFormElement.prototype.submit.call(form);
      });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (link.hasAttribute("data-quick-exit") || link.getAttribute("href").charAt(0) === "#") {
      return;
    }
    if (isReportAddress(link.href)) {
      event.preventDefault();
      window.location.replace(link.href);
    }
  });

  // --- Counters ------------------------------------------------------------------------

  function updateCounter(limit) {
    var field = document.getElementById(limit.id.replace(/-limit$/, ""));
    if (!field) {
      return;
    }
    var max = parseInt(limit.getAttribute("data-limit"), 10);
    var count = field.value.length;
    var template = limit.getAttribute("data-counter-template") || "{count} / {limit}";
    limit.textContent = template.replace("{count}", count).replace("{limit}", max);
    limit.classList.toggle("limit-exceeded", count > max);
  }

  document.addEventListener("input", function (event) {
    var limit = event.target.id ? document.getElementById(event.target.id + "-limit") : null;
    if (limit && limit.hasAttribute("data-limit")) {
      updateCounter(limit);
    }
  });

  // --- Expiry warning ------------------------------------------------------------------

  function startExpiryWarning() {
    window.clearTimeout(expiryTimer);
    var expiry = document.getElementById("draft-expiry");
    var warning = document.getElementById("draft-expiry-warning");
    if (expiry && warning) {
      var seconds = parseInt(expiry.getAttribute("data-warn-after"), 10);
      if (seconds > 0) {
        expiryTimer = window.setTimeout(function () {
          warning.hidden = false;
        }, seconds * 1000);
      }
    }
  }

  // --- Settlement suggestions ----------------------------------------------------------

  function startSettlementSuggestions() {
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
        // No cookie: the suggestions need no session, and a request that carries one can
        // race the step being sent.
        fetch(api + "?q=" + encodeURIComponent(query), { credentials: "omit" })
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
  }

  init();
})();
