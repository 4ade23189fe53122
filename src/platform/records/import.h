// Import of CSV and XLSX files into an entity's records (Records::PrepareImport / RunImport).
//
// An import has two passes over the file. PrepareImport checks access, tells CSV from XLSX by
// content, reads the header row (and, with count_rows, counts the data rows), and binds the
// header-to-field mapping and the duplicate key; it writes nothing. RunImport then writes every row
// through the same path as Records::Create/Update (internal::CreateInTx / UpdateInTx, lenient
// normalisation) in ONE transaction: the import is all-or-nothing. A dry run does exactly the same
// work and rolls back, so it reports what a commit would (unique values, references and duplicates
// against the database included). On PostgreSQL each row runs inside a SAVEPOINT, so a failing row
// does not abort the transaction for the rows after it. A row whose mapped cells are all empty is
// skipped (counted in "skipped"), and so is a row whose key matches with duplicates=skip.
//
//   PEONY_TRY(auto plan, records.PrepareImport(who, "visit", std::move(bytes), options));
//   PEONY_TRY(ImportReport report, records.RunImport(who, *plan, nullptr));
//
// Error codes (import.*, stable; all 422 unless noted):
//   import.bad_file        the body is neither CSV nor XLSX, is damaged, or is hostile (zip bomb,
//                          XML entities); details.reason holds the reader's code (import.bad_xlsx,
//                          import.hostile_xml, …) and its details
//   import.no_rows         the file has no header row or no data row
//   import.bad_mapping     details.problems [{"header","field","reason"}]: a mapped field that is
//                          unknown, retired or computed, two headers on one field, a header the
//                          file does not have, or no column mapped at all
//   import.bad_key         the key field is not unique or sensitive, not mapped, or
//   duplicates=skip|
//                          update was asked without a key
//   import.has_errors      a commit found row errors: nothing was written; details.report is the
//                          report (ImportReport::ToJson)
//   import.busy       503  (ImportJobs) too many imports are running
//   import.job_not_found 404  (ImportJobs) no such job for this user
//   import.cancelled  503  the server stopped during the import: nothing was written
// plus the readers' import.sheet_not_found and import.limit_exceeded (413; rows, columns and cell
// size), schema.entity_not_found and record.forbidden.
#pragma once

#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace peony::records {

enum class Duplicates { kFail, kSkip, kUpdate };

struct ImportOptions {
  bool dry_run = false;
  // Header (as in the file, trimmed) → field name, or null to ignore the column. Absent: proposed
  // (a header equal to a field's label or name, trimmed and case-insensitive; others ignored).
  std::optional<boost::json::object> mapping;
  std::string key;  // a unique or sensitive (blind-indexed) field; empty: no duplicate detection
  Duplicates duplicates = Duplicates::kFail;
  std::string sheet;     // XLSX worksheet; empty: the first visible one
  bool english = false;  // language of the row errors' messages
  // PrepareImport reads the whole file once to count its rows (the total of a job's progress, and
  // a damaged file refused before the write pass starts); otherwise it reads the header only.
  bool count_rows = false;
  // Set by the owner to stop a running import early (its transaction rolls back).
  const std::atomic<bool>* cancel = nullptr;
};

// Rows written so far and in all, for progress bars. Updated every kProgressEvery rows.
struct ImportProgress {
  static constexpr int64_t kProgressEvery = 500;
  std::atomic<int64_t> done{0};
  std::atomic<int64_t> total{0};
};

struct ImportColumn {
  std::string header;
  std::optional<std::string> field, label;  // null: the column is ignored
};

struct ImportRowError {
  int64_t row = 0;  // as the spreadsheet shows it: the header is row 1
  std::optional<std::string> column, field;
  std::string code, message;
};

struct ImportReport {
  static constexpr size_t kMaxErrors = 200;  // listed; error_count counts them all
  static constexpr size_t kPreviewRows = 20;

  std::string id;
  bool dry_run = false;
  bool committed = false;
  int64_t total_rows = 0;
  int64_t created = 0, updated = 0, skipped = 0, error_count = 0;
  std::vector<ImportColumn> columns;
  std::vector<ImportRowError> errors;
  boost::json::array preview;  // the first rows as written, normalised (masked as for a read)

  // {"id","status","dry_run","committed","progress":{"done","total"},"total_rows","created",
  //  "updated","skipped","error_count","columns","errors","preview"}.
  boost::json::object ToJson(std::string_view status, int64_t done) const;
};

// A prepared import (records/import_plan.h): owns the file and the bound mapping.
struct ImportPlan;

}  // namespace peony::records
