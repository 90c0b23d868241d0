// Duplicate hints as the coordinator types: when the name, acronym or website
// changes, the same page is asked for the hints alone (GET ?check_similar=1&…) and
// they replace the "Is yours one of these?" box. Without JavaScript the form's
// "Check for similar communities" button does the same; a hint never blocks.
(function () {
  "use strict";
  var box = document.getElementById("similar-communities");
  if (!box || !window.fetch || !window.URLSearchParams) return;
  var fields = ["name", "acronym", "website"].map(function (name) {
    return document.getElementById("id_" + name);
  });
  var controller = null;
  var last = "";

  function refresh() {
    var params = new URLSearchParams({ check_similar: "1" });
    fields.forEach(function (field) {
      if (field) params.append(field.name, field.value.trim());
    });
    var query = params.toString();
    if (query === last) return;
    last = query;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch(box.getAttribute("data-similar-url") + "?" + query, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; })
      .catch(function () { /* offline or aborted: the button still works */ });
  }

  fields.forEach(function (field) {
    if (field) field.addEventListener("change", refresh);
  });
})();
