// Progressive enhancement for the advisor page: results follow the answers as they change.
//
// The server still renders everything. On a change this script asks for the same page the
// form would submit to (GET /?answers), and swaps in the server's results section, its error
// summary and each field's error message; the inputs themselves are never replaced, so focus
// and typing are not disturbed. The address bar follows the answers (history.replaceState), so
// the URL stays the shareable record of the consultation. Without JavaScript the form's submit
// button does the same with a page load. Only the page's own origin is contacted (CSP
// connect-src 'self'); no HTML from anywhere else is inserted.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  var status = document.getElementById("live-status");
  var latest = 0;
  var controller = null;
  var timer = null;
  var lastQuery = query();

  function query() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  // Typing waits for a pause; a choice (select, checkbox, date) applies at once.
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  }

  function replace(id, fresh) {
    var current = document.getElementById(id);
    if (current && fresh) current.replaceWith(document.adoptNode(fresh));
  }

  // A field's error state: the class, aria-invalid, and the message under it.
  function syncControl(control, fresh) {
    control.className = fresh.className;
    var field = control.querySelector("input:not([type=checkbox]), select, textarea");
    var freshField = fresh.querySelector("input:not([type=checkbox]), select, textarea");
    if (field && freshField) {
      ["aria-invalid", "aria-describedby"].forEach(function (name) {
        if (freshField.hasAttribute(name)) field.setAttribute(name, freshField.getAttribute(name));
        else field.removeAttribute(name);
      });
    }
    var error = control.querySelector("p.error");
    var freshError = fresh.querySelector("p.error");
    if (error) error.remove();
    if (freshError) control.appendChild(document.adoptNode(freshError));
  }

  function apply(html, search) {
    var page = new DOMParser().parseFromString(html, "text/html");
    replace("results", page.getElementById("results"));
    replace("answer-errors", page.getElementById("answer-errors"));
    results = document.getElementById("results");
    form.querySelectorAll("div.control").forEach(function (control) {
      var fresh = page.getElementById(control.id);
      if (fresh) syncControl(control, fresh);
    });
    var language = document.querySelector("header.site nav a[hreflang]");
    var freshLanguage = page.querySelector("header.site nav a[hreflang]");
    if (language && freshLanguage) language.setAttribute("href", freshLanguage.getAttribute("href"));
    // A saved consultation keeps its own address; the advisor page's address is its answers.
    if (location.pathname === form.getAttribute("action")) history.replaceState(null, "", "?" + search);
    var heading = document.getElementById("results-title") || document.getElementById("errors-title");
    if (status) status.textContent = heading ? heading.textContent : "";
  }

  function refresh() {
    var search = query();
    if (search === lastQuery) return;
    lastQuery = search;
    var id = ++latest;
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    if (status) status.textContent = status.getAttribute("data-updating") || "";
    fetch(form.getAttribute("action") + "?" + search, {
      headers: { Accept: "text/html" }, credentials: "same-origin", signal: controller.signal
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (id === latest) apply(html, search);
      })
      .catch(function (error) {
        // A superseded request is aborted on purpose; anything else leaves the submit button.
        if (error.name !== "AbortError" && status) status.textContent = "";
      })
      .finally(function () {
        if (id === latest) document.getElementById("results").removeAttribute("aria-busy");
      });
  }

  form.addEventListener("input", function (event) {
    var type = event.target.type;
    schedule(type === "text" || type === "textarea" ? 600 : 150);
  });
  form.addEventListener("change", function () { schedule(150); });
})();
