// Message templates of rules: text with {variables} filled from the record and its related
// records.
//
//   "{客户姓名}您好，您的{服务项目}已满一年"  on a treatment whose relation 客户 points at a
//   customer
//
// A variable is, in this order: a field of the record by name or label ("phone", "手机"); a
// related record's field as "<relation>.<field>" (names or labels, "customer.name", "客户.姓名");
// a relation's label directly followed by the target field's label ("客户姓名" = 客户 + 姓名); or a
// built-in: {today} / {今天} (the date in the organisation's zone), {today+N} / {today-N} /
// {今天+N} (N days from it, N ≤ 3650), {now} / {现在}, {id} (the record's id). Sensitive and hidden
// values are filled unmasked: templates are written by rule managers and sent to the person the
// message is for.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time_zone.h"
#include "platform/schema/catalog.h"

namespace peony::rules {

struct VarPath {
  const schema::FieldDef* relation = nullptr;  // set for a related record's field
  const schema::EntityDef* target = nullptr;   // the related entity
  const schema::FieldDef* field = nullptr;     // the field (of the record or the related one)
  std::string builtin;                         // "today" | "now" | "id" when a built-in
  int offset_days = 0;                         // "today": {today+N}
};

// The names between braces, in order ("{a}{b}" → a, b); text without a closing brace is literal.
std::vector<std::string> TemplateVariables(std::string_view text);

std::optional<VarPath> ResolveVariable(std::string_view name, const schema::EntityDef* e,
                                       const schema::Catalog& catalog);

// Checks every variable of `text`. Error: rule.unknown_variable naming `path`.
Status CheckTemplate(std::string_view text, const schema::EntityDef* e,
                     const schema::Catalog& catalog, std::string_view path);

// Gives the related record a relation field points at (null when none or not found).
using RelatedLoader = std::function<const boost::json::object*(const schema::FieldDef& relation)>;

// A value as people read it: text as is, numbers plainly, true/false as 是/否, lists joined by
// "、", null as "".
std::string DisplayValue(const boost::json::value& v);

// The text with every variable replaced (unknown variables are left as written).
std::string Render(std::string_view text, const schema::EntityDef* e,
                   const schema::Catalog& catalog, const boost::json::object& record,
                   const RelatedLoader& related, const TimeZone& zone, UtcMillis now);

// The variables a template may use for entity `e`, for the message editor:
// [{"name":"客户姓名","path":"customer.name","label":"客户 · 姓名"}, …].
boost::json::array ListVariables(const schema::EntityDef& e, const schema::Catalog& catalog);

}  // namespace peony::rules
