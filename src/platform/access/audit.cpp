#include "platform/access/audit.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "storage/crypto/crypto.h"

namespace peony::access {
namespace {

// The hash of an entry covers every column but the hash itself, serialised as a JSON array so that
// no two different entries can produce the same text.
std::string EntryHash(const std::string& prev_hash, int64_t seq, const std::optional<int64_t>& org,
                      UtcMillis at, const std::optional<int64_t>& actor_id,
                      const std::string& actor, const std::string& action,
                      const std::string& target_type, const std::string& target_id,
                      const std::string& ip, const std::string& detail) {
  boost::json::array a{seq,         org ? boost::json::value(*org) : nullptr,
                       at,          actor_id ? boost::json::value(*actor_id) : nullptr,
                       actor,       action,
                       target_type, target_id,
                       ip,          detail,
                       prev_hash};
  return HexEncode(storage::crypto::Sha256(boost::json::serialize(a)));
}

}  // namespace

Status AppendAudit(storage::Conn& conn, const Clock& clock, const AuditEvent& e) {
  const bool pg = conn.dialect() == storage::Dialect::kPostgres;
  PEONY_TRY(auto head, conn.Query(pg ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                                     : "SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (head.empty()) return InternalError("audit_head row missing");
  const int64_t seq = head.Int(0, 0) + 1;
  const std::string prev = head.Text(0, 1);
  const UtcMillis at = clock.Now();
  const std::string detail = boost::json::serialize(e.detail);
  const std::string hash = EntryHash(prev, seq, e.org_id, at, e.actor_id, e.actor, e.action,
                                     e.target_type, e.target_id, e.ip, detail);
  PEONY_CHECK(
      conn.Exec("INSERT INTO audit_log (seq, org_id, at, actor_id, actor, action, target_type, "
                "target_id, ip, "
                "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {seq, e.org_id, at, e.actor_id, e.actor, e.action, e.target_type, e.target_id, e.ip,
                 detail, prev, hash}));
  PEONY_CHECK(conn.Exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {seq, hash}));
  return Ok();
}

Status AppendAudit(storage::Db& db, const Clock& clock, const AuditEvent& event) {
  return db.WriteTx([&](storage::Conn& c) { return AppendAudit(c, clock, event); });
}

Result<std::vector<AuditEntry>> ListAudit(storage::Db& db, int64_t org_id, int64_t before_seq,
                                          int limit) {
  return db.Read([&](storage::Conn& c) -> Result<std::vector<AuditEntry>> {
    PEONY_TRY(auto rows,
              c.Query("SELECT seq, at, actor_id, actor, action, target_type, target_id, ip, detail "
                      "FROM audit_log WHERE org_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                      {org_id, before_seq > 0 ? before_seq : INT64_MAX, limit}));
    std::vector<AuditEntry> out;
    out.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      AuditEntry e{rows.Int(i, 0),  rows.Int(i, 1),  rows.OptInt(i, 2),
                   rows.Text(i, 3), rows.Text(i, 4), rows.Text(i, 5),
                   rows.Text(i, 6), rows.Text(i, 7), {}};
      boost::system::error_code ec;
      auto d = boost::json::parse(rows.Text(i, 8), ec);
      if (!ec && d.is_object()) e.detail = d.as_object();
      out.push_back(std::move(e));
    }
    return out;
  });
}

Result<AuditVerifyReport> VerifyAudit(storage::Db& db) {
  AuditVerifyReport report;
  std::string prev;
  int64_t last_seq = 0;
  constexpr int kPage = 1000;
  while (true) {
    PEONY_TRY(auto rows, db.Read([&](storage::Conn& c) {
      return c.Query(
          "SELECT seq, org_id, at, actor_id, actor, action, target_type, target_id, ip, detail, "
          "prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
          {last_seq, kPage});
    }));
    for (size_t i = 0; i < rows.size(); ++i) {
      const int64_t seq = rows.Int(i, 0);
      auto broken = [&](std::string why) {
        report.first_broken = seq;
        report.reason = std::move(why);
      };
      if (seq != last_seq + 1) {
        broken("entries " + std::to_string(last_seq + 1) + ".." + std::to_string(seq - 1) +
               " are missing");
        report.first_broken = last_seq + 1;
        return report;
      }
      if (rows.Text(i, 10) != prev) {
        broken("prev_hash does not match the previous entry");
        return report;
      }
      const std::string expect = EntryHash(
          prev, seq, rows.OptInt(i, 1), rows.Int(i, 2), rows.OptInt(i, 3), rows.Text(i, 4),
          rows.Text(i, 5), rows.Text(i, 6), rows.Text(i, 7), rows.Text(i, 8), rows.Text(i, 9));
      if (expect != rows.Text(i, 11)) {
        broken("content does not match its hash (the entry was edited)");
        return report;
      }
      prev = rows.Text(i, 11);
      last_seq = seq;
      ++report.checked;
    }
    if (rows.size() < static_cast<size_t>(kPage)) break;
  }
  PEONY_TRY(auto head, db.Read([&](storage::Conn& c) {
    return c.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  }));
  if (head.empty()) {
    report.first_broken = last_seq + 1;
    report.reason = "the audit head row is missing";
  } else if (head.Int(0, 0) != last_seq || head.Text(0, 1) != prev) {
    report.first_broken = last_seq + 1;
    report.reason = "entries after " + std::to_string(last_seq) + " up to " +
                    std::to_string(head.Int(0, 0)) + " were removed";
  }
  return report;
}

}  // namespace peony::access
