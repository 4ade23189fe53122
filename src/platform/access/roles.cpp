// Roles and their grants (part of Directory; see directory.h).
#include <map>

#include "platform/access/directory.h"
#include "platform/access/errors.h"

namespace peony::access {

const std::vector<KnownPermission>& KnownPermissions() {
  static const std::vector<KnownPermission> kAll = {
      {"org.read", "查看机构与门店", "View organisation and branches"},
      {"org.write", "管理机构与门店", "Manage organisation and branches"},
      {"user.read", "查看员工账号", "View staff accounts"},
      {"user.write", "管理员工账号", "Manage staff accounts"},
      {"role.read", "查看角色权限", "View roles and permissions"},
      {"role.write", "管理角色权限", "Manage roles and permissions"},
      {"audit.read", "查看操作日志", "View the audit log"},
      {"apikey.manage", "管理 API 密钥", "Manage API keys"},
      {"schema.manage", "设计表单（字段与布局）", "Design forms (fields and layouts)"},
      {"rules.manage", "设置自动化规则", "Set up automation rules"},
      {"views.manage", "管理共享列表视图", "Manage shared list views"},
      {"tasks.manage", "分派与管理他人的待办", "Assign and manage other people's tasks"},
      {"notify.manage", "设置消息通道与查看发送记录", "Set up message channels and see deliveries"},
      {"jobs.manage", "查看与重试后台任务", "See and retry background jobs"},
      {"card.issue", "开卡（含期初余额与次数）",
       "Issue cards (with opening balances and sessions)"},
      {"card.deduct", "会员卡扣次与扣款", "Deduct sessions and amounts from cards"},
      {"card.manage", "会员卡充值、冻结、解冻、转让与退卡",
       "Top up, freeze, unfreeze, transfer and refund cards"},
      {"order.create", "开单与收款（含欠款补缴）", "Create orders and take payments (and arrears)"},
      {"order.refund", "订单退款", "Refund orders"},
      {"commission.manage", "设置提成规则与手工费", "Set commission rules and handwork fees"},
      {"report.finance", "查看业绩、提成与日结对账报表",
       "View performance, commission and daily reconciliation reports"},
      {"customer.merge", "合并重复客户", "Merge duplicate customers"},
      {"appointment.view", "查看预约、排班与可约时段", "View appointments, rosters and free slots"},
      {"appointment.book", "预约（含候补）",
       "Book appointments (and put customers on the waitlist)"},
      {"appointment.manage", "改约、取消预约与更新预约状态（到店、完成、爽约）",
       "Reschedule and cancel appointments and set their status (check-in, completed, no-show)"},
      {"appointment.schedule", "管理排班、请假、营业时间与预约设置",
       "Manage rosters, leave, opening hours and booking settings"},
      {"treatment.record", "登记治疗（含扣卡与客户签名）",
       "Record treatments (with card deductions and the customer's signature)"},
      {"data.*", "所有表单数据（data.<表单>.read/create/update/delete/export/import/unmask）",
       "All form data (data.<entity>.read/create/update/delete/export/import/unmask)"},
  };
  return kAll;
}

namespace {

// Record permissions of the form engine: "data.<entity>.<action>", "data.<entity>.*", "data.*".
bool IsDataPermission(const std::string& name) {
  static constexpr std::string_view kActions[] = {"read",   "create", "update", "delete",
                                                  "export", "import", "unmask", "*"};
  if (name == "data.*" || name == "schema.manage") return true;
  if (!name.starts_with("data.")) return false;
  const auto dot = name.rfind('.');
  const std::string entity = name.substr(5, dot - 5);
  if (dot <= 5 || entity.empty() || entity.size() > 40) return false;
  for (char c : entity) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  const std::string_view action = std::string_view(name).substr(dot + 1);
  for (auto a : kActions) {
    if (a == action) return true;
  }
  return false;
}

}  // namespace

bool IsKnownPermission(const std::string& name) {
  if (name == "*" || IsDataPermission(name)) return true;
  for (const auto& p : KnownPermissions()) {
    if (p.name == name) return true;
    // "<area>.*" for an area that exists.
    if (name.size() > 2 && name.ends_with(".*") &&
        p.name.compare(0, name.size() - 1, name, 0, name.size() - 1) == 0) {
      return true;
    }
  }
  return false;
}

namespace {

bool IsScope(const std::string& s) {
  return s == "own" || s == "department" || s == "branch" || s == "all";
}

}  // namespace

Result<std::vector<Role>> Directory::ListRoles(int64_t org_id) {
  return db_.Read([&](storage::Conn& c) -> Result<std::vector<Role>> {
    PEONY_TRY(auto rows, c.Query("SELECT id, name, label, builtin, version FROM roles "
                                 "WHERE org_id = ? ORDER BY id",
                                 {org_id}));
    std::vector<Role> roles;
    std::map<int64_t, size_t> index;
    for (size_t i = 0; i < rows.size(); ++i) {
      index[rows.Int(i, 0)] = roles.size();
      roles.push_back(Role{rows.Int(i, 0),
                           rows.Text(i, 1),
                           rows.Text(i, 2),
                           rows.Int(i, 3) != 0,
                           {},
                           rows.Int(i, 4)});
    }
    PEONY_TRY(auto grants,
              c.Query("SELECT p.role_id, p.permission, p.scope FROM role_permissions p "
                      "JOIN roles r ON r.id = p.role_id WHERE r.org_id = ? "
                      "ORDER BY p.role_id, p.permission",
                      {org_id}));
    for (size_t i = 0; i < grants.size(); ++i) {
      auto it = index.find(grants.Int(i, 0));
      if (it != index.end())
        roles[it->second].grants.push_back({grants.Text(i, 1), grants.Text(i, 2)});
    }
    return roles;
  });
}

Result<Role> Directory::UpsertRole(int64_t org_id, const Role& role, const Actor& actor) {
  for (const auto& g : role.grants) {
    if (!IsKnownPermission(g.permission) || !IsScope(g.scope)) {
      return errors::UnknownPermission().WithDetails(
          boost::json::object{{"permission", g.permission}, {"scope", g.scope}});
    }
  }
  if (role.name.empty() || role.name.size() > 64 || role.label.empty()) {
    return MakeError(ErrorKind::kInvalidArgument, "request.validation", "角色名称和显示名不能为空",
                     "A role needs a name and a label")
        .WithStatus(422);
  }
  PEONY_TRY(auto role_id, db_.Write([&](storage::Conn& c) -> Result<int64_t> {
    const UtcMillis now = clock_.Now();
    PEONY_TRY(auto existing, c.Query("SELECT id, builtin FROM roles WHERE org_id = ? AND name = ?",
                                     {org_id, role.name}));
    int64_t id;
    if (existing.empty()) {
      PEONY_TRY(auto ins, c.Query("INSERT INTO roles (org_id, name, label, builtin, created_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                  {org_id, role.name, role.label, role.builtin, now, now}));
      id = ins.Int(0, 0);
    } else {
      id = existing.Int(0, 0);
      if (existing.Int(0, 1) != 0 && actor.user_id) return errors::BuiltinRole();
      PEONY_CHECK(
          c.Exec("UPDATE roles SET label = ?, updated_at = ?, version = version + 1 "
                 "WHERE id = ?",
                 {role.label, now, id}));
      PEONY_CHECK(c.Exec("DELETE FROM role_permissions WHERE role_id = ?", {id}));
    }
    boost::json::array perms;
    for (const auto& g : role.grants) {
      PEONY_CHECK(
          c.Exec("INSERT INTO role_permissions (role_id, permission, scope) VALUES (?, ?, ?)",
                 {id, g.permission, g.scope}));
      perms.emplace_back(g.permission + ":" + g.scope);
    }
    PEONY_CHECK(AppendAudit(c, clock_,
                            AuditEvent{org_id,
                                       actor.user_id,
                                       actor.username,
                                       existing.empty() ? "role.create" : "role.update",
                                       "role",
                                       std::to_string(id),
                                       actor.ip,
                                       {{"name", role.name}, {"grants", std::move(perms)}}}));
    return id;
  }));
  PEONY_TRY(auto roles, ListRoles(org_id));
  for (auto& r : roles) {
    if (r.id == role_id) return r;
  }
  return errors::RoleNotFound();
}

}  // namespace peony::access
