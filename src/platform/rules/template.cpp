#include "platform/rules/template.h"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "platform/rules/definition.h"
#include "platform/rules/errors.h"

namespace peony::rules {
namespace {

constexpr size_t kMaxVariableBytes = 120;

bool Active(const schema::FieldDef& f) { return !f.retired; }

const schema::FieldDef* FieldByNameOrLabel(const schema::EntityDef& e, std::string_view s) {
  for (const auto& f : e.fields) {
    if (Active(f) && f.name == s) return &f;
  }
  for (const auto& f : e.fields) {
    if (Active(f) && f.label == s) return &f;
  }
  return nullptr;
}

const schema::EntityDef* TargetOf(const schema::FieldDef& f, const schema::Catalog& catalog) {
  if (f.type != "relation") return nullptr;
  auto it = f.options.find("target");
  if (it == f.options.end() || !it->value().is_string()) return nullptr;
  return catalog.Find(it->value().as_string());
}

// The text shown for a related record: its display_field, else its first text-like field.
std::string RecordTitle(const schema::FieldDef& relation, const schema::EntityDef& target,
                        const boost::json::object& rec) {
  std::string field;
  if (auto it = relation.options.find("display_field");
      it != relation.options.end() && it->value().is_string()) {
    field = std::string(it->value().as_string());
  }
  if (field.empty()) {
    for (const auto& f : target.fields) {
      if (Active(f) && (f.type == "text" || f.type == "textarea")) {
        field = f.name;
        break;
      }
    }
  }
  auto it = rec.find(field);
  return it == rec.end() ? std::string() : DisplayValue(it->value());
}

// "today+N", "today-N", "今天+N" (1 ≤ N ≤ 3650): the offset in days; nullopt otherwise.
std::optional<int> TodayOffset(std::string_view name) {
  for (std::string_view base : {std::string_view("today"), std::string_view("今天")}) {
    if (!name.starts_with(base) || name.size() < base.size() + 2) continue;
    const char sign = name[base.size()];
    if (sign != '+' && sign != '-') return std::nullopt;
    const std::string_view digits = name.substr(base.size() + 1);
    int days = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), days);
    if (ec != std::errc() || p != digits.data() + digits.size() || days < 1 ||
        days > kMaxOffsetDays) {
      return std::nullopt;
    }
    return sign == '+' ? days : -days;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> TemplateVariables(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = text.find('{', i)) != std::string_view::npos) {
    const size_t end = text.find('}', i + 1);
    if (end == std::string_view::npos) break;
    const std::string_view name = text.substr(i + 1, end - i - 1);
    if (!name.empty() && name.size() <= kMaxVariableBytes && name.find('{') == name.npos) {
      out.emplace_back(name);
    }
    i = end + 1;
  }
  return out;
}

std::optional<VarPath> ResolveVariable(std::string_view raw, const schema::EntityDef* e,
                                       const schema::Catalog& catalog) {
  std::string_view name = raw;
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name == "today" || name == "今天") return VarPath{nullptr, nullptr, nullptr, "today"};
  if (name == "now" || name == "现在") return VarPath{nullptr, nullptr, nullptr, "now"};
  if (auto days = TodayOffset(name)) return VarPath{nullptr, nullptr, nullptr, "today", *days};
  if (!e) return std::nullopt;
  if (name == "id") return VarPath{nullptr, nullptr, nullptr, "id"};
  if (const auto* f = FieldByNameOrLabel(*e, name)) return VarPath{nullptr, nullptr, f, ""};
  if (auto dot = name.find('.'); dot != std::string_view::npos) {
    const auto* rel = FieldByNameOrLabel(*e, name.substr(0, dot));
    const auto* target = rel ? TargetOf(*rel, catalog) : nullptr;
    if (!target) return std::nullopt;
    const auto* f = FieldByNameOrLabel(*target, name.substr(dot + 1));
    if (!f) return std::nullopt;
    return VarPath{rel, target, f, ""};
  }
  // "客户姓名": a relation's label followed by a field label of its target.
  for (const auto& rel : e->fields) {
    if (!Active(rel) || rel.label.empty() || !name.starts_with(rel.label)) continue;
    const auto* target = TargetOf(rel, catalog);
    if (!target) continue;
    const std::string_view rest = name.substr(rel.label.size());
    for (const auto& f : target->fields) {
      if (Active(f) && f.label == rest) return VarPath{&rel, target, &f, ""};
    }
  }
  return std::nullopt;
}

