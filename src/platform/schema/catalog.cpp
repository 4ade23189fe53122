#include "platform/schema/catalog.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/schema/errors.h"

namespace peony::schema {
namespace {

constexpr std::string_view kReservedFieldNames[] = {
    "id",         "org_id",     "branch_id",  "department_id", "owner_id",   "created_by",
    "updated_by", "created_at", "updated_at", "version",       "deleted_at", "search_text",
    "select",     "from",       "where",      "table",         "order",      "group"};

boost::json::object ParseObject(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  return !ec && v.is_object() ? v.as_object() : boost::json::object{};
}

}  // namespace

const FieldDef* EntityDef::FindField(std::string_view field_name) const {
  for (const auto& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

Catalog::Catalog(int64_t version, std::vector<EntityDef> entities)
    : version_(version), entities_(std::move(entities)) {
  for (auto& e : entities_) {
    for (auto& f : e.fields) f.resolved_type = FindFieldType(std::string_view(f.type));
  }
}

const EntityDef* Catalog::Find(std::string_view name) const {
  for (const auto& e : entities_) {
    if (e.name == name && !e.retired) return &e;
  }
  return nullptr;
}

Status ValidateName(const std::string& what, const std::string& name) {
  const bool shape_ok =
      name.size() >= 2 && name.size() <= 40 && name[0] >= 'a' && name[0] <= 'z' &&
      std::all_of(
          name.begin(), name.end(),
          [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }) &&
      name.find("__") == std::string::npos && name.back() != '_';
  if (!shape_ok) return errors::InvalidName(what, name);
  if (what == "field") {
    for (auto r : kReservedFieldNames) {
      if (name == r) return errors::InvalidName(what, name);
    }
  }
  return Ok();
}

CatalogStore::CatalogStore(storage::Db& db, const Clock& clock, int64_t refresh_ms)
    : db_(db), clock_(clock), refresh_ms_(refresh_ms) {}

Result<std::shared_ptr<const Catalog>> CatalogStore::Load() {
  return db_.Read([&](storage::Conn& c) { return LoadWith(c); });
}

Result<std::shared_ptr<const Catalog>> CatalogStore::LoadWith(storage::Conn& c) {
  {
    PEONY_TRY(auto ver, c.Query("SELECT value FROM settings WHERE name = 'catalog_version'"));
    const int64_t version = ver.empty() ? 0 : std::stoll(ver.Text(0, 0));
    PEONY_TRY(auto er, c.Query("SELECT id, org_id, name, label, table_name, system, status, "
                               "options, version FROM schema_entities ORDER BY id"));
    std::vector<EntityDef> entities;
    for (size_t i = 0; i < er.size(); ++i) {
      EntityDef e;
      e.id = er.Int(i, 0);
      e.org_id = er.Int(i, 1);
      e.name = er.Text(i, 2);
      e.label = er.Text(i, 3);
      e.table = er.Text(i, 4);
      e.system = er.Int(i, 5) != 0;
      e.retired = er.Text(i, 6) != "active";
      e.options = ParseObject(er.Text(i, 7));
      e.version = er.Int(i, 8);
      entities.push_back(std::move(e));
    }
    PEONY_TRY(auto fr, c.Query("SELECT entity_id, id, name, label, type, column_name, required, "
                               "unique_value, sensitive, options, position, status, locked "
                               "FROM schema_fields ORDER BY entity_id, position, id"));
    for (size_t i = 0; i < fr.size(); ++i) {
      auto it = std::find_if(entities.begin(), entities.end(),
                             [&](const EntityDef& e) { return e.id == fr.Int(i, 0); });
      if (it == entities.end()) continue;
      FieldDef f;
      f.id = fr.Int(i, 1);
      f.name = fr.Text(i, 2);
      f.label = fr.Text(i, 3);
      f.type = fr.Text(i, 4);
      f.column = fr.Text(i, 5);
      f.required = fr.Int(i, 6) != 0;
      f.unique = fr.Int(i, 7) != 0;
      f.sensitive = fr.Int(i, 8) != 0;
      f.options = ParseObject(fr.Text(i, 9));
      f.position = static_cast<int>(fr.Int(i, 10));
      f.retired = fr.Text(i, 11) != "active";
      f.locked = fr.Int(i, 12) != 0;
      it->fields.push_back(std::move(f));
    }
    return std::make_shared<const Catalog>(version, std::move(entities));
  }
}

Result<std::shared_ptr<const Catalog>> CatalogStore::Snapshot() {
  const UtcMillis now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (snapshot_ && now - checked_at_ < refresh_ms_) return snapshot_;
  }
  // Another node may have changed the catalog: compare versions (one indexed read), reload if so.
  return db_.Read([&](storage::Conn& c) { return Refresh(c, now); });
}

Result<std::shared_ptr<const Catalog>> CatalogStore::Snapshot(storage::Conn& c) {
  const UtcMillis now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (snapshot_ && now - checked_at_ < refresh_ms_) return snapshot_;
  }
  return Refresh(c, now);
}

Result<std::shared_ptr<const Catalog>> CatalogStore::Refresh(storage::Conn& c, UtcMillis now) {
  PEONY_TRY(auto ver, c.Query("SELECT value FROM settings WHERE name = 'catalog_version'"));
  const int64_t version = ver.empty() ? 0 : std::stoll(ver.Text(0, 0));
  {
    std::lock_guard lock(mu_);
    if (snapshot_ && snapshot_->version() == version) {
      checked_at_ = now;
      return snapshot_;
    }
  }
  PEONY_TRY(auto loaded, LoadWith(c));
  std::lock_guard lock(mu_);
  snapshot_ = loaded;
  checked_at_ = now;
  return snapshot_;
}

Status CatalogStore::Publish() {
  PEONY_TRY(auto loaded, Load());
  std::lock_guard lock(mu_);
  snapshot_ = loaded;
  checked_at_ = clock_.Now();
  return Ok();
}

}  // namespace peony::schema
