// Creates a new organisation: its first branch, the built-in roles and the administrator, and with
// `demo` a second branch and one staff account per role so a new installation can be explored.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "platform/access/password.h"
#include "storage/db.h"

namespace peony::access {

struct BootstrapOptions {
  std::string org_name = "Peony 演示诊所";
  std::string time_zone = "Asia/Shanghai";
  std::string admin_username = "admin";
  std::string admin_password;  // must pass the policy
  bool demo = false;
  PasswordParams password_params;
};

struct DemoLogin {
  std::string username;
  std::string role_label;
};

struct BootstrapResult {
  int64_t org_id = 0;
  std::vector<DemoLogin> demo_logins;  // share the administrator's password
};

// Errors: org.already_initialised when an organisation exists; auth.weak_password.
Result<BootstrapResult> Bootstrap(storage::Db& db, const Clock& clock, const BootstrapOptions& o);

// The built-in roles (name, Chinese label, grants "perm:scope") — applied by Bootstrap.
struct BuiltinRole {
  std::string name;
  std::string label;
  std::vector<std::string> grants;
};
const std::vector<BuiltinRole>& BuiltinRoles();

}  // namespace peony::access
