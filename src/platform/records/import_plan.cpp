// The first pass of an import (part of Records; see import.h): access, file kind, header, row
// count, and the mapping and key bound against the entity. Writes nothing.
#include "platform/records/import_plan.h"

#include <cmath>
#include <set>

#include "common/strings.h"
#include "platform/records/codec.h"
#include "platform/records/import_errors.h"
#include "platform/records/io/csv_reader.h"
#include "platform/records/io/xlsx_reader.h"
#include "platform/records/records.h"
#include "platform/records/write_ops.h"
#include "platform/schema/ddl.h"
#include "platform/schema/errors.h"
#include "storage/crypto/crypto.h"

namespace peony::records {
namespace {

// Reader limits that only a damaged or hostile file reaches (a zip bomb, a giant XML part);
// the others (rows, columns, cell size) are limits a real file can meet and keep their own code.
bool IsArchiveLimit(const Error& e) {
  if (!e.details.is_object()) return false;
  const auto* limit = e.details.as_object().if_contains("limit");
  if (!limit || !limit->is_string()) return false;
  const std::string_view l = limit->as_string();
  return l != "max_rows" && l != "max_columns" && l != "max_cell_bytes";
}

Error MapReadError(Error e) {
  if (e.code == "import.empty_file") return errors::ImportNoRows();
  if (e.code == "import.sheet_not_found") return e;
  if (e.code == "import.limit_exceeded" && !IsArchiveLimit(e)) return e;
  if (e.kind == ErrorKind::kInternal || e.kind == ErrorKind::kUnavailable) return e;
  return errors::ImportBadFile(e);
}

// Without surrounding ASCII white space, U+00A0, U+3000 and U+FEFF.
std::string_view Trim(std::string_view s) {
  auto space_at_start = [&](size_t& len) {
    if (s.empty()) return false;
    const auto c = static_cast<unsigned char>(s.front());
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return (len = 1), true;
    if (s.starts_with("\xC2\xA0")) return (len = 2), true;
    if (s.starts_with("\xE3\x80\x80") || s.starts_with("\xEF\xBB\xBF")) return (len = 3), true;
    return false;
  };
  auto space_at_end = [&](size_t& len) {
    if (s.empty()) return false;
    const auto c = static_cast<unsigned char>(s.back());
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return (len = 1), true;
    if (s.ends_with("\xC2\xA0")) return (len = 2), true;
    if (s.ends_with("\xE3\x80\x80") || s.ends_with("\xEF\xBB\xBF")) return (len = 3), true;
    return false;
  };
  size_t n = 0;
  while (space_at_start(n)) s.remove_prefix(n);
  while (space_at_end(n)) s.remove_suffix(n);
  return s;
}

// A field a file's column may fill: active, written by people, stored.
bool Importable(const schema::FieldDef& f) {
  if (f.retired) return false;
  const schema::FieldType* type = schema::FindFieldType(f);
  return type && !type->computed() && schema::LayoutOf(f) != schema::FieldLayout::kVirtual;
}

boost::json::object Problem(std::optional<std::string> header, std::optional<std::string> field,
                            std::string_view reason) {
  boost::json::object p;
  p["header"] = header ? boost::json::value(*header) : boost::json::value(nullptr);
  p["field"] = field ? boost::json::value(*field) : boost::json::value(nullptr);
  p["reason"] = reason;
  return p;
}

// The header and, when asked, the number of data rows.
class Scan final : public io::RowSink {
 public:
  explicit Scan(bool count_rows) : count_rows_(count_rows) {}
  io::Flow OnHeader(const io::Sheet& sheet) override {
    headers = sheet.headers;
    return count_rows_ ? io::Flow::kContinue : io::Flow::kStop;
  }
  io::Flow OnRow(const io::Row&) override {
    ++rows;
    return io::Flow::kContinue;
  }
  std::vector<std::string> headers;
  int64_t rows = 0;

