#include "platform/access/bootstrap.h"

#include "platform/access/directory.h"

namespace peony::access {

const std::vector<BuiltinRole>& BuiltinRoles() {
  static const std::vector<BuiltinRole> kRoles = {
      {"admin", "系统管理员", {"*:all"}},
      {"manager",
       "店长",
       {"org.read:all", "user.read:branch", "role.read:all", "audit.read:branch",
        "schema.manage:all", "data.*:branch", "rules.manage:all", "tasks.manage:branch",
        "card.*:branch"}},
      {"front_desk", "前台", {"org.read:all"}},
      {"consultant", "咨询师", {"org.read:all"}},
      {"doctor", "医生", {"org.read:all"}},
      {"nurse", "护士", {"org.read:all"}},
      {"finance", "财务", {"org.read:all", "audit.read:all"}},
      {"marketing", "市场", {"org.read:all"}},
  };
  return kRoles;
}

Result<BootstrapResult> Bootstrap(storage::Db& db, const Clock& clock, const BootstrapOptions& o) {
  PEONY_CHECK(CheckPasswordPolicy(o.admin_password));
  const UtcMillis now = clock.Now();
  BootstrapResult out;
  PEONY_TRY(auto org_id, db.Write([&](storage::Conn& c) -> Result<int64_t> {
    PEONY_TRY(auto existing, c.Query("SELECT COUNT(*) FROM orgs"));
    if (existing.Int(0, 0) > 0) {
      return MakeError(ErrorKind::kFailedPrecondition, "org.already_initialised",
                       "数据目录已经初始化过", "This data folder is already initialised");
    }
    PEONY_TRY(auto org, c.Query("INSERT INTO orgs (name, time_zone, created_at) VALUES (?, ?, ?) "
                                "RETURNING id",
                                {o.org_name, o.time_zone, now}));
    const int64_t id = org.Int(0, 0);
    PEONY_CHECK(c.Exec("INSERT INTO branches (org_id, code, name, created_at) VALUES (?, ?, ?, ?)",
                       {id, "HQ", o.demo ? "静安旗舰店" : "总店", now}));
    if (o.demo) {
      PEONY_CHECK(
          c.Exec("INSERT INTO branches (org_id, code, name, created_at) VALUES (?, ?, ?, ?)",
                 {id, "PD", "浦东分院", now}));
    }
    PEONY_CHECK(AppendAudit(c, clock,
                            AuditEvent{id,
                                       std::nullopt,
                                       "system",
                                       "org.create",
                                       "org",
                                       std::to_string(id),
                                       "",
                                       {{"demo", o.demo}}}));
    return id;
  }));
  out.org_id = org_id;

  Directory dir(db, clock, o.password_params);
  const Actor system;  // no user id: built-in roles may be written
  for (const auto& br : BuiltinRoles()) {
    Role role{0, br.name, br.label, true, {}, 0};
    for (const auto& g : br.grants) {
      const auto colon = g.find(':');
      role.grants.push_back({g.substr(0, colon), g.substr(colon + 1)});
    }
    PEONY_CHECK(dir.UpsertRole(org_id, role, system));
  }
  PEONY_TRY(auto branches, dir.ListBranches(org_id));
  const int64_t hq = branches.front().id;
  PEONY_CHECK(dir.CreateUser(
      org_id,
      NewUser{o.admin_username, "系统管理员", o.admin_password, {"admin"}, hq, std::nullopt},
      system));
  if (!o.demo) return out;

  struct Staff {
    const char* username;
    const char* name;
    const char* role;
    int branch;
  };
  static constexpr Staff kDemoStaff[] = {
      {"manager", "周婷", "manager", 0},
      {"frontdesk", "陈晓雨", "front_desk", 0},
      {"consultant", "林嘉怡", "consultant", 0},
      {"doctor", "张明远", "doctor", 0},
      {"nurse", "王芳", "nurse", 0},
      {"finance", "刘洋", "finance", 0},
      {"marketing", "赵琳", "marketing", 1},
  };
  for (const auto& s : kDemoStaff) {
    const int64_t branch = branches[static_cast<size_t>(s.branch) % branches.size()].id;
    PEONY_CHECK(dir.CreateUser(
        org_id, NewUser{s.username, s.name, o.admin_password, {s.role}, branch, std::nullopt},
        system));
    for (const auto& br : BuiltinRoles()) {
      if (br.name == s.role) out.demo_logins.push_back({s.username, br.label});
    }
  }
  return out;
}

}  // namespace peony::access
