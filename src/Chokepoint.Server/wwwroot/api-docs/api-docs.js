// Swagger UI (bundled from npm at build time) over this server's OpenAPI document; nothing leaves the machine.
"use strict";
if (window.SwaggerUIBundle) {
  window.ui = SwaggerUIBundle({
    url: "../openapi/v1.json",
    dom_id: "#ui",
    validatorUrl: null,         // no call to the public validator
    deepLinking: true,
    tryItOutEnabled: true,
    persistAuthorization: true,
  });
}
