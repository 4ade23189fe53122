// Serial numbers (流水号) such as "KH20260102-0007" from a pattern "KH{YYYYMMDD}-{0000}": literal
// text, date tokens {YYYY} {YY} {MM} {DD} {YYYYMMDD} {YYYYMM}, exactly one counter {000…} of 3-9
// zeros (its width), and optionally {BRANCH} (the branch's code). The engine keeps one counter per
// field and SerialPeriodKey, takes the next value in the record's transaction (no duplicates, no
// gaps) and renders it with RenderSerial. These functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time_zone.h"

namespace peony::schema {

struct SerialPattern {
  enum class PartKind {
    kLiteral,
    kYear4,
    kYear2,
    kMonth,
    kDay,
    kYearMonthDay,
    kYearMonth,
    kCounter,
    kBranch
  };
  // How often the counter starts again at 1: when the date part of the number changes.
  enum class Period { kNever, kYear, kMonth, kDay };
  struct Part {
    PartKind kind = PartKind::kLiteral;
    std::string text;  // kLiteral
  };
  std::vector<Part> parts;
  int counter_width = 0;  // digits of the counter, zero-padded
  bool has_branch = false;
  Period period = Period::kNever;
};

// Parses and checks a pattern. A month needs a year and a day needs a month, so that numbers from
// different periods never look alike. Error: schema.invalid_options naming "pattern".
Result<SerialPattern> ParseSerialPattern(std::string_view pattern);
// The serial for a counter value on a (local) date: RenderSerial("KH{YYYYMMDD}{0000}",
// 2026-01-02, 7, "") == "KH202601020007". A counter wider than the pattern's is written in full.
std::string RenderSerial(const SerialPattern& p, const LocalDate& date, int64_t counter,
                         std::string_view branch_code);
// The key of the counter a serial on `date` draws from: the date part the pattern shows ("" when
// it shows none, "2026" per year, "202601" per month, "20260102" per day), followed by "|" and
// the branch code when the pattern has {BRANCH} (each branch then counts on its own).
std::string SerialPeriodKey(const SerialPattern& p, const LocalDate& date,
                            std::string_view branch_code);

}  // namespace peony::schema
