#include "storage/postgres/pg_conn.h"

#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include "common/log.h"
#include "common/strings.h"
#include "storage/errors.h"
#include "storage/postgres/placeholders.h"

namespace peony::storage {
namespace {

// Type oids from PostgreSQL's catalog/pg_type.dat (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr const char* kSessionSettings =
    "SET statement_timeout = 30000; SET bytea_output = 'hex'; SET client_encoding = 'UTF8'";

std::string_view FirstWord(std::string_view sql) {
  size_t begin = 0;
  while (begin < sql.size() && (sql[begin] == ' ' || sql[begin] == '\n' || sql[begin] == '\t' ||
                                sql[begin] == '\r' || sql[begin] == '(')) {
    ++begin;
  }
  size_t end = begin;
  while (end < sql.size() &&
         ((sql[end] >= 'a' && sql[end] <= 'z') || (sql[end] >= 'A' && sql[end] <= 'Z'))) {
    ++end;
  }
  return sql.substr(begin, end - begin);
}

bool WordIs(std::string_view word, std::string_view upper) {
  if (word.size() != upper.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = (word[i] >= 'a' && word[i] <= 'z') ? static_cast<char>(word[i] - 32) : word[i];
    if (c != upper[i]) return false;
  }
  return true;
}

// The statements run thousands of times a second; they are worth a server-side prepared statement.
bool IsDml(std::string_view sql) {
  const std::string_view w = FirstWord(sql);
  return WordIs(w, "SELECT") || WordIs(w, "INSERT") || WordIs(w, "UPDATE") || WordIs(w, "DELETE") ||
         WordIs(w, "WITH");
}

bool IsDdl(std::string_view sql) {
  const std::string_view w = FirstWord(sql);
  return WordIs(w, "CREATE") || WordIs(w, "ALTER") || WordIs(w, "DROP") || WordIs(w, "TRUNCATE");
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea in hex output form: "\x0a1b…".
std::string DecodeByteaHex(std::string_view text) {
  std::string out;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return out;
  out.reserve((text.size() - 2) / 2);
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    const int hi = HexDigit(text[i]);
    const int lo = HexDigit(text[i + 1]);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

Value DecodeValue(Oid type, std::string_view text) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t n = 0;
      std::from_chars(text.data(), text.data() + text.size(), n);
      return Value{n};
    }
    case kBoolOid:
      return Value{static_cast<int64_t>(text == "t" ? 1 : 0)};
    case kNumericOid: {
      // SUM and friends of integer columns are numeric in PostgreSQL but integers in SQLite: keep
      // whole numbers as integers so that both engines answer with the same Value.
      int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && end == text.data() + text.size()) return Value{n};
      double d = 0;
      std::from_chars(text.data(), text.data() + text.size(), d);
      return Value{d};
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      double d = 0;
      std::from_chars(text.data(), text.data() + text.size(), d);
      return Value{d};
    }
    case kByteaOid:
      return Value{Blob{DecodeByteaHex(text)}};
    default:
      return Value{std::string(text)};
  }
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

// Messages of data exceptions quote the offending value ('invalid input syntax for type integer:
// "abc"'); values may be personal data, so what is quoted is dropped before logging.
std::string RedactQuoted(std::string_view message) {
  std::string out;
  bool inside = false;
  for (char c : message) {
    if (c == '"') {
      out += inside ? "…\"" : "\"";
      inside = !inside;
    } else if (!inside) {
      out += c;
    }
  }
  return out;
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

Result<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& conninfo) {
  // Later keywords win, so the url may still override the connect timeout and encoding.
  const char* keys[] = {"connect_timeout", "client_encoding", "dbname", nullptr};
  const char* values[] = {"10", "UTF8", conninfo.c_str(), nullptr};
  std::unique_ptr<PgConn> conn(new PgConn(PQconnectdbParams(keys, values, /*expand_dbname=*/1)));
  if (conn->conn_ == nullptr || PQstatus(conn->conn_) != CONNECTION_OK) {
    std::string message = conn->conn_ ? PQerrorMessage(conn->conn_) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    log::Error("db.connect_failed",
               {{"engine", "postgres"}, {"detail", boost::json::value(message)}});
    return OpenFailed(message);
  }
  // NOTICEs ("table … does not exist, skipping") would otherwise go to stderr, outside the log.
  PQsetNoticeProcessor(conn->conn_, IgnoreNotice, nullptr);
  if (!conn->ApplySessionSettings()) return OpenFailed("the session settings were refused");
  return conn;
}

PgConn::~PgConn() { PQfinish(conn_); }

bool PgConn::ApplySessionSettings() {
  PgResult res(PQexec(conn_, kSessionSettings));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    log::Error("db.connect_failed",
               {{"engine", "postgres"}, {"detail", boost::json::value(PQerrorMessage(conn_))}});
    return false;
  }
  return true;
}

