// Internal to the records engine: attachment fields (image, file, signature) and the blob store
// (platform/files). On save, each blob a record names must exist in the caller's organisation and,
// when the record did not name it already, have been uploaded by the caller; the stored reference
// takes its name, size and type from the blob row, never from the client. `blob_refs` lists which
// live field of which record names which blob, for the download access rule (MayReadAttachment).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/result.h"
#include "platform/access/principal.h"
#include "platform/records/codec.h"
#include "platform/schema/catalog.h"
#include "storage/db.h"

namespace peony::records::internal {

// Attachment field (or sub-form holding attachments) → the blob ids it names after the write.
using AttachmentRefs = std::map<std::string, std::set<std::string>>;

// True for image, file and signature.
bool IsAttachmentType(std::string_view type);

// Checks and rewrites the attachment values of a prepared write (top-level fields and sub-form
// rows) in place. `record_id`: the record being updated (its current references need no
// ownership), nullopt on create. Returns the references of every attachment field written.
// Error: record.invalid_value naming the field, reason "<type>.not_found" (no such blob in the
// organisation, or a new reference to someone else's upload) or "<type>.not_an_image".
Result<AttachmentRefs> BindAttachments(storage::Conn& c, const schema::EntityDef& e,
                                       const access::Principal& p, std::optional<int64_t> record_id,
                                       Prepared& prep);

// Replaces the blob_refs rows of record `record_id` for the fields in `refs`.
Status WriteAttachmentRefs(storage::Conn& c, const schema::EntityDef& e, int64_t org_id,
                           int64_t record_id, const AttachmentRefs& refs);

// True when `p` may read a live record (data.<entity>.read within scope) whose active, not hidden
// attachment field names blob `blob_id`.
Result<bool> MayReadAttachment(storage::Conn& c, const schema::Catalog& catalog,
                               const access::Principal& p, std::string_view blob_id);

}  // namespace peony::records::internal
