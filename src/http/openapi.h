// The OpenAPI 3.0.3 document of the API, generated from the routes' own declarations (RouteSpec),
// so the documentation and the generated web client (web/src/api/) cannot drift from the code.
//
// Per route: path parameters from {param} segments, query parameters, the request body and success
// response schemas (RouteSpec's JSON Schema text), the error codes in the description of a
// "default" error response that references the shared Error schema, 401/403 for signed-in routes,
// security (cookie session "peony_session" or bearer API key; none for public routes), the tag, and
// extensions x-permission and x-error-codes. Only /api/ routes are documented.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace peony::http {

class Router;

// Builds the document. A schema string that is not valid JSON is a programmer error: it is logged
// and replaced by an empty schema (the OpenAPI test catches it).
boost::json::value BuildOpenApi(const Router& router, std::string version);

// Registers GET /api/v1/openapi.json (public, inline). The document is built on the first request
// (so routes added after this call are included) and cached. `router` must outlive its routes.
void AddOpenApiRoute(Router& router);

}  // namespace peony::http