bool PgConn::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

PGTransactionStatusType PgConn::transaction_status() const { return PQtransactionStatus(conn_); }

bool PgConn::Reset() {
  lru_.clear();
  cache_.clear();
  stale_statements_ = false;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    log::Warn("db.reconnect_failed",
              {{"engine", "postgres"}, {"detail", boost::json::value(PQerrorMessage(conn_))}});
    return false;
  }
  log::Info("db.reconnected", {{"engine", "postgres"}});
  return ApplySessionSettings();
}

void PgConn::ForgetPreparedStatements() {
  PgResult res(PQexec(conn_, "DEALLOCATE ALL"));
  cache_.clear();
  lru_.clear();
  stale_statements_ = false;
}

bool PgConn::TakeRanDdl() { return std::exchange(ran_ddl_, false); }

Result<const PgConn::Prepared*> PgConn::PrepareCached(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->second;
  }
  PgSql rewritten = RewritePlaceholders(sql);
  Prepared prepared{"peony_" + std::to_string(++next_statement_id_), rewritten.placeholder_count};
  PgResult res(PQprepare(conn_, prepared.name.c_str(), rewritten.text.c_str(), 0, nullptr));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) return MapError(res.get(), sql);
  if (lru_.size() >= kMaxCachedStatements) {
    const std::string deallocate = "DEALLOCATE " + lru_.back().second.name;
    PgResult ignored(PQexec(conn_, deallocate.c_str()));
    cache_.erase(lru_.back().first);
    lru_.pop_back();
  }
  lru_.emplace_front(std::string(sql), std::move(prepared));
  cache_.emplace(lru_.front().first, lru_.begin());
  return &lru_.front().second;
}

