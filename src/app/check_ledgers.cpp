#include "app/check_ledgers.h"

#include <iostream>

#include "app/database.h"
#include "domain/cards/cards.h"

namespace peony::app {

int RunCheckLedgers(const Config& c) {
  auto db = OpenDatabase(c);
  if (!db.ok()) {
    std::cerr << "error: " << db.error().message_en << " (" << db.error().code << ")\n";
    return 1;
  }
  auto problems = domain::cards::VerifyLedgers(**db);
  if (!problems.ok()) {
    std::cerr << "error: " << problems.error().message_en << " (" << problems.error().code << ")\n";
    return 1;
  }
  if (!problems->empty()) {
    for (const auto& p : *problems) std::cerr << "MISMATCH " << p << "\n";
    std::cerr << "ledgers BROKEN: " << problems->size() << " mismatch(es)\n";
    return 1;
  }
  auto counts = (*db)->Read([](storage::Conn& conn) {
    return conn.Query(
        "SELECT (SELECT COUNT(*) FROM card_accounts), "
        "(SELECT COUNT(*) FROM card_ledger)");
  });
  if (counts.ok()) {
    std::cout << "ledgers intact: " << counts->Int(0, 0) << " cards, " << counts->Int(0, 1)
              << " ledger entries agree with their balances\n";
  } else {
    std::cout << "ledgers intact\n";
  }
  return 0;
}

}  // namespace peony::app
