// Error codes of the storage layer ("db.*", "crypto.*"). Codes are stable: never rename one.
//
// db.unique_violation (kConflict): a UNIQUE or PRIMARY KEY constraint refused the write;
//     details.constraint is "table.col, …" on SQLite and the constraint name on PostgreSQL.
// db.serialization_failure (kConflict): PostgreSQL 40001/40P01, or a prepared statement outlived
//     a table's shape: redo the transaction.
// db.busy (kUnavailable): SQLite is locked by another process, or the writer stayed taken longer
//     than busy_timeout_ms.
// db.pool_exhausted (kUnavailable): no pooled connection came free within busy_timeout_ms.
// db.unavailable (kUnavailable): the PostgreSQL server cannot be reached.
// db.open_failed (kUnavailable): OpenDb could not open the database; the message names the cause.
// db.error (kInternal): anything else; the engine's message goes to the log only.
// db.schema_too_new (kFailedPrecondition): the database was migrated by a newer binary.
// db.migration_failed (kInternal): a migration's SQL failed; nothing of that migration remains.
// db.invalid_identifier (kInternal): Ident::Trusted got a name that is not [a-z_][a-z0-9_]*.
// crypto.key_file_missing (kFailedPrecondition)
// crypto.key_file_exists (kFailedPrecondition): CreateKeyFile never overwrites.
// crypto.key_file_permissions (kFailedPrecondition): group or others may access the key file.
// crypto.key_file_invalid (kFailedPrecondition): not a key file, or a key is not 256 bits.
// crypto.key_file_unwritable (kFailedPrecondition): the key file cannot be written (says why).
// crypto.encrypt_failed (kInternal)
// crypto.decrypt_failed (kInternal): wrong key, unknown key id, or tampered ciphertext.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace peony::storage {

// Constructors used by the engines; `constraint` may be empty when unknown.
Error UniqueViolation(std::string constraint);
Error SerializationFailure();
Error DbBusy();
Error PoolExhausted();
Error DbUnavailable();
Error OpenFailed(std::string_view cause);
// Logs `detail` (never parameter values) under "db.error" with the engine name, returns db.error.
Error DbFailure(std::string_view engine, std::string_view detail, std::string_view sql);

}  // namespace peony::storage
