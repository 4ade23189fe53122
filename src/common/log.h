// Structured logs: one JSON object per line on stdout (or a file), with the current request id on
// every line written while a RequestScope is active on the thread.
//
//   log::Info("server.started", {{"listen", "127.0.0.1:8080"}});
//   log::RequestScope scope(request_id);   // lines written by this thread now carry "request_id"
//
// Never pass personal data (names, phone numbers, ID numbers, passwords, tokens) as a field.
// Thread-safe.
#pragma once

#include <boost/json/string_view.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace peony::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// One field of a log line: {"key", value} with a string, number, bool or JSON value.
struct Field {
  Field(std::string_view k, boost::json::value v) : key(k), value(std::move(v)) {}
  template <class T>
  Field(std::string_view k, T&& v) : key(k) {
    if constexpr (std::is_convertible_v<T, std::string_view>) {
      value = boost::json::string_view(std::string_view(v));
    } else {
      value = boost::json::value(std::forward<T>(v));
    }
  }
  std::string_view key;
  boost::json::value value;
};
using Fields = std::initializer_list<Field>;

// Configures the process-wide logger. `path` empty: stdout. Safe to call once at start-up before
// other threads log; before it is called, lines go to stdout at info level.
void Init(Level level, const std::string& path = "");
// Parses "debug" / "info" / "warn" / "error"; false when the name is unknown.
bool ParseLevel(std::string_view name, Level* out);
bool Enabled(Level level);

void Write(Level level, std::string_view event, Fields fields = {});
inline void Debug(std::string_view event, Fields f = {}) { Write(Level::kDebug, event, f); }
inline void Info(std::string_view event, Fields f = {}) { Write(Level::kInfo, event, f); }
inline void Warn(std::string_view event, Fields f = {}) { Write(Level::kWarn, event, f); }
inline void Error(std::string_view event, Fields f = {}) { Write(Level::kError, event, f); }

// Sets the request id for log lines written by this thread until destroyed (restores the previous
// one).
class RequestScope {
 public:
  explicit RequestScope(std::string request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace peony::log