 private:
  bool count_rows_;
};

}  // namespace

namespace internal {

Status ReadImportFile(const ImportPlan& plan, io::RowSink& sink) {
  Status s = plan.kind == io::FileKind::kXlsx ? io::ReadXlsx(plan.file, plan.read, sink)
                                              : io::ReadCsv(plan.file, plan.read, sink);
  if (!s.ok()) return MapReadError(std::move(s).error());
  return Ok();
}

Status BindImportColumns(const std::vector<std::string>& headers, ImportPlan& plan) {
  const schema::EntityDef& e = *plan.e;
  plan.columns.clear();
  plan.mapped.clear();
  std::vector<const schema::FieldDef*> chosen(headers.size(), nullptr);
  std::set<std::string> used;
  boost::json::array problems;
  auto column_of = [&](std::string_view header) -> std::optional<size_t> {
    for (size_t i = 0; i < headers.size(); ++i) {
      if (Trim(headers[i]) == header) return i;
    }
    return std::nullopt;
  };
  if (plan.options.mapping) {
    for (const auto& [raw_header, target] : *plan.options.mapping) {
      const std::string header(Trim(raw_header));
      if (!target.is_null() && !target.is_string()) {
        problems.push_back(Problem(header, std::nullopt, "not_a_field_name"));
        continue;
      }
      const auto column = column_of(header);
      std::optional<std::string> field;
      if (target.is_string()) field = std::string(target.as_string());
      if (!column) {
        problems.push_back(Problem(header, field, "not_in_file"));
        continue;
      }
      if (!field) continue;  // null: the column is ignored
      const schema::FieldDef* f = e.FindField(*field);
      if (!f || f->retired) {
        problems.push_back(Problem(header, field, "unknown_field"));
      } else if (!Importable(*f)) {
        problems.push_back(Problem(header, field, "computed_field"));
      } else if (!used.insert(f->name).second) {
        problems.push_back(Problem(header, field, "duplicate_field"));
      } else {
        chosen[*column] = f;
      }
    }
  } else {
    // Proposed: a header equal to a field's label or name, trimmed and case-insensitive.
    for (size_t i = 0; i < headers.size(); ++i) {
      const std::string h = ToLower(Trim(headers[i]));
      if (h.empty()) continue;
      for (const auto& f : e.fields) {
        if (!Importable(f) || used.count(f.name)) continue;
        if (ToLower(Trim(f.label)) == h || f.name == h) {
          chosen[i] = &f;
          used.insert(f.name);
          break;
        }
      }
    }
  }
  for (size_t i = 0; i < headers.size(); ++i) {
    ImportColumn col{headers[i], std::nullopt, std::nullopt};
    if (chosen[i]) {
      col.field = chosen[i]->name;
      col.label = chosen[i]->label;
      plan.mapped.emplace_back(i, chosen[i]);
    }
    plan.columns.push_back(std::move(col));
  }
  if (problems.empty() && plan.mapped.empty()) {
    problems.push_back(Problem(std::nullopt, std::nullopt, "no_columns"));
  }
  if (!problems.empty()) return errors::ImportBadMapping(std::move(problems));

  const std::string& key = plan.options.key;
  if (key.empty()) {
    if (plan.options.duplicates != Duplicates::kFail) {
      return errors::ImportBadKey("", "duplicates=skip|update needs a key");
    }
    return Ok();
  }
  const schema::FieldDef* f = e.FindField(key);
  if (!f || f->retired) return errors::ImportBadKey(key, "unknown_field");
  if (!(f->unique || f->sensitive) || !Importable(*f)) {
    return errors::ImportBadKey(key, "not_unique_or_sensitive");
  }
  for (const auto& [column, field] : plan.mapped) {
    if (field == f) {
      plan.key = f;
      plan.key_column = column;
      return Ok();
    }
  }
  return errors::ImportBadKey(key, "not_mapped");
}

boost::json::value CellInput(const io::Cell& cell) {
  switch (cell.kind) {
    case io::Cell::Kind::kEmpty:
      return nullptr;
    case io::Cell::Kind::kNumber: {
      constexpr double kMaxExact = 9007199254740991.0;  // 2^53 - 1
      const double v = cell.number;
      if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) <= kMaxExact) {
        return static_cast<int64_t>(v);
      }
      return v;
    }
    case io::Cell::Kind::kBool:
      return cell.number != 0;
    case io::Cell::Kind::kText:
    case io::Cell::Kind::kDate:
      return boost::json::string(cell.text);
  }
  return nullptr;
}

}  // namespace internal

Result<std::shared_ptr<ImportPlan>> Records::PrepareImport(const Caller& who,
                                                           const std::string& entity,
                                                           std::string file,
                                                           ImportOptions options) {
  auto plan = std::make_shared<ImportPlan>();
  PEONY_TRY(plan->catalog, catalog_.Snapshot());
  plan->e = plan->catalog->Find(entity);
  if (!plan->e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto import_scope, internal::CheckAccess(who.principal, entity, "import"));
  PEONY_TRY(auto create_scope, internal::CheckAccess(who.principal, entity, "create"));
  (void)import_scope;
  (void)create_scope;
  PEONY_CHECK(internal::CheckManagedRecords(ManagedOf(entity), who, entity));
  if (options.duplicates == Duplicates::kUpdate) {
    PEONY_TRY(plan->update_scope, internal::CheckAccess(who.principal, entity, "update"));
  }
  plan->unmask = who.principal.Has("data." + entity + ".unmask");
  plan->id = HexEncode(storage::crypto::RandomBytes(12));
  plan->entity = entity;
  plan->file = std::move(file);
  plan->options = std::move(options);
  plan->read.sheet_name = plan->options.sheet;

  auto kind = io::DetectKind(plan->file);
  if (!kind.ok()) return MapReadError(std::move(kind).error());
  plan->kind = *kind;
  Scan scan(plan->options.count_rows);
  PEONY_CHECK(internal::ReadImportFile(*plan, scan));
  if (plan->options.count_rows && scan.rows == 0) return errors::ImportNoRows();
  plan->total_rows = scan.rows;
  PEONY_CHECK(internal::BindImportColumns(scan.headers, *plan));
  return plan;
}

boost::json::object ImportReport::ToJson(std::string_view status, int64_t done) const {
  boost::json::array cols;
  for (const auto& c : columns) {
    cols.push_back(boost::json::object{
        {"header", c.header},
        {"field", c.field ? boost::json::value(*c.field) : boost::json::value(nullptr)},
        {"label", c.label ? boost::json::value(*c.label) : boost::json::value(nullptr)}});
  }
  boost::json::array errs;
  for (const auto& e : errors) {
    errs.push_back(boost::json::object{
        {"row", e.row},
        {"column", e.column ? boost::json::value(*e.column) : boost::json::value(nullptr)},
        {"field", e.field ? boost::json::value(*e.field) : boost::json::value(nullptr)},
        {"code", e.code},
        {"message", e.message}});
  }
  return boost::json::object{{"id", id},
                             {"status", status},
                             {"dry_run", dry_run},
                             {"committed", committed},
                             {"progress", {{"done", done}, {"total", total_rows}}},
                             {"total_rows", total_rows},
                             {"created", created},
                             {"updated", updated},
                             {"skipped", skipped},
                             {"error_count", error_count},
                             {"columns", std::move(cols)},
                             {"errors", std::move(errs)},
                             {"preview", preview}};
}

}  // namespace peony::records
