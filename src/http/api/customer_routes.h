// The customer routes' pieces kept in their own files (AddCustomerRoutes in customer_routes.cpp
// registers them all): the customer-value settings and lead conversion.
#pragma once

#include <memory>

#include "domain/customers/customers.h"
#include "http/router.h"

namespace peony::http::api {

// /api/v1/settings/customer-value (GET, PUT). `svc` is null when listing routes for OpenAPI.
void AddCustomerValueSettingsRoutes(Router& r, std::shared_ptr<domain::customers::Customers> svc);
// /api/v1/leads/{id}/convert.
void AddLeadRoutes(Router& r, std::shared_ptr<domain::customers::Customers> svc);

// The JSON Schema of the computed value (GET …/value, and "value" of the summary).
extern const char* const kCustomerValueSchema;

}  // namespace peony::http::api
