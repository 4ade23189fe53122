// Helpers for the channel-adapter tests: a fixed clock, adapters built from JSON configs, and
// deliveries as short text ("sent biz-…", "retry http.500", "failed isv.MOBILE_NUMBER_ILLEGAL").
#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <memory>
#include <string>

#include "common/clock.h"
#include "fakes/fake_providers.h"
#include "platform/notify/channel.h"

namespace peony::notify::test_util {

// 2025-11-23T04:00:00Z.
inline constexpr UtcMillis kStart = 1'763'870'400'000;

inline std::unique_ptr<ChannelAdapter> Adapter(std::string_view provider,
                                               const boost::json::object& config,
                                               const Clock& clock) {
  auto made = MakeAdapter(provider, config, clock);
  if (!made.ok()) {
    ADD_FAILURE() << "MakeAdapter(" << provider << "): " << made.error().code;
    return nullptr;
  }
  return std::move(made).value();
}

// "sent", "retry <code>" or "failed <code>".
inline std::string Brief(const Delivery& d) {
  switch (d.outcome) {
    case Delivery::Outcome::kSent:
      return "sent";
    case Delivery::Outcome::kRetry:
      return "retry " + d.error_code;
    case Delivery::Outcome::kFailed:
      return "failed " + d.error_code;
  }
  return "?";
}

inline std::string Str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : "";
}

// An address where nothing listens (connection refused).
inline std::string ClosedUrl() { return "http://127.0.0.1:1"; }

}  // namespace peony::notify::test_util
