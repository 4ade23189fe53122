// The automation services — the job queue, the notification outbox and the rules engine — wired
// together the same way for `peony serve` and `peony jobs run-due`.
#pragma once

#include <memory>

#include "app/config.h"
#include "common/clock.h"
#include "platform/jobs/jobs.h"
#include "platform/notify/outbox.h"
#include "platform/records/records.h"
#include "platform/rules/rules.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::app {

struct Automation {
  Automation(storage::Db& db, schema::CatalogStore& catalog, records::Records& records,
             const storage::crypto::KeyRing& keys, const Clock& clock, jobs::QueueOptions options);
  ~Automation();  // stops the runner threads before the handlers go

  std::unique_ptr<jobs::Queue> queue;
  std::unique_ptr<notify::Outbox> outbox;
  std::unique_ptr<rules::Rules> rules;
};

// `peony jobs run-due [--now T]`: runs every job due by then, prints what ran. Exit 0, or 1 when
// the database could not be opened or a job run failed to be recorded.
int RunJobsRunDue(const Config& c, const std::string& now);

}  // namespace peony::app
