// Attachment references on save and the download access rule (see attachments.h). The blobs table
// belongs to platform/files; this file only reads it, as CheckReferences reads users and branches.
#include "platform/records/attachments.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/records/field_access.h"
#include "platform/schema/types/sub_form.h"

namespace peony::records::internal {
namespace {

std::string Q(const std::string& ident) { return "\"" + ident + "\""; }

bool ImagesOnly(std::string_view type) { return type == "image" || type == "signature"; }

// Binds the attachment values of one write; caches the record's current references.
class Binder {
 public:
  Binder(storage::Conn& c, const schema::EntityDef& e, const access::Principal& p,
         std::optional<int64_t> record_id)
      : c_(c), e_(e), p_(p), record_id_(record_id) {}

  // Rewrites `text` (the canonical JSON of attachment field `sub`, held by field `f`: the same
  // field, or the sub-form it sits in) from the blob rows and adds its ids to `ids`. `row`: the
  // sub-form row index for error details.
  Status Bind(const schema::FieldDef& f, const schema::FieldDef& sub, std::optional<size_t> row,
              std::string& text, std::set<std::string>& ids) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(text, ec);
    if (ec || !parsed.is_array()) return Fail(f, sub, row, "not_found");
    for (auto& item : parsed.as_array()) {
      auto* ref = item.if_object();
      const auto* id = ref ? ref->if_contains("id") : nullptr;
      if (!id || !id->is_string()) return Fail(f, sub, row, "not_found");
      const std::string blob_id(id->get_string());
      PEONY_TRY(auto blob,
                c_.Query("SELECT uploaded_by, name, type, size FROM blobs WHERE id = ? AND "
                         "org_id = ?",
                         {blob_id, p_.org_id}));
      if (blob.empty()) return Fail(f, sub, row, "not_found");
      if (blob.Int(0, 0) != p_.user_id) {
        PEONY_TRY(const bool named, AlreadyNamed(blob_id));
        // Someone else's upload is refused with the answer for a missing one.
        if (!named) return Fail(f, sub, row, "not_found");
      }
      const std::string type = blob.Text(0, 2);
      if (ImagesOnly(sub.type) && !type.starts_with("image/")) {
        return Fail(f, sub, row, "not_an_image");
      }
      (*ref)["name"] = blob.Text(0, 1);
      (*ref)["size"] = blob.Int(0, 3);
      (*ref)["type"] = type;
      ids.insert(blob_id);
    }
    text = boost::json::serialize(parsed);
    return Ok();
  }

 private:
  Result<bool> AlreadyNamed(const std::string& blob_id) {
    if (!record_id_) return false;
    if (!current_) {
      PEONY_TRY(auto rows, c_.Query("SELECT blob_id FROM blob_refs WHERE entity = ? AND "
                                    "record_id = ? AND org_id = ?",
                                    {e_.name, *record_id_, p_.org_id}));
      current_.emplace();
      for (size_t i = 0; i < rows.size(); ++i) current_->insert(rows.Text(i, 0));
    }
    return current_->contains(blob_id);
  }

  static Error Fail(const schema::FieldDef& f, const schema::FieldDef& sub,
                    std::optional<size_t> row, std::string_view why) {
    const std::string reason = sub.type + "." + std::string(why);
    Error err =
        why == "not_an_image"
            ? schema::InvalidValue(f, reason, "只能添加图片", "Only images can be added here")
            : schema::InvalidValue(f, reason, "附件不存在或已失效，请重新上传",
                                   "The attachment does not exist; upload the file again");
    if (row) {
      err.details.get_object()["row"] = static_cast<int64_t>(*row);
      err.details.get_object()["sub_field"] = sub.name;
    }
    return err;
  }

  storage::Conn& c_;
  const schema::EntityDef& e_;
  const access::Principal& p_;
  std::optional<int64_t> record_id_;
  std::optional<std::set<std::string>> current_;  // blob ids the record names now
};

}  // namespace

