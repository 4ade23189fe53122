// The write pass of an import (part of Records; see import.h): every row through CreateInTx /
// UpdateInTx in one transaction (rows parsed ahead by an ImportFeed); committed only when no row
// failed and it is not a dry run.
#include "platform/records/import.h"

#include <unordered_map>

#include "platform/access/audit.h"
#include "platform/records/errors.h"
#include "platform/records/field_access.h"
#include "platform/records/import_errors.h"
#include "platform/records/import_feed.h"
#include "platform/records/import_plan.h"
#include "platform/records/records.h"
#include "platform/records/store.h"
#include "platform/records/write_ops.h"
#include "storage/crypto/crypto.h"

namespace peony::records {
namespace {

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

// Returned from the transaction to roll it back after a dry run or a file with row errors.
constexpr const char* kRollback = "import.rollback";
// Imports of at least this many rows give the memory they used back afterwards.
constexpr int64_t kReleaseMemoryRows = 10'000;
// Committed imports of at least this many rows refresh the planner's statistics of the table.
constexpr int64_t kStatisticsRows = 1'000;

// Errors that belong to one row (bad values, duplicates, a record gone); anything else (the
// database failing) stops the import.
bool IsRowError(const Error& e) {
  return e.kind == ErrorKind::kInvalidArgument || e.kind == ErrorKind::kConflict ||
         e.kind == ErrorKind::kNotFound || e.kind == ErrorKind::kFailedPrecondition;
}

std::string PlainText(const storage::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

// Writes rows of the file, counting them and collecting their errors into the report.
class RowWriter {
 public:
  RowWriter(storage::Conn& c, const internal::WriteEnv& w, const ImportPlan& plan,
            ImportReport& report)
      : c_(c), w_(w), plan_(plan), report_(report), field_access_(internal::WriteAccess(w)) {}

  // A row's own problems go to the report; an error return (the database failing) ends the import.
  Status Write(const internal::ImportRow& row) {
    const boost::json::object& input = row.input;
    if (input.empty()) {  // values only in ignored columns
      ++report_.skipped;
      return Ok();
    }
    std::optional<int64_t> existing;
    if (plan_.key && input.contains(plan_.key->name)) {
      PEONY_TRY(auto match, FindExisting(row));
      if (match.skip) return Ok();
      existing = match.id;
    }
    if (savepoints_) PEONY_CHECK(c_.Exec("SAVEPOINT peony_import_row"));
    Result<int64_t> written =
        existing ? Update(*existing, input) : internal::CreateInTx(c_, w_, input);
    if (!written.ok()) {
      Error e = std::move(written).error();
      if (!IsRowError(e)) return e;
      if (savepoints_) {
        PEONY_CHECK(c_.Exec("ROLLBACK TO SAVEPOINT peony_import_row"));
        PEONY_CHECK(c_.Exec("RELEASE SAVEPOINT peony_import_row"));
      }
      AddRowErrors(row, e);
      return Ok();
    }
    if (savepoints_) PEONY_CHECK(c_.Exec("RELEASE SAVEPOINT peony_import_row"));
    ++(existing ? report_.updated : report_.created);
    if (report_.preview.size() < ImportReport::kPreviewRows) {
      PEONY_TRY(auto record,
                internal::ReadOne(c_, w_.e, w_.who.principal, access::Scope::kAll, *written, false,
                                  w_.keys, plan_.unmask, nullptr, nullptr));
      if (record) {
        field_access_.Redact(*record);
        report_.preview.emplace_back(std::move(*record));
      }
    }
    return Ok();
  }

 private:
  Result<int64_t> Update(int64_t id, const boost::json::object& input) {
    PEONY_CHECK(internal::UpdateInTx(c_, w_, plan_.update_scope, id, input, std::nullopt));
    return id;
  }

  struct Match {
    bool skip = false;          // the row is done (skipped, or reported as an error)
    std::optional<int64_t> id;  // the record to update
  };

  // Applies the duplicates rule to a row whose key cell has a value.
  Result<Match> FindExisting(const internal::ImportRow& row) {
    const schema::FieldDef& key = *plan_.key;
    const schema::FieldType* type = schema::FindFieldType(key.type);
    if (!type) return InternalError("field type missing: " + key.type);
    auto stored = type->Normalize(key, row.input.at(key.name), w_.normalize);
    if (!stored.ok()) {
      AddRowErrors(row, stored.error());
      return Match{true, std::nullopt};
    }
    if (std::holds_alternative<std::monostate>(*stored)) return Match{};
    storage::Value lookup = *stored;
    std::string column = key.column;
    if (key.sensitive) {
      column = "b_" + key.name;
      lookup = storage::crypto::BlindIndex(w_.keys, w_.e.name + "." + key.name, PlainText(*stored));
    }
    const auto [first, inserted] = seen_.try_emplace(PlainText(lookup), row.number);
    if (!inserted) {
      if (plan_.options.duplicates == Duplicates::kSkip) {
        ++report_.skipped;
        return Match{true, std::nullopt};
      }
      if (plan_.options.duplicates == Duplicates::kFail) {
        AddError(row, plan_.key_column, key.name, errors::ImportDuplicateRow(first->second));
        return Match{true, std::nullopt};
      }
    }
    PEONY_TRY(auto rows, c_.Query("SELECT id FROM " + Q(w_.e.table) + " WHERE " + Q(column) +
                                      " = ? AND org_id = ? AND deleted_at IS NULL LIMIT 2",
                                  {lookup, w_.who.principal.org_id}));
    if (rows.empty()) return Match{};
    if (rows.size() > 1) {
      AddError(row, plan_.key_column, key.name, errors::ImportAmbiguousKey());
      return Match{true, std::nullopt};
    }
    switch (plan_.options.duplicates) {
      case Duplicates::kSkip:
        ++report_.skipped;
        return Match{true, std::nullopt};
      case Duplicates::kFail:
        AddError(row, plan_.key_column, key.name, errors::Duplicate(key.name));
        return Match{true, std::nullopt};
      case Duplicates::kUpdate:
        break;
    }
    return Match{false, rows.Int(0, 0)};
  }

  std::optional<size_t> ColumnOf(const std::string& field) const {
    for (const auto& [column, f] : plan_.mapped) {
      if (f->name == field) return column;
    }
    return std::nullopt;
  }

  void AddError(const internal::ImportRow& row, std::optional<size_t> column,
                std::optional<std::string> field, const Error& e,
                std::optional<std::string> message = std::nullopt) {
    ++report_.error_count;
    if (report_.errors.size() >= ImportReport::kMaxErrors) return;
    ImportRowError out;
    out.row = row.number;
    if (column) out.column = plan_.columns[*column].header;
    out.field = std::move(field);
    out.code = e.code;
    out.message = message ? *message : e.Message(plan_.options.english);
    report_.errors.push_back(std::move(out));
  }

  // One entry per failing cell where that can be told (every invalid value of the row, every
  // missing required field), else one for the row.
  void AddRowErrors(const internal::ImportRow& row, const Error& e) {
    const boost::json::object& input = row.input;
    const boost::json::object* details = e.details.if_object();
    if (e.code == "record.required" && details && details->contains("fields") &&
        details->at("fields").is_object()) {
      for (const auto& [name, _] : details->at("fields").as_object()) {
        const schema::FieldDef* f = w_.e.FindField(name);
        const std::string label = f ? f->label : std::string(name);
        AddError(row, ColumnOf(std::string(name)), std::string(name), e,
                 plan_.options.english ? "Required field \"" + label + "\" is empty"
                                       : "必填字段「" + label + "」未填写");
      }
      return;
    }
    if (e.code == "record.invalid_value") {
      const int64_t before = report_.error_count;
      for (const auto& [column, f] : plan_.mapped) {
        const auto it = input.find(f->name);
        if (it == input.end()) continue;
        const schema::FieldType* type = schema::FindFieldType(*f);
        if (!type) continue;
        auto checked = type->Normalize(*f, it->value(), w_.normalize);
        if (!checked.ok()) AddError(row, column, f->name, checked.error());
      }
      if (report_.error_count > before) return;
    }
    std::optional<std::string> field;
    if (details && details->contains("field") && details->at("field").is_string()) {
      field = std::string(details->at("field").as_string());
    }
    AddError(row, field ? ColumnOf(*field) : std::nullopt, field, e);
  }

  storage::Conn& c_;
  const internal::WriteEnv& w_;
  const ImportPlan& plan_;
  ImportReport& report_;
  internal::FieldAccess field_access_;
  std::unordered_map<std::string, int64_t> seen_;  // key value → first row number
  // A failed statement aborts a PostgreSQL transaction until the savepoint is rolled back. SQLite
  // undoes a failed statement by itself and carries on; and a row's statements after its INSERT or
  // UPDATE fail only when the database does (which ends the import), so a failed row leaves
  // nothing behind there. Savepoints would cost SQLite a sub-journal write per row (~10%).
  const bool savepoints_ = c_.dialect() == storage::Dialect::kPostgres;
};

}  // namespace

Result<ImportReport> Records::RunImport(const Caller& who, const ImportPlan& plan,
                                        ImportProgress* progress) {
  ImportReport report;
  report.id = plan.id;
  report.dry_run = plan.options.dry_run;
  report.total_rows = plan.total_rows;
  report.columns = plan.columns;
  if (progress) progress->total = plan.total_rows;
  const access::Principal& p = who.principal;
  Status tx = db_.WriteTx([&](storage::Conn& c) -> Status {
    // The organisation's time zone, looked up once for every row (dates, defaults, formulas).
    PEONY_TRY(auto zone, c.Query("SELECT time_zone FROM orgs WHERE id = ?", {p.org_id}));
    schema::NormalizeContext lenient;
    lenient.lenient = true;
    std::string time_zone = zone.empty() ? "" : zone.Text(0, 0);
    if (!time_zone.empty()) lenient.time_zone = time_zone;
    internal::WriteEnv w = Env(*plan.catalog, *plan.e, who, false);
    w.normalize = lenient;
    w.time_zone = std::move(time_zone);
    const internal::RowShape shape(*plan.e);
    w.shape = &shape;
    RowWriter writer(c, w, plan, report);
    internal::ImportFeed feed(plan);
    std::vector<internal::ImportRow> batch;
    int64_t rows = 0;
    while (feed.Next(batch)) {
      for (const auto& row : batch) {
        if (plan.options.cancel && plan.options.cancel->load()) return errors::ImportCancelled();
        PEONY_CHECK(writer.Write(row));
        if (++rows % ImportProgress::kProgressEvery == 0 && progress) progress->done = rows;
      }
    }
    PEONY_CHECK(feed.status());
    if (rows == 0) return errors::ImportNoRows();
    report.total_rows = rows;
    if (report.error_count > 0 || plan.options.dry_run) {
      return MakeError(ErrorKind::kInternal, kRollback, "", "");
    }
    return access::AppendAudit(c, clock_,
                               access::AuditEvent{p.org_id,
                                                  p.user_id,
                                                  p.username,
                                                  "record.import",
                                                  plan.entity,
                                                  plan.id,
                                                  who.ip,
                                                  {{"rows", report.total_rows},
                                                   {"created", report.created},
                                                   {"updated", report.updated},
                                                   {"skipped", report.skipped}}});
  });
  // A large import leaves the writer's cache and the allocator full of pages it no longer needs.
  if (report.total_rows >= kReleaseMemoryRows) storage::ReleaseMemory(db_);
  if (tx.ok() && report.total_rows >= kStatisticsRows) {
    storage::RefreshStatistics(db_, plan.e->table);
  }
  if (!tx.ok() && tx.error().code != kRollback) return std::move(tx).error();
  if (progress) {
    progress->total = report.total_rows;
    progress->done = report.total_rows;
  }
  report.committed = tx.ok();
  if (!plan.options.dry_run && report.error_count > 0) {
    return errors::ImportHasErrors(report.ToJson("failed", report.total_rows));
  }
  return report;
}

Result<ImportReport> Records::Import(const Caller& who, const std::string& entity, std::string file,
                                     ImportOptions options) {
  PEONY_TRY(auto plan, PrepareImport(who, entity, std::move(file), std::move(options)));
  return RunImport(who, *plan, nullptr);
}

}  // namespace peony::records
