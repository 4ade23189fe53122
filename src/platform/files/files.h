// The blob store: uploaded files (photos, documents, signatures) kept in the database, encrypted
// at rest, and handed back only to people entitled to them.
//
// A blob is one row of `blobs`: a random public id (22 URL-safe characters), the organisation, the
// uploader, a clean name, the type told by content (sniff.h), the size, the SHA-256 of the bytes
// (hex) and the bytes as AES-256-GCM ciphertext with associated data "blob:<id>" (so a ciphertext
// moved to another row does not decrypt).
//
// Records name blobs in their image / file / signature fields; the records engine checks those
// references on save (records/attachments.h) and keeps `blob_refs`. Who may read a blob: its
// uploader, or a caller who may read (data.<entity>.read, within the grant's scope, field not
// hidden) a live record whose attachment field names it. Everyone else gets file.not_found, the
// same answer as for an id that does not exist.
//
//   PEONY_TRY(auto meta, files.Upload(principal, ip, "face.png", "image/png", bytes));
//   PEONY_TRY(auto blob, files.Download(principal, ip, meta.id));   // audited: file.read
//
// Thread-safe; all state is in the database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/schema/catalog.h"
#include "storage/crypto/key_ring.h"
#include "storage/db.h"

namespace peony::files {

inline constexpr int64_t kMaxBlobBytes = int64_t{20} << 20;  // 20 MiB

struct BlobMeta {
  std::string id, name, type, sha256;
  int64_t size = 0;
  int64_t uploaded_by = 0;
  UtcMillis created_at = 0;
  // {"id","name","size","type","sha256","created_at"}: the upload answer and GET …/meta.
  boost::json::object ToJson() const;
};

struct BlobContent {
  BlobMeta meta;
  std::string bytes;
};

class Files {
 public:
  Files(storage::Db& db, schema::CatalogStore& catalog, const Clock& clock,
        const storage::crypto::KeyRing& keys)
      : db_(db), catalog_(catalog), clock_(clock), keys_(keys) {}

  // Stores `bytes` named `name` (cleaned: sniff.h CleanName) declared as `declared_type` (a
  // Content-Type, may be empty), with an audit entry file.upload (id, type, size; never content).
  // Errors: file.empty, file.bad_type, file.bad_name, file.too_large.
  Result<BlobMeta> Upload(const access::Principal& p, const std::string& ip, std::string_view name,
                          std::string_view declared_type, std::string_view bytes);
  // The metadata, under the read rule above. Error: file.not_found.
  Result<BlobMeta> Meta(const access::Principal& p, std::string_view id);
  // The decrypted bytes, under the read rule above, audited (file.read) before they are returned.
  // Errors: file.not_found; crypto.decrypt_failed (kInternal) when the row was tampered with.
  Result<BlobContent> Download(const access::Principal& p, const std::string& ip,
                               std::string_view id);

 private:
  // The row (without data unless `with_data`) when `p` may read it, else file.not_found.
  Result<BlobContent> Load(const access::Principal& p, std::string_view id, bool with_data);

  storage::Db& db_;
  schema::CatalogStore& catalog_;
  const Clock& clock_;
  const storage::crypto::KeyRing& keys_;
};

}  // namespace peony::files