bool IsAttachmentType(std::string_view type) {
  return type == "image" || type == "file" || type == "signature";
}

Result<AttachmentRefs> BindAttachments(storage::Conn& c, const schema::EntityDef& e,
                                       const access::Principal& p, std::optional<int64_t> record_id,
                                       Prepared& prep) {
  AttachmentRefs refs;
  // Most entities have no attachments: one pass over the fields, no lookups per column.
  bool any = false;
  for (const auto& f : e.fields) any = any || IsAttachmentType(f.type) || f.type == "sub_form";
  if (!any) return refs;
  Binder binder(c, e, p, record_id);
  for (auto& [column, value] : prep.columns) {
    if (!column.starts_with("f_")) continue;
    const schema::FieldDef* f = e.FindField(std::string_view(column).substr(2));
    if (!f || !IsAttachmentType(f->type)) continue;
    auto& ids = refs[f->name];  // present even when cleared
    if (auto* text = std::get_if<std::string>(&value)) {
      PEONY_CHECK(binder.Bind(*f, *f, std::nullopt, *text, ids));
    }
  }
  for (auto& [name, rows] : prep.sub_rows) {
    const schema::FieldDef* f = e.FindField(name);
    if (!f) continue;
    std::vector<schema::FieldDef> subs;
    for (auto& sub : schema::SubFormFields(f->options)) {
      if (IsAttachmentType(sub.type)) subs.push_back(std::move(sub));
    }
    if (subs.empty()) continue;
    auto& ids = refs[f->name];
    for (size_t row = 0; row < rows.size(); ++row) {
      for (const auto& sub : subs) {
        auto* v = rows[row].if_contains(sub.name);
        if (!v || !v->is_string()) continue;
        std::string text(v->get_string());
        PEONY_CHECK(binder.Bind(*f, sub, row, text, ids));
        *v = text;
      }
    }
  }
  return refs;
}

Status WriteAttachmentRefs(storage::Conn& c, const schema::EntityDef& e, int64_t org_id,
                           int64_t record_id, const AttachmentRefs& refs) {
  for (const auto& [field, ids] : refs) {
    PEONY_CHECK(c.Exec("DELETE FROM blob_refs WHERE entity = ? AND record_id = ? AND field = ?",
                       {e.name, record_id, field}));
    for (const auto& id : ids) {
      PEONY_CHECK(
          c.Exec("INSERT INTO blob_refs (blob_id, org_id, entity, record_id, field) VALUES (?, ?, "
                 "?, ?, ?)",
                 {id, org_id, e.name, record_id, field}));
    }
  }
  return Ok();
}

Result<bool> MayReadAttachment(storage::Conn& c, const schema::Catalog& catalog,
                               const access::Principal& p, std::string_view blob_id) {
  PEONY_TRY(auto refs, c.Query("SELECT entity, record_id, field FROM blob_refs WHERE blob_id = ? "
                               "AND org_id = ? ORDER BY entity, record_id, field",
                               {std::string(blob_id), p.org_id}));
  for (size_t i = 0; i < refs.size(); ++i) {
    const std::string entity = refs.Text(i, 0), field = refs.Text(i, 2);
    const schema::EntityDef* e = catalog.Find(entity);
    const schema::FieldDef* f = e ? e->FindField(field) : nullptr;
    if (!f || f->retired) continue;
    auto scope = CheckAccess(p, entity, "read");
    if (!scope.ok() || FieldAccess::For(p, *e).Hidden(field)) continue;
    std::string sql = "SELECT 1 FROM " + Q(e->table) +
                      " t WHERE t.id = ? AND t.org_id = ? AND t.deleted_at IS NULL";
    storage::Params params{refs.Int(i, 1), p.org_id};
    AppendScope(p, *scope, sql, params);
    PEONY_TRY(auto live, c.Query(sql, params));
    if (!live.empty()) return true;
  }
  return false;
}

}  // namespace peony::records::internal
