#include "common/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <memory>

#include "common/clock.h"

namespace peony::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
thread_local std::string t_request_id;

std::shared_ptr<spdlog::logger>& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("peony",
                                              std::make_shared<spdlog::sinks::stdout_sink_mt>());
    l->set_pattern("%v");
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return logger;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Init(Level level, const std::string& path) {
  g_level.store(static_cast<int>(level));
  if (!path.empty()) {
    auto l = std::make_shared<spdlog::logger>(
        "peony", std::make_shared<spdlog::sinks::basic_file_sink_mt>(path));
    l->set_pattern("%v");
    l->flush_on(spdlog::level::info);
    Logger() = l;
  }
}

bool ParseLevel(std::string_view name, Level* out) {
  static constexpr std::pair<std::string_view, Level> kNames[] = {{"debug", Level::kDebug},
                                                                  {"info", Level::kInfo},
                                                                  {"warn", Level::kWarn},
                                                                  {"error", Level::kError}};
  for (const auto& [n, l] : kNames) {
    if (n == name) {
      *out = l;
      return true;
    }
  }
  return false;
}

bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void Write(Level level, std::string_view event, Fields fields) {
  if (!Enabled(level)) return;
  boost::json::object line;
  line["ts"] = FormatRfc3339(SystemClock::Instance().Now());
  line["level"] = LevelName(level);
  line["event"] = event;
  if (!t_request_id.empty()) line["request_id"] = t_request_id;
  for (const auto& f : fields) line[f.key] = f.value;
  Logger()->info(boost::json::serialize(line));
}

RequestScope::RequestScope(std::string request_id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(request_id);
}
RequestScope::~RequestScope() { t_request_id = std::move(previous_); }

}  // namespace peony::log
