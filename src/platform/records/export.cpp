// Export (part of Records; see records.h).
#include <boost/json/serialize.hpp>

#include "platform/access/audit.h"
#include "platform/records/codec.h"
#include "platform/records/field_access.h"
#include "platform/records/io/csv_writer.h"
#include "platform/records/io/xlsx_writer.h"
#include "platform/records/records.h"
#include "platform/schema/errors.h"

namespace peony::records {
namespace {

constexpr int64_t kMaxExportRows = 1'000'000;

// The display text of one API value of field `f`: its type's Format of the stored form, or the
// value as it is when it is not a storable input (a masked sensitive value, a list).
io::Cell CellOf(const schema::FieldDef& f, const boost::json::value& v) {
  if (v.is_null()) return io::Cell{};
  const schema::FieldType* type = schema::FindFieldType(f);
  if (v.is_array()) {
    std::string joined;
    for (const auto& item : v.as_array()) {
      if (!joined.empty()) joined += "、";
      joined += item.is_string() ? std::string(item.as_string()) : boost::json::serialize(item);
    }
    return io::Cell::Text(joined);
  }
  if (type && !f.sensitive) {
    auto stored = type->Normalize(f, v, {});
    if (stored.ok()) {
      if (f.type == "number" || f.type == "integer" || f.type == "rating" || f.type == "percent") {
        if (v.is_number()) return io::Cell::Number(v.to_number<double>());
      }
      return io::Cell::Text(type->Format(f, *stored, false));
    }
  }
  if (v.is_string()) return io::Cell::Text(std::string(v.as_string()));
  if (v.is_number()) return io::Cell::Number(v.to_number<double>());
  if (v.is_bool()) return io::Cell::Bool(v.as_bool());
  return io::Cell::Text(boost::json::serialize(v));
}

}  // namespace

Result<ExportFile> Records::Export(const Caller& who, const std::string& entity, ListQuery query,
                                   const std::string& format) {
  if (format != "csv" && format != "xlsx") {
    return MakeError(ErrorKind::kInvalidArgument, "request.validation",
                     "导出格式只能是 csv 或 xlsx", "format must be csv or xlsx")
        .WithDetails(boost::json::object{{"fields", {{"format", "csv or xlsx"}}}})
        .WithStatus(422);
  }
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  const schema::EntityDef* e = catalog->Find(entity);
  if (!e) return schema::errors::EntityNotFound(entity);
  PEONY_TRY(auto scope, internal::CheckAccess(who.principal, entity, "export"));
  (void)scope;

  std::vector<const schema::FieldDef*> columns;
  std::vector<std::string> headers{"ID"};
  const auto access = internal::FieldAccess::For(who.principal, *e);
  for (const auto& f : e->fields) {
    if (f.retired) continue;  // lookups and rollups too: List computes them
    if (access.Hidden(f.name)) continue;
    columns.push_back(&f);
    headers.push_back(f.label);
  }
  headers.push_back("创建时间");
  headers.push_back("更新时间");

  io::CsvWriter csv;
  std::unique_ptr<io::XlsxWriter> xlsx;
  if (format == "xlsx") {
    PEONY_TRY(xlsx, io::XlsxWriter::Create({.sheet_name = e->label}));
    PEONY_CHECK(xlsx->WriteHeader(headers));
  } else {
    csv.WriteHeader(headers);
  }
  ExportFile out;
  query.limit = 500;
  query.with_total = false;
  query.cursor.clear();
  while (true) {
    PEONY_TRY(auto page, List(who, entity, query));
    for (const auto& item : page.items) {
      const auto& rec = item.as_object();
      std::vector<io::Cell> cells;
      cells.push_back(io::Cell::Number(static_cast<double>(rec.at("id").as_int64())));
      for (const auto* f : columns) {
        const auto it = rec.find(f->name);
        cells.push_back(it == rec.end() ? io::Cell{} : CellOf(*f, it->value()));
      }
      cells.push_back(io::Cell::Text(std::string(rec.at("created_at").as_string())));
      cells.push_back(io::Cell::Text(std::string(rec.at("updated_at").as_string())));
      if (xlsx) {
        PEONY_CHECK(xlsx->WriteRow(cells));
      } else {
        csv.WriteRow(cells);
      }
      if (++out.rows > kMaxExportRows) {
        return MakeError(ErrorKind::kTooLarge, "record.export_too_large",
                         "一次最多导出 100 万条，请缩小筛选范围",
                         "At most 1,000,000 records per export; narrow the filter");
      }
    }
    if (!page.next_cursor) break;
    query.cursor = *page.next_cursor;
  }
  if (xlsx) {
    PEONY_TRY(out.bytes, xlsx->Finish());
    out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.extension = "xlsx";
  } else {
    out.bytes = csv.TakeData();
    out.content_type = "text/csv; charset=utf-8";
    out.extension = "csv";
  }
  PEONY_CHECK(access::AppendAudit(db_, clock_,
                                  access::AuditEvent{who.principal.org_id,
                                                     who.principal.user_id,
                                                     who.principal.username,
                                                     "record.export",
                                                     entity,
                                                     "",
                                                     who.ip,
                                                     {{"format", format}, {"rows", out.rows}}}));
  return out;
}

}  // namespace peony::records