Status CheckTemplate(std::string_view text, const schema::EntityDef* e,
                     const schema::Catalog& catalog, std::string_view path) {
  for (const auto& v : TemplateVariables(text)) {
    if (!ResolveVariable(v, e, catalog)) return errors::UnknownVariable(path, v);
  }
  return Ok();
}

std::string DisplayValue(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "";
    case boost::json::kind::string:
      return std::string(v.as_string());
    case boost::json::kind::bool_:
      return v.as_bool() ? "是" : "否";
    case boost::json::kind::int64:
      return std::to_string(v.as_int64());
    case boost::json::kind::uint64:
      return std::to_string(v.as_uint64());
    case boost::json::kind::double_: {
      std::string s = boost::json::serialize(v);
      return s;
    }
    case boost::json::kind::array: {
      std::string out;
      for (const auto& item : v.as_array()) {
        if (!out.empty()) out += "、";
        out += DisplayValue(item);
      }
      return out;
    }
    case boost::json::kind::object:
      return boost::json::serialize(v);
  }
  return "";
}

std::string Render(std::string_view text, const schema::EntityDef* e,
                   const schema::Catalog& catalog, const boost::json::object& record,
                   const RelatedLoader& related, const TimeZone& zone, UtcMillis now) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    auto path = name.size() <= kMaxVariableBytes ? ResolveVariable(name, e, catalog)
                                                 : std::optional<VarPath>{};
    if (!path) {
      out.append(text.substr(open, close - open + 1));
    } else if (path->builtin == "today") {
      out += FormatDate(AddDays(zone.DateOf(now), path->offset_days));
    } else if (path->builtin == "id") {
      auto it = record.find("id");
      if (it != record.end()) out += DisplayValue(it->value());
    } else if (path->builtin == "now") {
      out += zone.FormatLocal(now);
    } else if (path->relation) {
      const boost::json::object* rec = related ? related(*path->relation) : nullptr;
      if (rec) {
        auto it = rec->find(path->field->name);
        if (it != rec->end()) out += DisplayValue(it->value());
      }
    } else {
      auto it = record.find(path->field->name);
      if (it != record.end()) {
        const schema::EntityDef* target = TargetOf(*path->field, catalog);
        const boost::json::object* rec = target && related ? related(*path->field) : nullptr;
        out += rec ? RecordTitle(*path->field, *target, *rec) : DisplayValue(it->value());
      }
    }
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

boost::json::array ListVariables(const schema::EntityDef& e, const schema::Catalog& catalog) {
  boost::json::array out;
  for (const auto& f : e.fields) {
    if (!Active(f) || f.type == "sub_form") continue;
    out.push_back(boost::json::object{{"name", f.label}, {"path", f.name}, {"label", f.label}});
  }
  for (const auto& rel : e.fields) {
    const auto* target = Active(rel) ? TargetOf(rel, catalog) : nullptr;
    if (!target) continue;
    for (const auto& f : target->fields) {
      if (!Active(f) || f.type == "sub_form" || f.type == "relation") continue;
      out.push_back(boost::json::object{{"name", rel.label + f.label},
                                        {"path", rel.name + "." + f.name},
                                        {"label", rel.label + " · " + f.label}});
    }
  }
  out.push_back(boost::json::object{{"name", "今天"}, {"path", "today"}, {"label", "今天"}});
  out.push_back(boost::json::object{{"name", "现在"}, {"path", "now"}, {"label", "现在"}});
  return out;
}

}  // namespace peony::rules
