// The blob store (see files.h). Reads of the bytes happen on a reader, outside any write
// transaction, so a 20 MiB download never holds the SQLite writer.
#include "platform/files/files.h"

#include "common/strings.h"
#include "platform/access/audit.h"
#include "platform/files/errors.h"
#include "platform/files/sniff.h"
#include "platform/records/attachments.h"
#include "storage/crypto/crypto.h"

namespace peony::files {
namespace {

constexpr size_t kIdBytes = 16;  // 22 characters of base64url

// The shape of an id this store hands out (a cheap refusal before any query).
bool IsBlobId(std::string_view s) {
  if (s.size() < 8 || s.size() > 64) return false;
  for (char ch : s) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

std::string AssociatedData(std::string_view id) { return "blob:" + std::string(id); }

}  // namespace

boost::json::object BlobMeta::ToJson() const {
  return {{"id", id},     {"name", name},     {"size", size},
          {"type", type}, {"sha256", sha256}, {"created_at", FormatRfc3339(created_at)}};
}

Result<BlobMeta> Files::Upload(const access::Principal& p, const std::string& ip,
                               std::string_view name, std::string_view declared_type,
                               std::string_view bytes) {
  if (static_cast<int64_t>(bytes.size()) > kMaxBlobBytes) return errors::TooLarge(kMaxBlobBytes);
  PEONY_TRY(auto clean_name, CleanName(name));
  PEONY_TRY(auto type, DecideType(bytes, declared_type));
  BlobMeta meta;
  meta.id = storage::crypto::RandomToken(kIdBytes);
  meta.name = std::move(clean_name);
  meta.type = std::move(type);
  meta.size = static_cast<int64_t>(bytes.size());
  meta.sha256 = HexEncode(storage::crypto::Sha256(bytes));
  meta.uploaded_by = p.user_id;
  meta.created_at = clock_.Now();
  PEONY_TRY(auto sealed, storage::crypto::Encrypt(keys_, bytes, AssociatedData(meta.id)));
  PEONY_CHECK(db_.WriteTx([&](storage::Conn& c) -> Status {
    PEONY_CHECK(c.Exec(
        "INSERT INTO blobs (id, org_id, uploaded_by, name, type, size, sha256, data, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {meta.id, p.org_id, p.user_id, meta.name, meta.type, meta.size, meta.sha256,
         storage::Blob{std::move(sealed)}, meta.created_at}));
    return access::AppendAudit(
        c, clock_,
        access::AuditEvent{p.org_id, p.user_id, p.username, "file.upload", "file", meta.id, ip,
                           boost::json::object{{"type", meta.type}, {"size", meta.size}}});
  }));
  return meta;
}

Result<BlobContent> Files::Load(const access::Principal& p, std::string_view id, bool with_data) {
  if (!IsBlobId(id)) return errors::NotFound();
  PEONY_TRY(auto catalog, catalog_.Snapshot());
  return db_.Read([&](storage::Conn& c) -> Result<BlobContent> {
    PEONY_TRY(auto rows,
              c.Query(std::string("SELECT id, name, type, size, sha256, uploaded_by, created_at") +
                          (with_data ? ", data" : "") + " FROM blobs WHERE id = ? AND org_id = ?",
                      {std::string(id), p.org_id}));
    if (rows.empty()) return errors::NotFound();
    BlobContent out;
    out.meta.id = rows.Text(0, 0);
    out.meta.name = rows.Text(0, 1);
    out.meta.type = rows.Text(0, 2);
    out.meta.size = rows.Int(0, 3);
    out.meta.sha256 = rows.Text(0, 4);
    out.meta.uploaded_by = rows.Int(0, 5);
    out.meta.created_at = rows.Int(0, 6);
    if (out.meta.uploaded_by != p.user_id) {
      PEONY_TRY(const bool may, records::internal::MayReadAttachment(c, *catalog, p, id));
      if (!may) return errors::NotFound();
    }
    if (with_data) out.bytes = rows.Bytes(0, 7);
    return out;
  });
}

Result<BlobMeta> Files::Meta(const access::Principal& p, std::string_view id) {
  PEONY_TRY(auto blob, Load(p, id, false));
  return std::move(blob.meta);
}

Result<BlobContent> Files::Download(const access::Principal& p, const std::string& ip,
                                    std::string_view id) {
  PEONY_TRY(auto blob, Load(p, id, true));
  PEONY_TRY(blob.bytes, storage::crypto::Decrypt(keys_, blob.bytes, AssociatedData(blob.meta.id)));
  // The read is on record before the bytes leave.
  PEONY_CHECK(access::AppendAudit(
      db_, clock_,
      access::AuditEvent{p.org_id, p.user_id, p.username, "file.read", "file", blob.meta.id, ip,
                         boost::json::object{{"type", blob.meta.type}, {"size", blob.meta.size}}}));
  return blob;
}

}  // namespace peony::files
