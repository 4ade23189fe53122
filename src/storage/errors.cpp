#include "storage/errors.h"

#include <boost/json/object.hpp>

#include "common/log.h"

namespace peony::storage {
namespace {

// SQL text is written by code (values are always bound), so it is safe to log; it is cut short to
// keep log lines small.
constexpr size_t kMaxLoggedSql = 300;

}  // namespace

Error UniqueViolation(std::string constraint) {
  Error e = MakeError(ErrorKind::kConflict, "db.unique_violation", "该记录与已有记录重复",
                      "The record duplicates an existing one");
  boost::json::object details;
  if (!constraint.empty()) details["constraint"] = std::move(constraint);
  e.details = std::move(details);
  return e;
}

Error SerializationFailure() {
  return MakeError(ErrorKind::kConflict, "db.serialization_failure", "数据正被同时修改，请重试",
                   "The data was changed concurrently, please retry");
}

Error DbBusy() {
  return MakeError(ErrorKind::kUnavailable, "db.busy", "数据库繁忙，请稍后重试",
                   "The database is busy, please retry shortly");
}

Error PoolExhausted() {
  return MakeError(ErrorKind::kUnavailable, "db.pool_exhausted", "数据库繁忙，请稍后重试",
                   "All database connections are busy, please retry shortly");
}

Error DbUnavailable() {
  return MakeError(ErrorKind::kUnavailable, "db.unavailable", "无法连接数据库，请稍后重试",
                   "The database cannot be reached, please retry later");
}

Error OpenFailed(std::string_view cause) {
  return MakeError(ErrorKind::kUnavailable, "db.open_failed",
                   "无法打开数据库：" + std::string(cause),
                   "Cannot open the database: " + std::string(cause));
}

Error DbFailure(std::string_view engine, std::string_view detail, std::string_view sql) {
  const std::string_view logged_sql = sql.substr(0, kMaxLoggedSql);
  log::Error("db.error", {{"engine", boost::json::value(engine)},
                          {"detail", boost::json::value(detail)},
                          {"sql", boost::json::value(logged_sql)}});
  return MakeError(ErrorKind::kInternal, "db.error", "数据库错误，请稍后重试",
                   "Database error, please try again later");
}

}  // namespace peony::storage
