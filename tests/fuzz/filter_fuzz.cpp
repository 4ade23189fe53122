// libFuzzer target for the filter language: parse JSON, bind against a fixed catalog (with and
// without relation paths and field restrictions), render SQL for both dialects and evaluate in
// memory over fixed records. Besides crashes and sanitizer reports it aborts when a promise is
// broken: every refusal is record.bad_filter with both messages and a reason; rendered SQL has
// exactly one placeholder per bound value, balanced parentheses, and no text of the input (quoted
// identifiers are catalog names, the only literals '' and '\').
// Built by ./dev test (run_fuzzers) in build-fuzz; for example:
//
//   cmake --build build-fuzz --target filter_fuzz
//   build-fuzz/filter_fuzz -max_total_time=60 -max_len=4096 build-fuzz/corpus/filter
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/access/principal.h"
#include "platform/records/field_access.h"
#include "platform/records/filter.h"
#include "platform/records/match.h"
#include "platform/schema/catalog.h"

namespace {

using namespace peony;
namespace internal = peony::records::internal;

schema::FieldDef Field(std::string name, std::string type, std::string_view options = "{}",
                       bool sensitive = false) {
  schema::FieldDef f;
  f.name = name;
  f.label = name;
  f.type = std::move(type);
  f.column = "f_" + name;
  f.sensitive = sensitive;
  f.options = boost::json::parse(options).as_object();
  return f;
}

const schema::Catalog& TheCatalog() {
  static const schema::Catalog catalog = [] {
    schema::EntityDef client;
    client.name = "client";
    client.table = "x_client";
    client.fields = {Field("name", "text", R"({"access":{"front_desk":"hidden"}})"),
                     Field("mobile", "phone", "{}", true), Field("level", "integer")};
    schema::EntityDef visit;
    visit.name = "visit";
    visit.table = "x_visit";
    visit.fields = {
        Field("title", "text"),
        Field("score", "number"),
        Field("qty", "integer"),
        Field("fee", "money"),
        Field("day", "date"),
        Field("at", "datetime"),
        Field("vip", "switch"),
        Field("status", "select",
              R"({"choices":[{"key":"open","label":"开"},{"key":"done","label":"完"}]})"),
        Field("tags", "multi_select",
              R"({"choices":[{"key":"a","label":"A"},{"key":"b","label":"B"}]})"),
        Field("phone", "phone", "{}", true),
        Field("card", "id_card"),
        Field("email", "email"),
        Field("client", "relation", R"({"target":"client"})"),
        Field("secret", "text", R"({"access":{"front_desk":"hidden"}})"),
        Field("items", "sub_form", R"({"fields":[{"name":"item","label":"项","type":"text"}]})"),
    };
    return schema::Catalog(1, {client, visit});
  }();
  return catalog;
}

const storage::crypto::KeyRing& Keys() {
  static const storage::crypto::KeyRing keys = storage::crypto::KeyRing::Generate();
  return keys;
}

const access::Principal& FrontDesk() {
  static const access::Principal p = [] {
    access::Principal out;
    out.user_id = 2;
    out.roles = {"front_desk"};
    out.permissions = {"data.visit.read"};
    return out;
  }();
  return p;
}

const std::vector<boost::json::object>& Records() {
  static const std::vector<boost::json::object> records = [] {
    std::vector<boost::json::object> out;
    for (const char* r : {
             R"({"id":1,"created_at":"2026-01-02T03:04:05Z","title":"Apple","score":4.5,"qty":3,
                 "fee":1250,"day":"2026-01-02","vip":true,"status":"open","tags":["a"],
                 "phone":"13812345678","client":7,"owner_id":1})",
             R"({"id":2,"title":"","score":null,"tags":[],"status":"nope","qty":"x"})",
             R"({})",
         }) {
      out.push_back(boost::json::parse(r).as_object());
    }
    return out;
  }();
  return records;
}

[[noreturn]] void Broken(const char* what, std::string_view input) {
  std::fprintf(stderr, "broken promise: %s\ninput: %.*s\n", what, static_cast<int>(input.size()),
               input.data());
  std::abort();
}

void CheckRefusal(const Error& e, std::string_view input) {
  if (e.code != "record.bad_filter") Broken(("unexpected code " + e.code).c_str(), input);
  if (e.message_zh.empty() || e.message_en.empty()) Broken("empty message", input);
  if (!e.details.is_object() || !e.details.as_object().contains("reason")) {
    Broken("no reason", input);
  }
}

// User text reaches SQL only as bound values: every quoted identifier is a catalog name
// ([a-z0-9_]) and the only literals are '' and '\'.
void CheckQuoted(const std::string& sql, std::string_view input) {
  for (size_t i = 0; i < sql.size(); ++i) {
    const char quote = sql[i];
    if (quote != '"' && quote != '\'') continue;
    const size_t close = sql.find(quote, i + 1);
    if (close == std::string::npos) Broken("unterminated quote in the SQL", input);
    const std::string inner = sql.substr(i + 1, close - i - 1);
    if (quote == '"') {
      if (inner.empty()) Broken("empty identifier", input);
      for (char c : inner) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
          Broken("input text in an identifier", input);
        }
      }
    } else if (!inner.empty() && inner != "\\") {
      Broken("a literal in the SQL", input);
    }
    i = close;
  }
}

void CheckSql(const internal::FilterNode& root, std::string_view input) {
  for (auto dialect : {storage::Dialect::kSqlite, storage::Dialect::kPostgres}) {
    std::string sql;
    storage::Params params;
    internal::AppendFilter(root, Keys(), dialect, sql, params);
    size_t marks = 0;
    int depth = 0;
    for (char c : sql) {
      if (c == '?') ++marks;
      if (c == '(') ++depth;
      if (c == ')' && --depth < 0) Broken("unbalanced parentheses", input);
    }
    if (depth != 0) Broken("unbalanced parentheses", input);
    if (marks != params.values().size()) Broken("placeholders differ from values", input);
    CheckQuoted(sql, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  boost::json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  const boost::json::value filter = boost::json::parse(input, ec, {}, opts);
  if (ec) return 0;
  const schema::Catalog& catalog = TheCatalog();
  const schema::EntityDef& visit = *catalog.Find("visit");
  const auto restricted = internal::FieldAccess::For(FrontDesk(), visit);
  const internal::BindOptions variants[] = {
      {&catalog, nullptr}, {&catalog, &restricted}, {nullptr, nullptr}};
  for (const auto& options : variants) {
    auto bound = internal::BindFilter(visit, filter, options);
    if (!bound.ok()) {
      CheckRefusal(bound.error(), input);
      continue;
    }
    CheckSql(*bound, input);
    for (const auto& record : Records()) (void)internal::Matches(*bound, record);
  }
  return 0;
}
