#include "platform/rules/definition.h"

#include <charconv>

#include "platform/records/records.h"
#include "platform/rules/errors.h"
#include "platform/rules/template.h"

namespace peony::rules {
namespace {

namespace json = boost::json;

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxTextBytes = 2000;

const json::value* Get(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

Result<std::string> Text(const json::object& o, std::string_view key, std::string_view path,
                         bool required, size_t max = kMaxTextBytes) {
  const json::value* v = Get(o, key);
  if (!v) {
    if (required) return errors::Invalid(path, "required");
    return std::string();
  }
  if (!v->is_string()) return errors::Invalid(path, "must be a string");
  std::string s(v->as_string());
  if (required && s.empty()) return errors::Invalid(path, "required");
  if (s.size() > max) return errors::Invalid(path, "too long");
  return s;
}

Result<std::optional<int64_t>> Int(const json::object& o, std::string_view key,
                                   std::string_view path, int64_t lo, int64_t hi) {
  const json::value* v = Get(o, key);
  if (!v) return std::optional<int64_t>{};
  if (!v->is_int64() && !v->is_uint64()) return errors::Invalid(path, "must be an integer");
  const int64_t n = v->is_int64() ? v->as_int64() : static_cast<int64_t>(v->as_uint64());
  if (n < lo || n > hi) {
    return errors::Invalid(path,
                           "must be from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return std::optional<int64_t>{n};
}

Status OnlyKeys(const json::object& o, std::initializer_list<std::string_view> keys,
                std::string_view path) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto k : keys) known = known || kv.key() == k;
    if (!known)
      return errors::Invalid(std::string(path) + "." + std::string(kv.key()), "unknown key");
  }
  return Ok();
}

// A field of `e` (active) whose type is one of `types` (empty: any).
Result<const schema::FieldDef*> FieldOf(const schema::EntityDef& e, std::string_view name,
                                        std::initializer_list<std::string_view> types,
                                        std::string_view path) {
  const schema::FieldDef* f = e.FindField(name);
  if (!f) return errors::UnknownField(path, name, "unknown");
  if (f->retired) return errors::UnknownField(path, name, "retired");
  if (types.size() == 0) return f;
  for (auto t : types) {
    if (f->type == t) return f;
  }
  return errors::UnknownField(path, name, "wrong type: " + f->type);
}

// "<field>" or "<relation>.<field>" (many-to-one), checked.
Status FieldPath(const schema::EntityDef& e, const schema::Catalog& catalog, std::string_view name,
                 std::initializer_list<std::string_view> types, std::string_view path) {
  if (auto dot = name.find('.'); dot != std::string_view::npos) {
    PEONY_TRY(auto rel, FieldOf(e, name.substr(0, dot), {"relation"}, path));
    auto it = rel->options.find("target");
    const schema::EntityDef* target = it != rel->options.end() && it->value().is_string()
                                          ? catalog.Find(it->value().as_string())
                                          : nullptr;
    if (!target) return errors::UnknownField(path, name, "relation target missing");
    PEONY_TRY(auto f, FieldOf(*target, name.substr(dot + 1), types, path));
    (void)f;
    return Ok();
  }
  PEONY_TRY(auto f, FieldOf(e, name, types, path));
  (void)f;
  return Ok();
}

Result<int> ParseTimeOfDay(std::string_view s, std::string_view path) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' ||
      std::from_chars(s.data(), s.data() + 2, h).ec != std::errc() ||
      std::from_chars(s.data() + 3, s.data() + 5, m).ec != std::errc() || h < 0 || h > 23 ||
      m < 0 || m > 59) {
    return errors::Invalid(path, "a time HH:MM expected");
  }
  return h * 60 + m;
}

