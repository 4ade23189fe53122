// Solution templates: a clinic's starting point as data — entities and their fields, roles with
// their grants and data scopes, and automation rules — kept in templates/<name>/ of the source tree
// (template.json, entities.json, roles.json, rules.json) and compiled into the binary, so an
// installed server needs no source tree.
//
// Apply() brings an organisation up to a template and is idempotent — applying twice changes
// nothing, not even the catalog version or the audit log:
//   entities  missing ones are created as system entities (their fields locked; the clinic may
//             still add fields); a template field missing from an existing entity is added (a field
//             of the same name and another type is left alone and reported as a conflict);
//   roles     created, or given the template's grants — added to the role's own, never taking
//             access away (a permission held with a wider scope keeps it);
//   rules     created as `who` unless the organisation has a (live) rule of the same name.
//   views     shared list views created unless the entity has a shared view of that name.
// Each step commits on its own, so a failure part-way leaves what was done; applying again
// finishes the job.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/directory.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::rules {
class Rules;
}

namespace peony::templates {

inline constexpr std::string_view kDefaultTemplate = "medical-aesthetics";

struct TemplateInfo {
  std::string name;  // the folder name, e.g. "medical-aesthetics"
  std::string label;
  std::string description;
  int64_t version = 0;  // raised whenever the template's content changes
};

struct Template {
  TemplateInfo info;
  std::vector<schema::EntitySpec> entities;  // in creation order: relation targets first
  std::vector<access::Role> roles;
  std::vector<boost::json::object> rules;  // as POST /api/v1/rules takes them
  // Shared list views {"entity","name","columns"?,"filter"?,"sort"?,"q"?} (views.json; optional).
  std::vector<boost::json::object> views;
};

// The shipped templates, by name. Error: template.invalid (a broken build).
Result<std::vector<TemplateInfo>> List();
// Parses a shipped template. Errors: template.not_found, template.invalid.
Result<Template> Load(std::string_view name);

// What Apply did (empty lists: nothing changed).
struct ApplyReport {
  std::vector<std::string> entities_created;
  std::vector<std::string> fields_added;  // "entity.field"
  std::vector<std::string> roles_created;
  std::vector<std::string> roles_updated;
  std::vector<std::string> rules_created;
  std::vector<std::string> views_created;  // "entity:name"
  std::vector<std::string> conflicts;      // "entity.field": exists with another type

  bool changed() const;
  boost::json::object ToJson() const;
};

// The services Apply writes through. Not owned.
struct Services {
  storage::Db& db;
  schema::CatalogStore& catalog;
  access::Directory& directory;
  rules::Rules& rules;
  const Clock& clock;
};

// Applies `t` to `who`'s organisation, acting as `who` (catalog changes and rules are theirs; the
// template's roles are written by the system, since built-in roles are not editable by users). When
// anything changed, records the applied version and audits "template.apply" with the report.
// Errors: template.conflict, and those of the catalog, the directory and the rules engine (a
// shipped template that fails them is a defect: the tests apply every template on both databases).
Result<ApplyReport> Apply(const Services& s, const Template& t, const access::Principal& who,
                          const std::string& ip = "");

struct AppliedVersion {
  int64_t version = 0;
  UtcMillis applied_at = 0;
};
// The version of template `name` last applied to the organisation; nullopt when never.
Result<std::optional<AppliedVersion>> Applied(storage::Db& db, int64_t org_id,
                                              std::string_view name);

}  // namespace peony::templates
