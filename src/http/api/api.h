// The JSON API's routes (handlers parse and check input, call platform/domain services, and map
// results to responses). Each Add*Routes function registers one area's routes on the router.
#pragma once

#include <atomic>
#include <string>

#include "common/clock.h"
#include "http/router.h"
#include "platform/access/directory.h"
#include "platform/access/sessions.h"
#include "platform/files/files.h"
#include "platform/jobs/jobs.h"
#include "platform/records/import_jobs.h"
#include "platform/records/records.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::http::api {

// The database status as last observed by a background check, so /api/v1/health answers without
// touching the database on the network thread.
struct HealthState {
  std::atomic<bool> db_ok{false};
  std::atomic<int> schema_version{0};
};

struct ApiContext {
  storage::Db* db = nullptr;
  const Clock* clock = nullptr;
  access::Directory* directory = nullptr;
  access::Sessions* sessions = nullptr;
  HealthState* health = nullptr;
  std::string version;
  schema::CatalogStore* catalog = nullptr;
  records::Records* records = nullptr;
  records::ImportJobs* imports = nullptr;
  files::Files* files = nullptr;
  jobs::Queue* jobs = nullptr;
  // The automation services (set by ServerApp; null where a caller does not need them).
  struct Automation;
  Automation* automation = nullptr;
};

inline constexpr const char* kSessionCookie = "peony_session";

// Resolves principals from the session cookie or an "Authorization: Bearer pk_…" API key.
class SessionAuthenticator final : public Authenticator {
 public:
  explicit SessionAuthenticator(access::Sessions& sessions) : sessions_(sessions) {}
  Result<std::optional<access::Principal>> Authenticate(const Request& req) override;

 private:
  access::Sessions& sessions_;
};

void AddHealthRoutes(Router& r, ApiContext& ctx);  // /api/v1/health
void AddAuthRoutes(Router& r, ApiContext& ctx);    // /api/v1/auth/*
void AddUserRoutes(Router& r, ApiContext& ctx);    // /api/v1/users*
void AddOrgRoutes(Router& r, ApiContext& ctx);     // roles, permissions, branches, audit, api keys
void AddSchemaRoutes(Router& r, ApiContext& ctx);  // /api/v1/schema/*: the form designer's catalog
void AddDataRoutes(Router& r, ApiContext& ctx);    // /api/v1/data/{entity}*: records
void AddImportRoutes(Router& r, ApiContext& ctx);  // /api/v1/data/{entity}/import*
void AddBulkRoutes(Router& r, ApiContext& ctx);    // /api/v1/data/{entity}/bulk-*
void AddDataHistoryRoutes(Router& r, ApiContext& ctx);  // /api/v1/data/{entity}/{id}/history
void AddViewRoutes(Router& r, ApiContext& ctx);         // /api/v1/data/{entity}/views*
void AddFileRoutes(Router& r, ApiContext& ctx);         // /api/v1/files*: uploads, downloads
void AddRuleRoutes(Router& r,
                   ApiContext& ctx);  // /api/v1/rules*, /api/v1/rule-runs, /api/v1/hooks/*
void AddJobRoutes(Router& r, ApiContext& ctx);   // /api/v1/jobs*
void AddTaskRoutes(Router& r, ApiContext& ctx);  // /api/v1/tasks*, /api/v1/me/tasks, notifications
void AddNotifyRoutes(Router& r, ApiContext& ctx);       // /api/v1/notify/*
void AddCustomerRoutes(Router& r, ApiContext& ctx);     // /api/v1/customers/*, leads/{id}/convert
void AddTemplateRoutes(Router& r, ApiContext& ctx);     // /api/v1/templates*: solution templates
void AddCardRoutes(Router& r, ApiContext& ctx);         // /api/v1/cards*: cards and their ledger
void AddAppointmentRoutes(Router& r, ApiContext& ctx);  // /api/v1/appointments*: booking
void AddAppointmentScheduleRoutes(Router& r, ApiContext& ctx);  // rosters, hours, settings
// /api/v1/public/branches/{id}/*, /api/v1/booking/branches/{id}/*: self-booking
void AddPublicBookingRoutes(Router& r, ApiContext& ctx);
// /api/v1/orders*: orders, payments, refunds; commission rules and money reports.
void AddOrderRoutes(Router& r, ApiContext& ctx);
void AddOrderReportRoutes(Router& r, ApiContext& ctx);
// /api/v1/treatments, /api/v1/me/follow-ups, /api/v1/follow-ups*, /api/v1/customers/{id}/photos
void AddTreatmentRoutes(Router& r, ApiContext& ctx);

inline void AddAllRoutes(Router& r, ApiContext& ctx) {
  AddHealthRoutes(r, ctx);
  AddAuthRoutes(r, ctx);
  AddUserRoutes(r, ctx);
  AddOrgRoutes(r, ctx);
  AddSchemaRoutes(r, ctx);
  AddDataRoutes(r, ctx);
  AddImportRoutes(r, ctx);
  AddBulkRoutes(r, ctx);
  AddDataHistoryRoutes(r, ctx);
  AddViewRoutes(r, ctx);
  AddFileRoutes(r, ctx);
  AddRuleRoutes(r, ctx);
  AddJobRoutes(r, ctx);
  AddTaskRoutes(r, ctx);
  AddNotifyRoutes(r, ctx);
  AddTemplateRoutes(r, ctx);
  AddCustomerRoutes(r, ctx);
  AddCardRoutes(r, ctx);
  AddAppointmentRoutes(r, ctx);
  AddAppointmentScheduleRoutes(r, ctx);
  AddPublicBookingRoutes(r, ctx);
  AddOrderRoutes(r, ctx);
  AddOrderReportRoutes(r, ctx);
  AddTreatmentRoutes(r, ctx);
}

}  // namespace peony::http::api