Result<Trigger> ParseTrigger(const json::value& v, const schema::EntityDef* e) {
  if (!v.is_object()) return errors::Invalid("trigger", "must be an object");
  const json::object& o = v.as_object();
  Trigger t;
  PEONY_TRY(t.type, Text(o, "type", "trigger.type", true, 40));
  const bool needs_entity = t.type != "schedule";
  if (needs_entity && !e) return errors::Invalid("entity", "required for this trigger");
  if (t.type == "record_created") {
    PEONY_CHECK(OnlyKeys(o, {"type"}, "trigger"));
  } else if (t.type == "record_updated") {
    PEONY_CHECK(OnlyKeys(o, {"type", "fields"}, "trigger"));
    if (const json::value* fields = Get(o, "fields")) {
      if (!fields->is_array()) return errors::Invalid("trigger.fields", "must be an array");
      for (const auto& f : fields->as_array()) {
        if (!f.is_string()) return errors::Invalid("trigger.fields", "names expected");
        PEONY_TRY(auto def, FieldOf(*e, f.as_string(), {}, "trigger.fields"));
        t.fields.push_back(def->name);
      }
    }
  } else if (t.type == "field_changed") {
    PEONY_CHECK(OnlyKeys(o, {"type", "field", "to", "from"}, "trigger"));
    PEONY_TRY(t.field, Text(o, "field", "trigger.field", true, 40));
    PEONY_TRY(auto f, FieldOf(*e, t.field, {}, "trigger.field"));
    if (f->type == "sub_form") return errors::UnknownField("trigger.field", t.field, "sub-form");
    if (const json::value* to = Get(o, "to")) t.to = *to;
    if (const json::value* from = Get(o, "from")) t.from = *from;
  } else if (t.type == "date") {
    PEONY_CHECK(OnlyKeys(o, {"type", "field", "offset_days", "at", "repeat"}, "trigger"));
    PEONY_TRY(t.field, Text(o, "field", "trigger.field", true, 40));
    PEONY_TRY(auto f, FieldOf(*e, t.field, {"date", "datetime", "created_at", "updated_at"},
                              "trigger.field"));
    (void)f;
    PEONY_TRY(auto offset,
              Int(o, "offset_days", "trigger.offset_days", -kMaxOffsetDays, kMaxOffsetDays));
    t.offset_days = static_cast<int>(offset.value_or(0));
    PEONY_TRY(auto at, Text(o, "at", "trigger.at", false, 5));
    if (!at.empty()) {
      PEONY_TRY(t.at_minutes, ParseTimeOfDay(at, "trigger.at"));
    }
    PEONY_TRY(auto repeat, Text(o, "repeat", "trigger.repeat", false, 20));
    if (!repeat.empty() && repeat != "yearly" && repeat != "none") {
      return errors::Invalid("trigger.repeat", "\"yearly\" or \"none\"");
    }
    t.yearly = repeat == "yearly";
  } else if (t.type == "schedule") {
    PEONY_CHECK(OnlyKeys(o, {"type", "cron"}, "trigger"));
    PEONY_TRY(auto expr, Text(o, "cron", "trigger.cron", true, 200));
    PEONY_TRY(t.cron, jobs::Cron::Parse(expr));
  } else if (t.type == "webhook") {
    PEONY_CHECK(OnlyKeys(o, {"type", "mapping", "match_field", "secret"}, "trigger"));
    const json::value* mapping = Get(o, "mapping");
    if (!mapping || !mapping->is_object() || mapping->as_object().empty()) {
      return errors::Invalid("trigger.mapping", "an object of field → body key expected");
    }
    for (const auto& kv : mapping->as_object()) {
      PEONY_TRY(auto f, FieldOf(*e, kv.key(), {}, "trigger.mapping"));
      (void)f;
      if (!kv.value().is_string() || kv.value().as_string().empty() ||
          kv.value().as_string().size() > 200) {
        return errors::Invalid("trigger.mapping." + std::string(kv.key()), "a body key expected");
      }
    }
    t.mapping = mapping->as_object();
    PEONY_TRY(t.match_field, Text(o, "match_field", "trigger.match_field", false, 40));
    if (!t.match_field.empty()) {
      PEONY_TRY(auto f, FieldOf(*e, t.match_field, {}, "trigger.match_field"));
      if (!f->unique && !f->sensitive) {
        return errors::UnknownField("trigger.match_field", t.match_field,
                                    "must be unique or sensitive (blind-indexed)");
      }
      if (!t.mapping.contains(t.match_field)) {
        return errors::Invalid("trigger.match_field", "must be mapped");
      }
    }
    PEONY_TRY(t.secret, Text(o, "secret", "trigger.secret", false, 200));
  } else {
    return errors::Invalid("trigger.type",
                           "one of record_created, record_updated, field_changed, date, "
                           "schedule, webhook");
  }
  return t;
}

