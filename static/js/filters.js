// Live filtering for the listings. Changing a filter fetches the same page for the
// new URL and swaps the results and the filter panel in place; the address bar
// follows (history.pushState) and the new count is announced. Without JavaScript
// the form is a plain GET form and everything works the same.
(function () {
  "use strict";
  // Browsers without ::details-content cannot show a closed panel on wide screens: open it.
  var toggle = document.querySelector("details.filter-toggle");
  if (toggle && window.matchMedia && window.CSS && CSS.supports &&
      !CSS.supports("selector(::details-content)") &&
      window.matchMedia("(min-width: 48.01rem)").matches) toggle.open = true;
  var form = document.querySelector("[data-listing-form]");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var status = document.getElementById("listing-status");
  var controller = null;

  function urlFromForm(submitter) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    // The Search button says "a new search": the server then ranks by relevance.
    if (submitter && submitter.name) params.append(submitter.name, submitter.value);
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function swap(doc) {
    var focusedId = document.activeElement ? document.activeElement.id : "";
    var openFacets = Array.prototype.map.call(
      document.querySelectorAll("details[data-facet][open]"),
      function (el) { return el.getAttribute("data-facet"); }
    );
    ["filter-panel", "results", "filter-toggle-label"].forEach(function (id) {
      var fresh = doc.getElementById(id);
      var current = document.getElementById(id);
      if (fresh && current) current.replaceWith(document.importNode(fresh, true));
    });
    openFacets.forEach(function (name) {
      var details = document.querySelector('details[data-facet="' + name + '"]');
      if (details) details.open = true;
    });
    var freshSearch = doc.getElementById("search-q");
    var search = document.getElementById("search-q");
    if (freshSearch && search && document.activeElement !== search) search.value = freshSearch.value;
    if (focusedId && focusedId !== "search-q") {
      var target = document.getElementById(focusedId);
      if (target) target.focus();
    }
    document.title = doc.title;
    var count = document.querySelector("[data-result-count]");
    if (status && count) status.textContent = count.textContent.trim();
  }

  function load(url, push) {
    if (controller) controller.abort();
    controller = new AbortController();
    var results = document.getElementById("results");
    if (results) results.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        swap(new DOMParser().parseFromString(html, "text/html"));
        if (push) window.history.pushState({ listing: true }, "", url);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.assign(url);
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "q") return; // typed text applies on submit (Enter or the button)
    load(urlFromForm(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(urlFromForm(event.submitter), true);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-listing-link]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    load(link.href, true);
  });
  window.addEventListener("popstate", function () {
    load(window.location.href, false);
  });
})();
