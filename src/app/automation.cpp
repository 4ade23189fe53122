#include "app/automation.h"

#include <iostream>

#include "app/database.h"
#include "common/log.h"
#include "domain/appointments/reminders.h"

namespace peony::app {

Automation::Automation(storage::Db& db, schema::CatalogStore& catalog, records::Records& records,
                       const storage::crypto::KeyRing& keys, const Clock& clock,
                       jobs::QueueOptions options)
    : queue(std::make_unique<jobs::Queue>(db, clock, std::move(options))),
      outbox(std::make_unique<notify::Outbox>(db, clock, keys, *queue)),
      rules(std::make_unique<rules::Rules>(db, catalog, records, *queue, *outbox, clock)) {
  domain::appointments::RegisterReminders(*queue, records, *outbox);
}

Automation::~Automation() {
  if (queue) queue->Stop();
}

int RunJobsRunDue(const Config& c, const std::string& now_text) {
  UtcMillis now = SystemClock::Instance().Now();
  if (!now_text.empty()) {
    auto t = ParseRfc3339(now_text);
    if (!t) {
      std::cerr << "error: --now must be an RFC 3339 time such as 2027-11-22T09:00:00+08:00\n";
      return 2;
    }
    now = *t;
  }
  log::Level level;
  log::ParseLevel(c.log_level, &level);
  log::Init(level, c.log_file);
  auto keys = storage::crypto::LoadKeyFile(c.KeyFile());
  if (!keys.ok()) {
    std::cerr << "error: " << keys.error().message_en << "\n";
    return 1;
  }
  auto db = OpenAndMigrate(c);
  if (!db.ok()) {
    std::cerr << "error: " << db.error().message_en << " (" << db.error().code << ")\n";
    return 1;
  }
  ManualClock clock(now);
  schema::CatalogStore catalog(**db, clock);
  records::Records records(**db, catalog, clock, *keys);
  Automation automation(**db, catalog, records, *keys, clock, jobs::QueueOptions{});
  if (auto s = automation.rules->Maintain(); !s.ok()) {
    std::cerr << "error: " << s.error().message_en << " (" << s.error().code << ")\n";
    return 1;
  }
  auto stats = automation.queue->RunDue();
  if (!stats.ok()) {
    std::cerr << "error: " << stats.error().message_en << " (" << stats.error().code << ")\n";
    return 1;
  }
  std::cout << "jobs due by " << FormatRfc3339(now) << ": " << stats->done << " done, "
            << stats->failed << " failed (will retry), " << stats->deferred << " deferred, "
            << stats->dead << " dead-lettered\n";
  return 0;
}

}  // namespace peony::app