// A person to act for: a user field of the record, a role in its branch, or a user.
Status CheckPerson(const json::value* v, const schema::EntityDef* e, const schema::Catalog& catalog,
                   const std::string& path, bool required) {
  if (!v) {
    if (required) return errors::Invalid(path, "required");
    return Ok();
  }
  if (!v->is_object() || v->as_object().size() != 1) {
    return errors::Invalid(path, "one of {\"field\"}, {\"role\"}, {\"user_id\"} expected");
  }
  const json::object& o = v->as_object();
  if (auto* f = Get(o, "field"); f && f->is_string() && e) {
    // A user field, or a relation to records that name a user (e.g. a staff member).
    return FieldPath(*e, catalog, f->as_string(), {"user", "relation"}, path + ".field");
  }
  if (auto* f = Get(o, "user_field"); f && f->is_string() && e) {
    return FieldPath(*e, catalog, f->as_string(), {"user"}, path + ".user_field");
  }
  if (auto* r = Get(o, "role"); r && r->is_string() && !r->as_string().empty()) return Ok();
  if (auto* u = Get(o, "user_id"); u && u->is_int64() && u->as_int64() > 0) return Ok();
  return errors::Invalid(path, "one of {\"field\"}, {\"role\"}, {\"user_id\"} expected");
}

