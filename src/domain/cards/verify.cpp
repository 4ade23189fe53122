// VerifyLedgers (cards.h): every balance and every limited sessions count equals the sum of its
// card's ledger entries, and none is negative. Two grouped queries over all organisations.
#include <map>
#include <string>
#include <utility>

#include "domain/cards/cards.h"

namespace peony::domain::cards {
namespace {

std::string Name(int64_t card_id, const std::string& card_no) {
  std::string s = "card " + std::to_string(card_id);
  if (!card_no.empty()) s += " (" + card_no + ")";
  return s;
}

}  // namespace

Result<std::vector<std::string>> VerifyLedgers(storage::Db& db) {
  return db.Read([](storage::Conn& c) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    PEONY_TRY(auto money,
              c.Query("SELECT a.card_id, a.card_no, a.balance_fen, a.gift_balance_fen, "
                      "COALESCE(SUM(l.principal_delta), 0), COALESCE(SUM(l.gift_delta), 0) "
                      "FROM card_accounts a LEFT JOIN card_ledger l ON l.card_id = a.card_id "
                      "GROUP BY a.card_id, a.card_no, a.balance_fen, a.gift_balance_fen "
                      "ORDER BY a.card_id"));
    std::map<int64_t, std::string> names;
    for (size_t i = 0; i < money.size(); ++i) {
      const std::string name = Name(money.Int(i, 0), money.Text(i, 1));
      names[money.Int(i, 0)] = name;
      const int64_t balance = money.Int(i, 2), gift = money.Int(i, 3);
      const int64_t balance_sum = money.Int(i, 4), gift_sum = money.Int(i, 5);
      if (balance != balance_sum) {
        out.push_back(name + ": balance_fen " + std::to_string(balance) + " != ledger " +
                      std::to_string(balance_sum));
      }
      if (gift != gift_sum) {
        out.push_back(name + ": gift_balance_fen " + std::to_string(gift) + " != ledger " +
                      std::to_string(gift_sum));
      }
      if (balance < 0) out.push_back(name + ": balance_fen is negative");
      if (gift < 0) out.push_back(name + ": gift_balance_fen is negative");
    }
    // Per card and service: the stored count (null: unlimited, or no such row) and the ledger's.
    PEONY_TRY(auto sessions,
              c.Query("SELECT s.card_id, s.service_id, s.sessions_left, 1, "
                      "COALESCE((SELECT SUM(l.sessions_delta) FROM card_ledger l "
                      "WHERE l.card_id = s.card_id AND l.service_id = s.service_id), 0) "
                      "FROM card_sessions s "
                      "UNION ALL "
                      "SELECT l.card_id, l.service_id, NULL, 0, SUM(l.sessions_delta) "
                      "FROM card_ledger l WHERE l.service_id IS NOT NULL AND NOT EXISTS "
                      "(SELECT 1 FROM card_sessions s WHERE s.card_id = l.card_id AND "
                      "s.service_id = l.service_id) GROUP BY l.card_id, l.service_id "
                      "ORDER BY 1, 2"));
    for (size_t i = 0; i < sessions.size(); ++i) {
      const int64_t card_id = sessions.Int(i, 0), service_id = sessions.Int(i, 1);
      const auto it = names.find(card_id);
      const std::string name = it == names.end() ? Name(card_id, "") : it->second;
      const std::string what = name + ": sessions of service " + std::to_string(service_id);
      const int64_t ledger = sessions.Int(i, 4);
      if (sessions.Int(i, 3) == 0) {
        if (ledger != 0) {
          out.push_back(what + ": ledger " + std::to_string(ledger) + " but none on the card");
        }
        continue;
      }
      if (sessions.IsNull(i, 2)) continue;  // unlimited
      const int64_t left = sessions.Int(i, 2);
      if (left != ledger) {
        out.push_back(what + ": " + std::to_string(left) + " left != ledger " +
                      std::to_string(ledger));
      }
      if (left < 0) out.push_back(what + " is negative");
    }
    return out;
  });
}

}  // namespace peony::domain::cards
