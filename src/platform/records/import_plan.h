// Internal to the records engine: a prepared import (see import.h) — the file, the catalog
// snapshot it was bound against, and the bound mapping — and the helpers both passes share.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/records/import.h"
#include "platform/records/io/sheet.h"
#include "platform/schema/catalog.h"

namespace peony::records {

struct ImportPlan {
  std::string id;  // random, names the import in the report, its job and its audit entry
  std::string entity;
  std::shared_ptr<const schema::Catalog> catalog;
  const schema::EntityDef* e = nullptr;  // in *catalog
  std::string file;
  io::FileKind kind = io::FileKind::kCsv;
  io::ReadOptions read;
  ImportOptions options;
  std::vector<ImportColumn> columns;  // one per header of the file
  // The mapped columns: column index → field.
  std::vector<std::pair<size_t, const schema::FieldDef*>> mapped;
  const schema::FieldDef* key = nullptr;  // with key_column, when options.key is set
  size_t key_column = 0;
  int64_t total_rows = 0;                             // counted only with options.count_rows
  access::Scope update_scope = access::Scope::kNone;  // for duplicates=update
  bool unmask = false;                                // the preview shows what a read would
};

namespace internal {

// Reads the plan's file into `sink`, mapping reader errors to import.bad_file / import.no_rows
// (the readers' import.sheet_not_found and row/column/cell limits pass through).
Status ReadImportFile(const ImportPlan& plan, io::RowSink& sink);

// Binds the mapping (given or proposed) and the key against the entity and the file's headers,
// filling plan.columns, plan.mapped, plan.key and plan.key_column.
// Errors: import.bad_mapping, import.bad_key.
Status BindImportColumns(const std::vector<std::string>& headers, ImportPlan& plan);

// A cell as the API JSON input of a lenient write: text as a string, numbers as numbers
// (integers when integral), booleans, dates as "YYYY-MM-DD[ HH:MM:SS]".
boost::json::value CellInput(const io::Cell& cell);

}  // namespace internal
}  // namespace peony::records