Status CheckAction(const json::value& v, size_t i, const schema::EntityDef* e,
                   const schema::Catalog& catalog) {
  const std::string path = "actions[" + std::to_string(i) + "]";
  if (!v.is_object()) return errors::Invalid(path, "must be an object");
  const json::object& o = v.as_object();
  PEONY_TRY(auto type, Text(o, "type", path + ".type", true, 40));
  auto text = [&](std::string_view key, bool required) -> Status {
    PEONY_TRY(auto s, Text(o, key, path + "." + std::string(key), required));
    return CheckTemplate(s, e, catalog, path + "." + std::string(key));
  };
  if (type == "create_task") {
    PEONY_CHECK(OnlyKeys(o, {"type", "assignee", "title", "body", "due_in_hours"}, path));
    PEONY_CHECK(CheckPerson(Get(o, "assignee"), e, catalog, path + ".assignee", true));
    PEONY_CHECK(text("title", true));
    PEONY_CHECK(text("body", false));
    PEONY_TRY(auto due, Int(o, "due_in_hours", path + ".due_in_hours", 0, 24 * 366));
    (void)due;
    return Ok();
  }
  if (type == "send_message") {
    PEONY_CHECK(OnlyKeys(o,
                         {"type", "channel", "category", "to", "subject", "template",
                          "sms_template_id", "sms_params"},
                         path));
    PEONY_TRY(auto channel, Text(o, "channel", path + ".channel", true, 20));
    if (channel != "sms" && channel != "email" && channel != "wecom" && channel != "in_app") {
      return errors::Invalid(path + ".channel", "one of sms, email, wecom, in_app");
    }
    PEONY_TRY(auto category, Text(o, "category", path + ".category", false, 20));
    if (!category.empty() && category != "service" && category != "marketing") {
      return errors::Invalid(path + ".category", "\"service\" or \"marketing\"");
    }
    if (const json::value* to = Get(o, "to")) {
      if (to->is_object() && to->as_object().size() == 1 && Get(to->as_object(), "field") && e &&
          (channel == "sms" || channel == "email")) {
        const json::value* f = Get(to->as_object(), "field");
        if (!f->is_string()) return errors::Invalid(path + ".to.field", "a field name expected");
        PEONY_CHECK(FieldPath(*e, catalog, f->as_string(),
                              {channel == "sms" ? "phone" : "email", "text"}, path + ".to.field"));
      } else {
        PEONY_CHECK(CheckPerson(to, e, catalog, path + ".to", true));
      }
    } else if (!e && channel != "in_app") {
      return errors::Invalid(path + ".to", "required for a rule without records");
    }
    if (channel == "in_app" && !Get(o, "to") && !e) {
      return errors::Invalid(path + ".to", "required");
    }
    PEONY_CHECK(text("template", true));
    PEONY_CHECK(text("subject", false));
    PEONY_TRY(auto tid, Text(o, "sms_template_id", path + ".sms_template_id", false, 100));
    (void)tid;
    if (const json::value* params = Get(o, "sms_params")) {
      if (!params->is_object()) return errors::Invalid(path + ".sms_params", "an object expected");
      for (const auto& kv : params->as_object()) {
        const std::string p = path + ".sms_params." + std::string(kv.key());
        if (!kv.value().is_string()) return errors::Invalid(p, "a template string expected");
        PEONY_CHECK(CheckTemplate(kv.value().as_string(), e, catalog, p));
      }
    }
    return Ok();
  }
  if (!e) return errors::Invalid(path + ".type", "needs a record: set the rule's entity");
  if (type == "add_tag" || type == "remove_tag") {
    PEONY_CHECK(OnlyKeys(o, {"type", "field", "tag"}, path));
    PEONY_TRY(auto field, Text(o, "field", path + ".field", true, 81));
    // The record's tags, or a related record's ("customer.tags").
    PEONY_CHECK(FieldPath(*e, catalog, field, {"tags", "multi_select"}, path + ".field"));
    PEONY_TRY(auto tag, Text(o, "tag", path + ".tag", true, 100));
    (void)tag;
    return Ok();
  }
  if (type == "update_field") {
    PEONY_CHECK(OnlyKeys(o, {"type", "field", "value"}, path));
    PEONY_TRY(auto field, Text(o, "field", path + ".field", true, 40));
    PEONY_TRY(auto f, FieldOf(*e, field, {}, path + ".field"));
    (void)f;
    if (!o.contains("value")) return errors::Invalid(path + ".value", "required");
    return Ok();
  }
  if (type == "create_record") {
    PEONY_CHECK(OnlyKeys(o, {"type", "entity", "values"}, path));
    PEONY_TRY(auto name, Text(o, "entity", path + ".entity", true, 40));
    const schema::EntityDef* target = catalog.Find(name);
    if (!target) return errors::UnknownEntity(path + ".entity", name);
    const json::value* values = Get(o, "values");
    if (!values || !values->is_object()) return errors::Invalid(path + ".values", "an object");
    for (const auto& kv : values->as_object()) {
      PEONY_TRY(auto f, FieldOf(*target, kv.key(), {}, path + ".values"));
      (void)f;
      if (kv.value().is_string()) {
        PEONY_CHECK(CheckTemplate(kv.value().as_string(), e, catalog,
                                  path + ".values." + std::string(kv.key())));
      }
    }
    return Ok();
  }
  if (type == "webhook") {
    PEONY_CHECK(OnlyKeys(o, {"type", "url", "body"}, path));
    PEONY_TRY(auto url, Text(o, "url", path + ".url", true, 500));
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
      return errors::Invalid(path + ".url", "an http(s) address expected");
    }
    return Ok();
  }
  return errors::Invalid(path + ".type",
                         "one of create_task, send_message, add_tag, remove_tag, update_field, "
                         "create_record, webhook");
}

}  // namespace