Result<PgConn::PgResult> PgConn::Run(std::string_view sql, const Params& params) {
  const bool prepare = IsDml(sql);
  if (!prepare && IsDdl(sql)) ran_ddl_ = true;
  const Prepared* prepared = nullptr;
  PgSql rewritten;
  int placeholder_count = 0;
  if (prepare) {
    PEONY_TRY(prepared, PrepareCached(sql));
    placeholder_count = prepared->placeholder_count;
  } else {
    rewritten = RewritePlaceholders(sql);
    placeholder_count = rewritten.placeholder_count;
  }
  const auto& values = params.values();
  if (static_cast<size_t>(placeholder_count) != values.size()) {
    return DbFailure("postgres",
                     "statement has " + std::to_string(placeholder_count) + " placeholders but " +
                         std::to_string(values.size()) + " values were given",
                     sql);
  }
  // Text format for everything but blobs; numbers are formatted into `texts`, which outlives the
  // call.
  const size_t n = values.size();
  std::vector<std::string> texts(n);
  std::vector<const char*> data(n, nullptr);
  std::vector<int> lengths(n, 0);
  std::vector<int> formats(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Value& v = values[i];
    if (auto* num = std::get_if<int64_t>(&v)) {
      texts[i] = std::to_string(*num);
      data[i] = texts[i].c_str();
    } else if (auto* d = std::get_if<double>(&v)) {
      texts[i] = FormatDouble(*d);
      data[i] = texts[i].c_str();
    } else if (auto* s = std::get_if<std::string>(&v)) {
      // Text parameters end at the first NUL byte: refuse rather than store a truncated value.
      if (s->find('\0') != std::string::npos) {
        return DbFailure("postgres", "text parameter contains a NUL byte", sql);
      }
      data[i] = s->c_str();
    } else if (auto* b = std::get_if<Blob>(&v)) {
      data[i] = b->bytes.data();
      lengths[i] = static_cast<int>(b->bytes.size());
      formats[i] = 1;
    }
  }
  PgResult res(prepared ? PQexecPrepared(conn_, prepared->name.c_str(), static_cast<int>(n),
                                         data.data(), lengths.data(), formats.data(), 0)
                        : PQexecParams(conn_, rewritten.text.c_str(), static_cast<int>(n), nullptr,
                                       data.data(), lengths.data(), formats.data(), 0));
  const ExecStatusType status = PQresultStatus(res.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return MapError(res.get(), sql);
  return res;
}

Result<Rows> PgConn::Query(std::string_view sql, const Params& params) {
  PEONY_TRY(PgResult res, Run(sql, params));
  const int column_count = PQnfields(res.get());
  const int row_count = PQntuples(res.get());
  std::vector<std::string> columns;
  std::vector<Oid> types;
  columns.reserve(static_cast<size_t>(column_count));
  for (int col = 0; col < column_count; ++col) {
    columns.emplace_back(PQfname(res.get(), col));
    types.push_back(PQftype(res.get(), col));
  }
  std::vector<std::vector<Value>> rows;
  rows.reserve(static_cast<size_t>(row_count));
  for (int row_idx = 0; row_idx < row_count; ++row_idx) {
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(column_count));
    for (int col = 0; col < column_count; ++col) {
      if (PQgetisnull(res.get(), row_idx, col)) {
        row.emplace_back();
      } else {
        const std::string_view text(PQgetvalue(res.get(), row_idx, col),
                                    static_cast<size_t>(PQgetlength(res.get(), row_idx, col)));
        row.push_back(DecodeValue(types[static_cast<size_t>(col)], text));
      }
    }
    rows.push_back(std::move(row));
  }
  return Rows(std::move(columns), std::move(rows));
}

Result<int64_t> PgConn::Exec(std::string_view sql, const Params& params) {
  PEONY_TRY(PgResult res, Run(sql, params));
  const char* tuples = PQcmdTuples(res.get());
  int64_t changed = 0;
  std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
  return changed;
}

Status PgConn::ExecScript(std::string_view sql) {
  ran_ddl_ = true;
  const std::string script(sql);
  PgResult res(PQexec(conn_, script.c_str()));
  const ExecStatusType status = PQresultStatus(res.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return MapError(res.get(), sql);
  return Ok();
}

Result<std::string> PgConn::Command(const char* sql) {
  PgResult res(PQexec(conn_, sql));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) return MapError(res.get(), sql);
  return std::string(PQcmdStatus(res.get()));
}

Error PgConn::MapError(const PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  if (sqlstate.empty() || StartsWith(sqlstate, "08") || sqlstate == "57P01" ||
      sqlstate == "57P02" || sqlstate == "57P03" || PQstatus(conn_) != CONNECTION_OK) {
    log::Warn("db.unavailable", {{"engine", "postgres"},
                                 {"sqlstate", boost::json::value(sqlstate)},
                                 {"detail", boost::json::value(PQerrorMessage(conn_))}});
    return DbUnavailable();
  }
  if (sqlstate == "23505") {
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    return UniqueViolation(constraint ? constraint : "");
  }
  if (sqlstate == "40001" || sqlstate == "40P01") return SerializationFailure();
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  const std::string message = primary ? primary : "";
  if (sqlstate == "0A000" && message.find("cached plan") != std::string::npos) {
    // A table changed shape under a prepared statement (DDL by another connection or node). The
    // transaction is lost, but redoing it will work once the cache is dropped.
    stale_statements_ = true;
    return SerializationFailure();
  }
  const bool quotes_values = StartsWith(sqlstate, "22");
  return DbFailure("postgres", sqlstate + " " + (quotes_values ? RedactQuoted(message) : message),
                   sql);
}

}  // namespace peony::storage
