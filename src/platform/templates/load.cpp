// Reading the shipped templates out of the embedded files (see templates.h, embedded.h).
#include <boost/json/parse.hpp>
#include <set>

#include "platform/templates/embedded.h"
#include "platform/templates/errors.h"
#include "platform/templates/templates.h"

namespace peony::templates {
namespace {

namespace json = boost::json;

std::optional<std::string_view> FileText(std::string_view name, std::string_view file) {
  for (const auto& f : internal::EmbeddedFiles()) {
    if (f.path.size() == name.size() + 1 + file.size() && f.path.starts_with(name) &&
        f.path[name.size()] == '/' && f.path.ends_with(file)) {
      return f.text;
    }
  }
  return std::nullopt;
}

// The JSON object of `<name>/<file>`; an empty object when the file is optional and absent.
Result<json::object> ReadObject(std::string_view name, std::string_view file, bool required) {
  const std::string path = std::string(name) + "/" + std::string(file);
  auto text = FileText(name, file);
  if (!text) {
    if (required) return errors::Invalid(path, "missing");
    return json::object{};
  }
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec) return errors::Invalid(path, "not JSON: " + ec.message());
  if (!v.is_object()) return errors::Invalid(path, "a JSON object expected");
  return v.as_object();
}

std::string Str(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool Bool(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

// The array `key` of `o` (absent: empty); anything else is a defect of `file`.
Result<json::array> Array(const json::object& o, std::string_view key, const std::string& file) {
  auto* v = o.if_contains(key);
  if (!v) return json::array{};
  if (!v->is_array()) return errors::Invalid(file, std::string(key) + " must be an array");
  return v->as_array();
}

Result<TemplateInfo> Info(std::string_view name) {
  PEONY_TRY(auto o, ReadObject(name, "template.json", true));
  TemplateInfo info{Str(o, "name"), Str(o, "label"), Str(o, "description"), 0};
  if (auto* v = o.if_contains("version"); v && v->is_int64()) info.version = v->as_int64();
  const std::string path = std::string(name) + "/template.json";
  if (info.name != name) return errors::Invalid(path, "name must be the folder's name");
  if (info.label.empty() || info.version < 1) return errors::Invalid(path, "label and version");
  return info;
}

Result<std::vector<schema::EntitySpec>> Entities(std::string_view name) {
  const std::string file = std::string(name) + "/entities.json";
  PEONY_TRY(auto o, ReadObject(name, "entities.json", true));
  PEONY_TRY(auto list, Array(o, "entities", file));
  std::vector<schema::EntitySpec> out;
  for (const auto& ev : list) {
    if (!ev.is_object()) return errors::Invalid(file, "an entity must be an object");
    const json::object& e = ev.as_object();
    schema::EntitySpec spec;
    spec.name = Str(e, "name");
    spec.label = Str(e, "label");
    spec.system = true;
    if (auto* opts = e.if_contains("options"); opts && opts->is_object()) {
      spec.options = opts->as_object();
    }
    if (spec.name.empty()) return errors::Invalid(file, "an entity needs a name");
    PEONY_TRY(auto fields, Array(e, "fields", file));
    for (const auto& fv : fields) {
      if (!fv.is_object()) return errors::Invalid(file, spec.name + ": a field must be an object");
      const json::object& f = fv.as_object();
      schema::FieldSpec field{Str(f, "name"),
                              Str(f, "label"),
                              Str(f, "type"),
                              Bool(f, "required"),
                              Bool(f, "unique"),
                              Bool(f, "sensitive"),
                              {}};
      if (auto* opts = f.if_contains("options"); opts && opts->is_object()) {
        field.options = opts->as_object();
      }
      if (field.name.empty() || field.type.empty()) {
        return errors::Invalid(file, spec.name + ": a field needs a name and a type");
      }
      spec.fields.push_back(std::move(field));
    }
    out.push_back(std::move(spec));
  }
  return out;
}

Result<std::vector<access::Role>> Roles(std::string_view name) {
  const std::string file = std::string(name) + "/roles.json";
  PEONY_TRY(auto o, ReadObject(name, "roles.json", false));
  PEONY_TRY(auto list, Array(o, "roles", file));
  std::vector<access::Role> out;
  for (const auto& rv : list) {
    if (!rv.is_object()) return errors::Invalid(file, "a role must be an object");
    const json::object& r = rv.as_object();
    access::Role role;
    role.name = Str(r, "name");
    role.label = Str(r, "label");
    if (role.name.empty() || role.label.empty()) {
      return errors::Invalid(file, "a role needs a name and a label");
    }
    PEONY_TRY(auto grants, Array(r, "grants", file));
    std::set<std::string> seen;
    for (const auto& g : grants) {
      // "permission:scope", as access::BuiltinRoles() writes them.
      const std::string text = g.is_string() ? std::string(g.as_string()) : std::string();
      const auto colon = text.rfind(':');
      if (colon == std::string::npos || colon == 0) {
        return errors::Invalid(file, role.name + ": grants are \"permission:scope\"");
      }
      access::Grant grant{text.substr(0, colon), text.substr(colon + 1)};
      if (!seen.insert(grant.permission).second) {
        return errors::Invalid(file, role.name + ": " + grant.permission + " granted twice");
      }
      role.grants.push_back(std::move(grant));
    }
    out.push_back(std::move(role));
  }
  return out;
}

Result<std::vector<json::object>> Rules(std::string_view name) {
  const std::string file = std::string(name) + "/rules.json";
  PEONY_TRY(auto o, ReadObject(name, "rules.json", false));
  PEONY_TRY(auto list, Array(o, "rules", file));
  std::vector<json::object> out;
  std::set<std::string> names;
  for (const auto& rv : list) {
    if (!rv.is_object() || Str(rv.as_object(), "name").empty()) {
      return errors::Invalid(file, "a rule must be an object with a name");
    }
    if (!names.insert(Str(rv.as_object(), "name")).second) {
      return errors::Invalid(file, "two rules named " + Str(rv.as_object(), "name"));
    }
    out.push_back(rv.as_object());
  }
  return out;
}

Result<std::vector<json::object>> Views(std::string_view name) {
  const std::string file = std::string(name) + "/views.json";
  PEONY_TRY(auto o, ReadObject(name, "views.json", false));
  if (o.empty()) return std::vector<json::object>{};
  PEONY_TRY(auto list, Array(o, "views", file));
  std::vector<json::object> out;
  std::set<std::string> keys;
  for (const auto& v : list) {
    if (!v.is_object() || Str(v.as_object(), "name").empty() ||
        Str(v.as_object(), "entity").empty()) {
      return errors::Invalid(file, "a view must be an object with an entity and a name");
    }
    const std::string key = Str(v.as_object(), "entity") + ":" + Str(v.as_object(), "name");
    if (!keys.insert(key).second) return errors::Invalid(file, "two views " + key);
    out.push_back(v.as_object());
  }
  return out;
}

// The template folders: the first path segment of every embedded file holding a template.json.
std::vector<std::string> Names() {
  std::vector<std::string> out;
  for (const auto& f : internal::EmbeddedFiles()) {
    const auto slash = f.path.find('/');
    if (slash != std::string_view::npos && f.path.substr(slash + 1) == "template.json") {
      out.emplace_back(f.path.substr(0, slash));
    }
  }
  return out;  // sorted: the files are
}

}  // namespace

Result<std::vector<TemplateInfo>> List() {
  std::vector<TemplateInfo> out;
  for (const auto& name : Names()) {
    PEONY_TRY(auto info, Info(name));
    out.push_back(std::move(info));
  }
  return out;
}

Result<Template> Load(std::string_view name) {
  bool known = false;
  for (const auto& n : Names()) known = known || n == name;
  if (!known) return errors::NotFound(name);
  Template t;
  PEONY_TRY(t.info, Info(name));
  PEONY_TRY(t.entities, Entities(name));
  PEONY_TRY(t.roles, Roles(name));
  PEONY_TRY(t.rules, Rules(name));
  PEONY_TRY(t.views, Views(name));
  return t;
}

}  // namespace peony::templates
