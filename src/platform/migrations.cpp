#include "platform/migrations.h"

namespace peony::platform {

// Tokens ({{ID}}, {{TEXT}}, …) are replaced per dialect by storage::DialectSql. Never edit a
// migration that has shipped: add a new one.
std::vector<storage::Migration> Migrations() {
  return {
      {1, "access foundation", R"SQL(
CREATE TABLE orgs (
  id {{ID}},
  name {{TEXT}} NOT NULL,
  time_zone {{TEXT}} NOT NULL DEFAULT 'Asia/Shanghai',
  created_at {{BIGINT}} NOT NULL
);
CREATE TABLE branches (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  code {{TEXT}} NOT NULL,
  name {{TEXT}} NOT NULL,
  active {{BOOL}} NOT NULL DEFAULT 1,
  created_at {{BIGINT}} NOT NULL,
  UNIQUE (org_id, code)
);
CREATE TABLE departments (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}} REFERENCES branches(id),
  parent_id {{BIGINT}} REFERENCES departments(id),
  name {{TEXT}} NOT NULL,
  created_at {{BIGINT}} NOT NULL
);
CREATE TABLE users (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  username {{TEXT}} NOT NULL UNIQUE,
  display_name {{TEXT}} NOT NULL,
  password_hash {{TEXT}} NOT NULL,
  status {{TEXT}} NOT NULL DEFAULT 'active',
  branch_id {{BIGINT}} REFERENCES branches(id),
  department_id {{BIGINT}} REFERENCES departments(id),
  failed_logins {{BIGINT}} NOT NULL DEFAULT 0,
  locked_until {{BIGINT}},
  password_changed_at {{BIGINT}},
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1
);
CREATE INDEX users_org ON users (org_id, id);
CREATE TABLE roles (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  name {{TEXT}} NOT NULL,
  label {{TEXT}} NOT NULL,
  builtin {{BOOL}} NOT NULL DEFAULT 0,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1,
  UNIQUE (org_id, name)
);
CREATE TABLE role_permissions (
  role_id {{BIGINT}} NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  permission {{TEXT}} NOT NULL,
  scope {{TEXT}} NOT NULL DEFAULT 'all',
  PRIMARY KEY (role_id, permission)
);
CREATE TABLE user_roles (
  user_id {{BIGINT}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role_id {{BIGINT}} NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);
CREATE TABLE sessions (
  id {{ID}},
  user_id {{BIGINT}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash {{TEXT}} NOT NULL UNIQUE,
  csrf_token {{TEXT}} NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  last_seen_at {{BIGINT}} NOT NULL,
  expires_at {{BIGINT}} NOT NULL,
  ip {{TEXT}} NOT NULL DEFAULT '',
  revoked_at {{BIGINT}}
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_keys (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  user_id {{BIGINT}} NOT NULL REFERENCES users(id),
  name {{TEXT}} NOT NULL,
  prefix {{TEXT}} NOT NULL,
  key_hash {{TEXT}} NOT NULL UNIQUE,
  created_at {{BIGINT}} NOT NULL,
  last_used_at {{BIGINT}},
  revoked_at {{BIGINT}}
);
CREATE TABLE audit_log (
  seq {{BIGINT}} PRIMARY KEY,
  org_id {{BIGINT}},
  at {{BIGINT}} NOT NULL,
  actor_id {{BIGINT}},
  actor {{TEXT}} NOT NULL DEFAULT '',
  action {{TEXT}} NOT NULL,
  target_type {{TEXT}} NOT NULL DEFAULT '',
  target_id {{TEXT}} NOT NULL DEFAULT '',
  ip {{TEXT}} NOT NULL DEFAULT '',
  detail {{TEXT}} NOT NULL DEFAULT '{}',
  prev_hash {{TEXT}} NOT NULL,
  hash {{TEXT}} NOT NULL
);
CREATE INDEX audit_log_org_at ON audit_log (org_id, seq);
CREATE TABLE audit_head (
  id {{BIGINT}} PRIMARY KEY,
  seq {{BIGINT}} NOT NULL,
  hash {{TEXT}} NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
CREATE TABLE settings (
  name {{TEXT}} PRIMARY KEY,
  value {{TEXT}} NOT NULL
);
)SQL"},
      {2, "form engine catalog", R"SQL(
CREATE TABLE schema_entities (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  name {{TEXT}} NOT NULL UNIQUE,
  label {{TEXT}} NOT NULL,
  table_name {{TEXT}} NOT NULL UNIQUE,
  system {{BOOL}} NOT NULL DEFAULT 0,
  status {{TEXT}} NOT NULL DEFAULT 'active',
  options {{TEXT}} NOT NULL DEFAULT '{}',
  version {{BIGINT}} NOT NULL DEFAULT 1,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE TABLE schema_fields (
  id {{ID}},
  entity_id {{BIGINT}} NOT NULL REFERENCES schema_entities(id),
  name {{TEXT}} NOT NULL,
  label {{TEXT}} NOT NULL,
  type {{TEXT}} NOT NULL,
  column_name {{TEXT}} NOT NULL,
  required {{BOOL}} NOT NULL DEFAULT 0,
  unique_value {{BOOL}} NOT NULL DEFAULT 0,
  sensitive {{BOOL}} NOT NULL DEFAULT 0,
  options {{TEXT}} NOT NULL DEFAULT '{}',
  position {{BIGINT}} NOT NULL DEFAULT 0,
  status {{TEXT}} NOT NULL DEFAULT 'active',
  locked {{BOOL}} NOT NULL DEFAULT 0,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  UNIQUE (entity_id, name)
);
CREATE TABLE schema_history (
  id {{ID}},
  entity_id {{BIGINT}} NOT NULL REFERENCES schema_entities(id),
  version {{BIGINT}} NOT NULL,
  change {{TEXT}} NOT NULL,
  actor_id {{BIGINT}},
  at {{BIGINT}} NOT NULL
);
CREATE INDEX schema_history_entity ON schema_history (entity_id, version);
CREATE TABLE serial_counters (
  field_id {{BIGINT}} NOT NULL,
  scope_key {{TEXT}} NOT NULL,
  value {{BIGINT}} NOT NULL,
  PRIMARY KEY (field_id, scope_key)
);
CREATE TABLE record_events (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL,
  entity {{TEXT}} NOT NULL,
  record_id {{BIGINT}} NOT NULL,
  kind {{TEXT}} NOT NULL,
  changes {{TEXT}} NOT NULL DEFAULT '{}',
  actor_id {{BIGINT}},
  at {{BIGINT}} NOT NULL
);
CREATE INDEX record_events_record ON record_events (entity, record_id, id);
INSERT INTO settings (name, value) VALUES ('catalog_version', '0');
)SQL"},
      // Uploaded files (platform/files): the bytes are AES-256-GCM ciphertext (associated data
      // "blob:<id>"); blob_refs lists the records whose attachment fields name a blob, for the
      // download access rule.
      {3, "blob store", R"SQL(
CREATE TABLE blobs (
  id {{TEXT}} PRIMARY KEY,
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  uploaded_by {{BIGINT}} NOT NULL REFERENCES users(id),
  name {{TEXT}} NOT NULL,
  type {{TEXT}} NOT NULL,
  size {{BIGINT}} NOT NULL,
  sha256 {{TEXT}} NOT NULL,
  data {{BLOB}} NOT NULL,
  created_at {{BIGINT}} NOT NULL
);
CREATE INDEX blobs_org_uploader ON blobs (org_id, uploaded_by, created_at);
CREATE TABLE blob_refs (
  blob_id {{TEXT}} NOT NULL,
  org_id {{BIGINT}} NOT NULL,
  entity {{TEXT}} NOT NULL,
  record_id {{BIGINT}} NOT NULL,
  field {{TEXT}} NOT NULL,
  PRIMARY KEY (entity, record_id, field, blob_id)
);
CREATE INDEX blob_refs_blob ON blob_refs (blob_id);
)SQL"},
  };
}

}  // namespace peony::platform
