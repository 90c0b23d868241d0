// The API's documentation page: start Swagger UI on the OpenAPI document named by the
// page (a static file: the Content Security Policy allows no inline script).
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    displayOperationId: false,
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: ["get"],
  });
})();
