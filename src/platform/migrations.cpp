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
      // Automation (issue: rules, jobs, notifications). jobs: the durable queue (platform/jobs);
      // rules and rule_runs: the rules engine and its run log; tasks and notifications: the to-do
      // inbox and in-app messages; messages: the notification outbox (recipient, body and
      // parameters are AES-256-GCM ciphertext, recipient_index an HMAC blind index for opt-outs);
      // notify_channels: per-organisation channel settings (config is ciphertext).
      {4, "automation", R"SQL(
CREATE TABLE jobs (
  id {{ID}},
  org_id {{BIGINT}},
  kind {{TEXT}} NOT NULL,
  payload {{TEXT}} NOT NULL DEFAULT '{}',
  idempotency_key {{TEXT}} UNIQUE,
  group_key {{TEXT}},
  status {{TEXT}} NOT NULL DEFAULT 'pending',
  due_at {{BIGINT}} NOT NULL,
  attempts {{BIGINT}} NOT NULL DEFAULT 0,
  max_attempts {{BIGINT}} NOT NULL DEFAULT 8,
  lease_owner {{TEXT}},
  lease_until {{BIGINT}},
  last_error {{TEXT}},
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  finished_at {{BIGINT}}
);
CREATE INDEX jobs_due ON jobs (status, due_at);
CREATE INDEX jobs_group ON jobs (group_key, status);
CREATE TABLE rules (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  name {{TEXT}} NOT NULL,
  entity {{TEXT}},
  trigger_type {{TEXT}} NOT NULL,
  definition {{TEXT}} NOT NULL,
  enabled {{BOOL}} NOT NULL DEFAULT 1,
  disabled_reason {{TEXT}},
  owner_id {{BIGINT}},
  hook_token_hash {{TEXT}} UNIQUE,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1,
  deleted_at {{BIGINT}}
);
CREATE INDEX rules_org_entity ON rules (org_id, entity);
CREATE TABLE rule_runs (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL,
  rule_id {{BIGINT}} NOT NULL,
  rule_version {{BIGINT}} NOT NULL,
  run_key {{TEXT}} NOT NULL UNIQUE,
  entity {{TEXT}},
  record_id {{BIGINT}},
  trigger {{TEXT}} NOT NULL,
  status {{TEXT}} NOT NULL,
  actions {{TEXT}} NOT NULL DEFAULT '[]',
  error {{TEXT}},
  attempts {{BIGINT}} NOT NULL DEFAULT 0,
  started_at {{BIGINT}} NOT NULL,
  finished_at {{BIGINT}}
);
CREATE INDEX rule_runs_rule ON rule_runs (rule_id, id);
CREATE INDEX rule_runs_record ON rule_runs (entity, record_id, id);
CREATE TABLE tasks (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  branch_id {{BIGINT}},
  assignee_id {{BIGINT}} NOT NULL REFERENCES users(id),
  title {{TEXT}} NOT NULL,
  body {{TEXT}} NOT NULL DEFAULT '',
  status {{TEXT}} NOT NULL DEFAULT 'open',
  due_at {{BIGINT}},
  snoozed_until {{BIGINT}},
  entity {{TEXT}},
  record_id {{BIGINT}},
  rule_id {{BIGINT}},
  source_key {{TEXT}} UNIQUE,
  created_by {{BIGINT}},
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  done_at {{BIGINT}},
  done_by {{BIGINT}},
  version {{BIGINT}} NOT NULL DEFAULT 1
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, status, due_at);
CREATE INDEX tasks_record ON tasks (entity, record_id);
CREATE TABLE notifications (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL,
  user_id {{BIGINT}} NOT NULL REFERENCES users(id),
  kind {{TEXT}} NOT NULL DEFAULT 'info',
  title {{TEXT}} NOT NULL,
  body {{TEXT}} NOT NULL DEFAULT '',
  link {{TEXT}} NOT NULL DEFAULT '',
  entity {{TEXT}},
  record_id {{BIGINT}},
  source_key {{TEXT}} UNIQUE,
  created_at {{BIGINT}} NOT NULL,
  read_at {{BIGINT}}
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);
CREATE TABLE messages (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL,
  channel {{TEXT}} NOT NULL,
  category {{TEXT}} NOT NULL DEFAULT 'service',
  recipient {{BLOB}} NOT NULL,
  recipient_masked {{TEXT}} NOT NULL DEFAULT '',
  recipient_index {{TEXT}} NOT NULL DEFAULT '',
  subject {{TEXT}} NOT NULL DEFAULT '',
  body {{BLOB}} NOT NULL,
  template_id {{TEXT}} NOT NULL DEFAULT '',
  params {{BLOB}},
  status {{TEXT}} NOT NULL DEFAULT 'pending',
  provider {{TEXT}} NOT NULL DEFAULT '',
  provider_message_id {{TEXT}} NOT NULL DEFAULT '',
  error_code {{TEXT}} NOT NULL DEFAULT '',
  error_message {{TEXT}} NOT NULL DEFAULT '',
  attempts {{BIGINT}} NOT NULL DEFAULT 0,
  entity {{TEXT}},
  record_id {{BIGINT}},
  rule_id {{BIGINT}},
  source_key {{TEXT}} UNIQUE,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  sent_at {{BIGINT}}
);
CREATE INDEX messages_org ON messages (org_id, id);
CREATE INDEX messages_record ON messages (entity, record_id);
CREATE TABLE notify_channels (
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  channel {{TEXT}} NOT NULL,
  provider {{TEXT}} NOT NULL,
  enabled {{BOOL}} NOT NULL DEFAULT 1,
  config {{BLOB}} NOT NULL,
  rate_per_minute {{BIGINT}} NOT NULL DEFAULT 60,
  quiet_start {{TEXT}} NOT NULL DEFAULT '21:00',
  quiet_end {{TEXT}} NOT NULL DEFAULT '09:00',
  updated_at {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL DEFAULT 1,
  PRIMARY KEY (org_id, channel)
);
CREATE TABLE notify_optouts (
  org_id {{BIGINT}} NOT NULL,
  channel {{TEXT}} NOT NULL,
  recipient_index {{TEXT}} NOT NULL,
  recipient_masked {{TEXT}} NOT NULL DEFAULT '',
  created_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (org_id, channel, recipient_index)
);
INSERT INTO role_permissions (role_id, permission, scope)
  SELECT id, 'rules.manage', 'all' FROM roles WHERE name = 'manager' AND builtin = 1;
INSERT INTO role_permissions (role_id, permission, scope)
  SELECT id, 'tasks.manage', 'branch' FROM roles WHERE name = 'manager' AND builtin = 1;
)SQL"},
      // Saved list views: owner_id 0 marks a shared view, so the uniqueness holds on both
      // databases without NULL semantics.
      {5, "list views", R"SQL(
CREATE TABLE list_views (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES orgs(id),
  entity {{TEXT}} NOT NULL,
  name {{TEXT}} NOT NULL,
  columns_json {{TEXT}} NOT NULL DEFAULT '[]',
  filter_json {{TEXT}},
  sort_json {{TEXT}} NOT NULL DEFAULT '[]',
  q {{TEXT}} NOT NULL DEFAULT '',
  shared {{BOOL}} NOT NULL DEFAULT 0,
  owner_id {{BIGINT}} NOT NULL DEFAULT 0,
  template_name {{TEXT}},
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  UNIQUE (org_id, entity, owner_id, name)
);
)SQL"},
      // A version of everything a principal's grants come from (roles, their permissions, who
      // holds them), bumped by triggers in the transaction of each change — including changes
      // made outside this process — so cached grants can be checked against it on every request
      // (access/sessions.cpp). Numbered above the domain modules' migrations: versions are global.
      {150, "access stamp", R"SQL(
CREATE TABLE access_stamp (id {{BIGINT}} PRIMARY KEY, version {{BIGINT}} NOT NULL);
INSERT INTO access_stamp (id, version) VALUES (1, 1);
CREATE TRIGGER roles_stamp_insert AFTER INSERT ON roles
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER roles_stamp_update AFTER UPDATE ON roles
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER roles_stamp_delete AFTER DELETE ON roles
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER role_permissions_stamp_insert AFTER INSERT ON role_permissions
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER role_permissions_stamp_update AFTER UPDATE ON role_permissions
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER role_permissions_stamp_delete AFTER DELETE ON role_permissions
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_stamp_insert AFTER INSERT ON user_roles
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_stamp_update AFTER UPDATE ON user_roles
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_stamp_delete AFTER DELETE ON user_roles
  BEGIN UPDATE access_stamp SET version = version + 1 WHERE id = 1; END;
)SQL",
       R"SQL(
CREATE TABLE access_stamp (id {{BIGINT}} PRIMARY KEY, version {{BIGINT}} NOT NULL);
INSERT INTO access_stamp (id, version) VALUES (1, 1);
CREATE FUNCTION bump_access_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE access_stamp SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
CREATE TRIGGER roles_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_stamp();
CREATE TRIGGER role_permissions_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_permissions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_stamp();
CREATE TRIGGER user_roles_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
  FOR EACH STATEMENT EXECUTE FUNCTION bump_access_stamp();
)SQL"},
  };
}

}  // namespace peony::platform