Result<RuleDef> ParseRule(const json::value& input, const schema::Catalog& catalog,
                          const records::Records& records) {
  if (!input.is_object()) return errors::Invalid("", "a JSON object expected");
  const json::object& o = input.as_object();
  PEONY_CHECK(OnlyKeys(
      o,
      {"name", "entity", "enabled", "trigger", "condition", "actions", "version", "id", "owner_id",
       "created_at", "updated_at", "disabled_reason", "last_run_at", "hook_url"},
      ""));
  RuleDef r;
  PEONY_TRY(r.name, Text(o, "name", "name", true, kMaxNameBytes));
  PEONY_TRY(r.entity, Text(o, "entity", "entity", false, 40));
  const schema::EntityDef* e = nullptr;
  if (!r.entity.empty()) {
    e = catalog.Find(r.entity);
    if (!e) return errors::UnknownEntity("entity", r.entity);
  }
  if (const json::value* en = Get(o, "enabled")) {
    if (!en->is_bool()) return errors::Invalid("enabled", "true or false");
    r.enabled = en->as_bool();
  }
  const json::value* trigger = Get(o, "trigger");
  if (!trigger) return errors::Invalid("trigger", "required");
  PEONY_TRY(r.trigger, ParseTrigger(*trigger, e));
  if (const json::value* cond = Get(o, "condition")) {
    if (!e) return errors::Invalid("condition", "needs the rule's entity");
    PEONY_CHECK(records.CheckFilter(catalog, r.entity, *cond));
    r.condition = *cond;
  }
  const json::value* actions = Get(o, "actions");
  if (!actions || !actions->is_array() || actions->as_array().empty()) {
    return errors::Invalid("actions", "at least one action");
  }
  if (actions->as_array().size() > static_cast<size_t>(kMaxActions)) {
    return errors::Invalid("actions", "at most 20 actions");
  }
  for (size_t i = 0; i < actions->as_array().size(); ++i) {
    PEONY_CHECK(CheckAction(actions->as_array()[i], i, e, catalog));
  }
  r.actions = actions->as_array();
  return r;
}

boost::json::object ToJson(const RuleDef& r, bool with_secret) {
  json::object trigger{{"type", r.trigger.type}};
  const Trigger& t = r.trigger;
  if (t.type == "record_updated" && !t.fields.empty()) {
    json::array fields;
    for (const auto& f : t.fields) fields.emplace_back(f);
    trigger["fields"] = std::move(fields);
  } else if (t.type == "field_changed") {
    trigger["field"] = t.field;
    if (t.to) trigger["to"] = *t.to;
    if (t.from) trigger["from"] = *t.from;
  } else if (t.type == "date") {
    trigger["field"] = t.field;
    trigger["offset_days"] = t.offset_days;
    const int h = t.at_minutes / 60, m = t.at_minutes % 60;
    trigger["at"] = std::string{char('0' + h / 10), char('0' + h % 10), ':', char('0' + m / 10),
                                char('0' + m % 10)};
    if (t.yearly) trigger["repeat"] = "yearly";
  } else if (t.type == "schedule") {
    trigger["cron"] = t.cron->text();
  } else if (t.type == "webhook") {
    trigger["mapping"] = t.mapping;
    if (!t.match_field.empty()) trigger["match_field"] = t.match_field;
    if (!t.secret.empty()) trigger["secret"] = with_secret ? t.secret : "********";
  }
  json::object out{{"name", r.name},
                   {"entity", r.entity.empty() ? json::value(nullptr) : json::value(r.entity)},
                   {"enabled", r.enabled},
                   {"trigger", std::move(trigger)},
                   {"condition", r.condition ? *r.condition : json::value(nullptr)},
                   {"actions", r.actions}};
  return out;
}

std::string DescribeTrigger(const Trigger& t) {
  if (t.type == "record_created") return "新建记录";
  if (t.type == "record_updated") return "修改记录";
  if (t.type == "field_changed") {
    return "字段 " + t.field + " 变化" + (t.to ? "为 " + DisplayValue(*t.to) : std::string());
  }
  if (t.type == "date") {
    return "日期 " + t.field + (t.offset_days >= 0 ? " 之后 " : " 之前 ") +
           std::to_string(std::abs(t.offset_days)) + " 天" + (t.yearly ? "（每年）" : "");
  }
  if (t.type == "schedule") return "定时 " + t.cron->text();
  return "Webhook";
}

}  // namespace peony::rules
