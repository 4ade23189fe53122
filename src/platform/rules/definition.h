// A rule as stored (JSON, see docs/API.md "Automation rules") and as checked against the catalog.
//
//   {"name":"热玛吉年度复查","entity":"treatment","enabled":true,
//    "trigger":{"type":"date","field":"treated_on","offset_days":365},
//    "condition":{"and":[{"field":"item","op":"eq","value":"热玛吉"}]},
//    "actions":[{"type":"create_task","assignee":{"field":"consultant"},"title":"年度复查：{客户姓名}"},
//               {"type":"send_message","channel":"sms","template":"{客户姓名}您好，…"}]}
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "platform/jobs/cron.h"
#include "platform/schema/catalog.h"

namespace peony::records {
class Records;
}

namespace peony::rules {

struct Trigger {
  std::string type;   // record_created record_updated field_changed date schedule webhook
  std::string field;  // field_changed, date
  std::vector<std::string> fields;             // record_updated: any of these (empty: any update)
  std::optional<boost::json::value> to, from;  // field_changed
  int offset_days = 0;                         // date
  int at_minutes = 0;  // date: local time of day (default the start of the day)
  bool yearly = false;                         // date
  std::optional<jobs::Cron> cron;              // schedule
  boost::json::object mapping;                 // webhook: field → dotted key of the body
  std::string match_field;                     // webhook: update the record with this value, if any
  std::string secret;                          // webhook: HMAC secret (empty: unsigned)
};

struct RuleDef {
  std::string name;
  std::string entity;  // empty only for schedule rules without records
  bool enabled = true;
  Trigger trigger;
  std::optional<boost::json::value> condition;
  boost::json::array actions;  // checked; each an object with "type"
};

inline constexpr int kMaxActions = 20;
inline constexpr int kMaxOffsetDays = 3650;

// Parses and checks a rule's JSON against the catalog: names, types, offsets, the condition (the
// records filter language), every action's fields and template variables. Errors: rule.invalid,
// rule.unknown_entity, rule.unknown_field, rule.unknown_variable, record.bad_filter, jobs.bad_cron.
Result<RuleDef> ParseRule(const boost::json::value& input, const schema::Catalog& catalog,
                          const records::Records& records);

// The rule's JSON as stored and answered (without the webhook secret's value).
boost::json::object ToJson(const RuleDef& r, bool with_secret);

// A short description of the trigger in Chinese, for run logs.
std::string DescribeTrigger(const Trigger& t);

}  // namespace peony::rules
