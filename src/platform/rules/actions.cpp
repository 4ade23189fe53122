// The actions of a rule, run inside the fire's transaction (see rules.h): tasks, messages, tags,
// field updates, new records and outbound webhooks.
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/rules/internal.h"
#include "platform/rules/template.h"
#include "platform/tasks/tasks.h"

namespace peony::rules {
namespace {

namespace json = boost::json;
using storage::Conn;

Error ActionError(std::string code, std::string zh, std::string en) {
  return MakeError(ErrorKind::kFailedPrecondition, std::move(code), std::move(zh), std::move(en));
}

// At most `max` characters on one line: control characters become spaces (a task title).
std::string OneLine(std::string_view s, size_t max) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars < max; ++chars) {
    const size_t n = std::max<size_t>(1, DecodeUtf8(s, i));
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string Str(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

class Runner {
 public:
  explicit Runner(ActionContext& ctx) : x_(ctx) {}

  Result<json::object> Run(const json::object& a, size_t index) {
    const std::string type = Str(a, "type");
    source_ = x_.run_key + ":a" + std::to_string(index);
    if (type == "create_task") return CreateTask(a);
    if (type == "send_message") return SendMessage(a);
    if (type == "add_tag" || type == "remove_tag") return Tag(a, type == "add_tag");
    if (type == "update_field") return UpdateField(a);
    if (type == "create_record") return CreateRecord(a);
    if (type == "webhook") return Webhook(a);
    return ActionError("rule.invalid", "未知的动作", "Unknown action");
  }

 private:
  const json::object* Related(const schema::FieldDef& rel) {
    if (!x_.record) return nullptr;
    auto& slot = related_[rel.name];
    if (!slot) {
      auto* id = x_.record->if_contains(rel.name);
      auto* target = rel.options.if_contains("target");
      if (!id || !id->is_int64() || !target || !target->is_string()) return nullptr;
      auto rec = x_.s.records.ReadInTx(x_.c, x_.rule.org_id, std::string(target->as_string()),
                                       id->as_int64());
      if (!rec.ok() || !*rec) return nullptr;
      slot = std::move(**rec);
    }
    return &*slot;
  }

  std::string Text(std::string_view t) {
    static const json::object kEmpty;
    return Render(
        t, x_.entity, x_.catalog, x_.record ? *x_.record : kEmpty,
        [this](const schema::FieldDef& rel) { return Related(rel); }, x_.zone, x_.now);
  }

  // "<field>" or "<relation>.<field>" of the record.
  const json::value* Value(std::string_view path) {
    if (!x_.record || !x_.entity) return nullptr;
    if (auto dot = path.find('.'); dot != std::string_view::npos) {
      const schema::FieldDef* rel = x_.entity->FindField(path.substr(0, dot));
      const json::object* rec = rel ? Related(*rel) : nullptr;
      return rec ? rec->if_contains(path.substr(dot + 1)) : nullptr;
    }
    return x_.record->if_contains(path);
  }

  // The first user field of the record a relation points at (a staff record's account).
  const json::value* UserOf(const schema::FieldDef& rel) {
    const json::object* rec = Related(rel);
    auto* target = rel.options.if_contains("target");
    const schema::EntityDef* te =
        target && target->is_string() ? x_.catalog.Find(target->as_string()) : nullptr;
    if (!rec || !te) return nullptr;
    for (const auto& f : te->fields) {
      if (!f.retired && f.type == "user") return rec->if_contains(f.name);
    }
    return nullptr;
  }

  std::optional<int64_t> Branch() {
    auto* b = x_.record ? x_.record->if_contains("branch_id") : nullptr;
    if (b && b->is_int64()) return b->as_int64();
    return std::nullopt;
  }

  // People named by {"field"|"user_field"}, {"role"} or {"user_id"}; `one` picks the member of a
  // role with the fewest open tasks (in the record's branch when it has members there).
  Result<std::vector<int64_t>> People(const json::object& spec, bool one) {
    std::vector<int64_t> out;
    std::string field = Str(spec, "field");
    if (field.empty()) field = Str(spec, "user_field");
    if (!field.empty()) {
      const json::value* v = Value(field);
      const schema::FieldDef* rel = x_.entity ? x_.entity->FindField(field) : nullptr;
      if (v && rel && rel->type == "relation") v = UserOf(*rel);
      if (!v || !v->is_int64()) {
        return ActionError("rule.no_person", "记录中没有指定人员", "The record names no one there");
      }
      out.push_back(v->as_int64());
    } else if (auto* u = spec.if_contains("user_id"); u && u->is_int64()) {
      out.push_back(u->as_int64());
    } else {
      const std::string role = Str(spec, "role");
      for (bool in_branch : {true, false}) {
        if (in_branch && !Branch()) continue;
        std::string sql =
            "SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON "
            "r.id = ur.role_id WHERE r.org_id = ? AND r.name = ? AND u.status = 'active'";
        storage::Params params{x_.rule.org_id, role};
        if (in_branch) {
          sql += " AND u.branch_id = ?";
          params.Add(*Branch());
        }
        sql +=
            " ORDER BY (SELECT COUNT(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status = "
            "'open'), u.id LIMIT ?";
        params.Add(int64_t{one ? 1 : 50});
        PEONY_TRY(auto rows, x_.c.Query(sql, params));
        for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Int(i, 0));
        if (!out.empty()) break;
      }
      if (out.empty()) {
        return ActionError("rule.no_person", "该角色下没有可用的员工",
                           "No active user has this role");
      }
    }
    for (int64_t id : out) {
      PEONY_TRY(auto ok, x_.c.Query("SELECT id FROM users WHERE id = ? AND org_id = ? AND "
                                    "status = 'active'",
                                    {id, x_.rule.org_id}));
      if (ok.empty()) {
        return ActionError("rule.no_person", "指定的员工不存在或已停用",
                           "The user does not exist or is not active");
      }
    }
    return out;
  }

  Result<json::object> CreateTask(const json::object& a) {
    PEONY_TRY(auto people, People(a.at("assignee").as_object(), true));
    tasks::NewTask t;
    t.org_id = x_.rule.org_id;
    t.branch_id = Branch();
    t.assignee_id = people.front();
    t.title = OneLine(Text(Str(a, "title")), 200);
    t.body = Text(Str(a, "body"));
    int64_t hours = 0;
    if (auto* h = a.if_contains("due_in_hours"); h && h->is_int64()) hours = h->as_int64();
    t.due_at = x_.now + hours * 3'600'000;
    if (x_.record_id) {
      t.entity = x_.rule.def.entity;
      t.record_id = x_.record_id;
    }
    t.rule_id = x_.rule.id;
    t.created_by = x_.rule.owner_id;
    t.source_key = source_;
    PEONY_TRY(auto id, tasks::CreateTaskInTx(x_.c, x_.s.clock, t));
    json::object out{{"assignee_id", t.assignee_id}};
    out["task_id"] = id ? json::value(*id) : json::value(nullptr);
    return out;
  }

  // The record's first field of a kind (phone / email), then a related record's.
  const json::value* DefaultAddress(std::string_view type) {
    if (!x_.entity || !x_.record) return nullptr;
    for (const auto& f : x_.entity->fields) {
      if (!f.retired && f.type == type) {
        if (auto* v = x_.record->if_contains(f.name); v && v->is_string()) return v;
      }
    }
    for (const auto& rel : x_.entity->fields) {
      if (rel.retired || rel.type != "relation") continue;
      const json::object* rec = Related(rel);
      auto* target = rel.options.if_contains("target");
      const schema::EntityDef* te =
          target && target->is_string() ? x_.catalog.Find(target->as_string()) : nullptr;
      if (!rec || !te) continue;
      for (const auto& f : te->fields) {
        if (!f.retired && f.type == type) {
          if (auto* v = rec->if_contains(f.name); v && v->is_string()) return v;
        }
      }
    }
    return nullptr;
  }

  Result<json::object> SendMessage(const json::object& a) {
    const std::string channel = Str(a, "channel");
    const std::string text = Text(Str(a, "template"));
    const json::object* to = nullptr;
    if (auto* t = a.if_contains("to"); t && t->is_object()) to = &t->as_object();
    if (channel == "in_app") {
      json::object owner;
      if (!to) {
        auto* o = x_.record ? x_.record->if_contains("owner_id") : nullptr;
        if (!o || !o->is_int64()) {
          return ActionError("rule.no_person", "没有接收人", "No one to notify");
        }
        owner["user_id"] = o->as_int64();
      }
      PEONY_TRY(auto people, People(to ? *to : owner, false));
      json::array ids;
      for (size_t i = 0; i < people.size(); ++i) {
        tasks::NewNotification n;
        n.org_id = x_.rule.org_id;
        n.user_id = people[i];
        n.kind = "rule";
        n.title = x_.rule.def.name;
        n.body = text;
        if (x_.record_id) {
          n.entity = x_.rule.def.entity;
          n.record_id = x_.record_id;
          n.link = "/data/" + x_.rule.def.entity + "/" + std::to_string(*x_.record_id);
        }
        n.source_key = source_ + ":u" + std::to_string(people[i]);
        PEONY_TRY(auto id, tasks::NotifyInTx(x_.c, x_.s.clock, n));
        if (id) ids.push_back(*id);
      }
      return json::object{{"notification_ids", std::move(ids)}};
    }
    std::string address;
    if (to && (to->contains("field")) && channel != "wecom") {
      const json::value* v = Value(Str(*to, "field"));
      if (v && v->is_string()) address = std::string(v->as_string());
    } else if (to) {
      // People: WeChat Work takes their user name as the member id.
      PEONY_TRY(auto people, People(*to, true));
      if (channel != "wecom") {
        return ActionError("rule.no_recipient",
                           "员工没有登记手机号或邮箱，只能发企业微信或站内消息",
                           "Staff have no phone or e-mail on file: use WeChat Work or in-app");
      }
      PEONY_TRY(auto rows, x_.c.Query("SELECT username FROM users WHERE id = ?", {people[0]}));
      if (!rows.empty()) address = rows.Text(0, 0);
    } else if (const json::value* v = DefaultAddress(channel == "sms" ? "phone" : "email")) {
      address = std::string(v->as_string());
    }
    if (address.empty()) {
      return ActionError("rule.no_recipient", "记录中没有接收号码或地址",
                         "The record has no number or address to send to");
    }
    notify::OutgoingMessage m;
    m.org_id = x_.rule.org_id;
    m.channel = channel;
    m.category = Str(a, "category").empty() ? "service" : Str(a, "category");
    m.to = address;
    m.subject = Text(Str(a, "subject"));
    m.body = text;
    m.template_id = Str(a, "sms_template_id");
    if (auto* params = a.if_contains("sms_params"); params && params->is_object()) {
      for (const auto& kv : params->as_object()) {
        m.params.emplace_back(std::string(kv.key()),
                              kv.value().is_string() ? Text(kv.value().as_string()) : "");
      }
    }
    if (x_.record_id) {
      m.entity = x_.rule.def.entity;
      m.record_id = x_.record_id;
    }
    m.rule_id = x_.rule.id;
    m.source_key = source_;
    PEONY_TRY(auto id, x_.s.outbox.EnqueueInTx(x_.c, m));
    return json::object{{"message_id", id ? json::value(*id) : json::value(nullptr)}};
  }

  records::Caller Who() { return records::Caller{actor_, ""}; }

  // Tags the record, or with "<relation>.<field>" the related record (a treatment tags its
  // customer).
  Result<json::object> Tag(const json::object& a, bool add) {
    std::string field = Str(a, "field");
    const std::string tag = Str(a, "tag");
    std::string entity = x_.rule.def.entity;
    int64_t record_id = *x_.record_id;
    const json::object* record = x_.record;
    if (auto dot = field.find('.'); dot != std::string::npos) {
      const schema::FieldDef* rel = x_.entity->FindField(field.substr(0, dot));
      auto* target = rel ? rel->options.if_contains("target") : nullptr;
      auto* id = rel ? x_.record->if_contains(rel->name) : nullptr;
      record = rel ? Related(*rel) : nullptr;
      if (!record || !target || !target->is_string() || !id || !id->is_int64()) {
        return ActionError("rule.no_record", "记录没有关联的记录可加标签",
                           "The record has no related record to tag");
      }
      entity = std::string(target->as_string());
      record_id = id->as_int64();
      field = field.substr(dot + 1);
    }
    json::array values;
    if (auto* v = record->if_contains(field); v && v->is_array()) values = v->as_array();
    json::array next;
    bool present = false;
    for (const auto& v : values) {
      if (v.is_string() && v.as_string() == tag) {
        present = true;
        if (!add) continue;
      }
      next.push_back(v);
    }
    if (add == present) return json::object{{"changed", false}};
    if (add) next.emplace_back(tag);
    PEONY_TRY(auto after,
              x_.s.records.UpdateInTx(x_.c, Who(), entity, record_id,
                                      json::object{{field, std::move(next)}}, x_.depth));
    (void)after;
    if (record != x_.record) related_.clear();  // the cached related record is stale now
    return json::object{{"changed", true}};
  }

  // A string value that is exactly "{variable}" of a record field takes the field's value (an id,
  // a date); other strings are rendered as text.
  json::value ValueOf(const json::value& v) {
    if (!v.is_string()) return v;
    const std::string_view s = v.as_string();
    auto vars = TemplateVariables(s);
    if (vars.size() == 1 && s.size() == vars[0].size() + 2 && s.front() == '{') {
      auto path = ResolveVariable(vars[0], x_.entity, x_.catalog);
      if (path && path->builtin == "id" && x_.record_id) return json::value(*x_.record_id);
      if (path && path->field && x_.record) {
        if (!path->relation) {
          if (auto* raw = x_.record->if_contains(path->field->name)) return *raw;
        } else if (const json::object* rec = Related(*path->relation)) {
          if (auto* raw = rec->if_contains(path->field->name)) return *raw;
        }
      }
    }
    return json::value(Text(s));
  }

  Result<json::object> UpdateField(const json::object& a) {
    PEONY_TRY(auto after, x_.s.records.UpdateInTx(
                              x_.c, Who(), x_.rule.def.entity, *x_.record_id,
                              json::object{{Str(a, "field"), ValueOf(a.at("value"))}}, x_.depth));
    (void)after;
    return json::object{};
  }

  Result<json::object> CreateRecord(const json::object& a) {
    json::object values;
    for (const auto& kv : a.at("values").as_object()) values[kv.key()] = ValueOf(kv.value());
    // The new record belongs to the triggering record's branch (a rule runs as the system, which
    // has none), so branch-scoped roles see what the rule made for their branch.
    if (!values.contains("branch_id")) {
      if (auto branch = Branch()) values["branch_id"] = *branch;
    }
    PEONY_TRY(auto created,
              x_.s.records.CreateInTx(x_.c, Who(), Str(a, "entity"), values, x_.depth));
    return json::object{{"record_id", created.at("id")}};
  }

  Result<json::object> Webhook(const json::object& a) {
    json::object body;
    if (auto* b = a.if_contains("body"); b && b->is_object()) {
      for (const auto& kv : b->as_object()) body[kv.key()] = ValueOf(kv.value());
    } else {
      body = json::object{{"rule", json::object{{"id", x_.rule.id}, {"name", x_.rule.def.name}}},
                          {"entity", x_.rule.def.entity},
                          {"record_id", x_.record_id ? json::value(*x_.record_id) : nullptr},
                          {"at", FormatRfc3339(x_.now)}};
      if (x_.record && x_.entity) {
        // Ordinary fields only: sensitive values never leave in a webhook body.
        json::object rec;
        for (const auto& [k, v] : *x_.record) {
          const schema::FieldDef* f = x_.entity->FindField(k);
          if (f && f->sensitive) continue;
          rec[k] = v;
        }
        body["record"] = std::move(rec);
      }
    }
    notify::OutgoingMessage m;
    m.org_id = x_.rule.org_id;
    m.channel = "webhook";
    m.to = Str(a, "url");
    m.body = json::serialize(body);
    if (x_.record_id) {
      m.entity = x_.rule.def.entity;
      m.record_id = x_.record_id;
    }
    m.rule_id = x_.rule.id;
    m.source_key = source_;
    PEONY_TRY(auto id, x_.s.outbox.EnqueueInTx(x_.c, m));
    return json::object{{"message_id", id ? json::value(*id) : json::value(nullptr)}};
  }

  ActionContext& x_;
  access::Principal actor_ = x_.s.Actor(x_.rule);
  std::string source_;
  std::map<std::string, std::optional<json::object>> related_;
};

bool Transient(const Error& e) {
  return e.kind == ErrorKind::kUnavailable || e.kind == ErrorKind::kInternal;
}

}  // namespace

Result<json::array> RunActions(ActionContext& ctx, bool* any_failed) {
  Runner runner(ctx);
  json::array results;
  const json::array& actions = ctx.rule.def.actions;
  for (size_t i = 0; i < actions.size(); ++i) {
    const json::object& a = actions[i].as_object();
    PEONY_CHECK(ctx.c.Exec("SAVEPOINT rule_action"));
    auto r = runner.Run(a, i);
    json::object entry{{"type", a.at("type")}};
    if (r.ok()) {
      PEONY_CHECK(ctx.c.Exec("RELEASE SAVEPOINT rule_action"));
      entry["status"] = "ok";
      for (auto& [k, v] : *r) entry[k] = v;
    } else {
      if (Transient(r.error())) return std::move(r).error();
      PEONY_CHECK(ctx.c.Exec("ROLLBACK TO SAVEPOINT rule_action"));
      PEONY_CHECK(ctx.c.Exec("RELEASE SAVEPOINT rule_action"));
      entry["status"] = "error";
      entry["code"] = r.error().code;
      entry["error"] = r.error().message_zh;
      if (!r.error().details.is_null()) entry["details"] = r.error().details;
      *any_failed = true;
    }
    results.push_back(std::move(entry));
  }
  return results;
}

}  // namespace peony::rules
