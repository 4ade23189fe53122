// The demo clinic's twenty staff over two branches: the seven accounts Bootstrap creates for its
// demo logins plus thirteen more, each with a login (so that records can name them as consultant,
// practitioner or follow-up assignee) and a staff record. Also writes the menu.
#include <array>

#include "domain/demo/internal.h"
#include "platform/access/directory.h"

namespace peony::domain::demo::internal {
namespace {

struct StaffSeed {
  std::string_view username, name, position, role;
  size_t branch;
  std::string_view grade;
  std::array<std::string_view, 3> skills;
};

// The first seven are Bootstrap's demo logins (src/platform/access/bootstrap.cpp), same names.
constexpr std::array<StaffSeed, 20> kStaff = {{
    {"manager", "周婷", "manager", "manager", 0, "expert", {"门店管理", "客户关系"}},
    {"frontdesk", "陈晓雨", "front_desk", "front_desk", 0, "senior", {"接待", "收银"}},
    {"consultant", "林嘉怡", "consultant", "consultant", 0, "expert", {"抗衰方案", "注射咨询"}},
    {"doctor", "张明远", "doctor", "doctor", 0, "expert", {"注射", "光电", "手术"}},
    {"nurse", "王芳", "nurse", "nurse", 0, "senior", {"注射辅助", "术后护理"}},
    {"finance", "刘洋", "finance", "finance", 0, "senior", {"对账", "报表"}},
    {"marketing", "赵琳", "marketing", "marketing", 1, "senior", {"新媒体", "活动策划"}},
    {"manager2", "孙丽华", "manager", "manager", 1, "expert", {"门店管理", "团队培训"}},
    {"frontdesk2", "何雪", "front_desk", "front_desk", 1, "junior", {"接待", "预约"}},
    {"frontdesk3", "宋雨欣", "front_desk", "front_desk", 0, "junior", {"接待", "收银"}},
    {"consultant2", "吴思琪", "consultant", "consultant", 0, "senior", {"皮肤咨询", "光电方案"}},
    {"consultant3", "郑佳欣", "consultant", "consultant", 1, "senior", {"抗衰方案", "皮肤咨询"}},
    {"consultant4", "黄诗涵", "consultant", "consultant", 1, "junior", {"皮肤咨询"}},
    {"doctor2", "李建华", "doctor", "doctor", 1, "expert", {"手术", "注射"}},
    {"doctor3", "徐静", "doctor", "doctor", 0, "senior", {"光电", "皮肤科"}},
    {"nurse2", "马晓婷", "nurse", "nurse", 1, "senior", {"注射辅助", "光电操作"}},
    {"nurse3", "朱敏", "nurse", "nurse", 0, "junior", {"术后护理"}},
    {"technician1", "胡佳", "technician", "technician", 0, "senior", {"皮肤管理", "中医理疗"}},
    {"technician2", "高雅", "technician", "technician", 1, "junior", {"皮肤管理", "头疗"}},
    {"marketing2", "罗晨", "marketing", "marketing", 0, "junior", {"社群运营"}},
}};

}  // namespace

int64_t Clinic::StaffAt(Random& r, std::string_view position, size_t branch) const {
  std::vector<int64_t> here, anywhere;
  for (const auto& m : staff) {
    if (m.position != position) continue;
    anywhere.push_back(m.user_id);
    if (m.branch == branch) here.push_back(m.user_id);
  }
  const auto& pool = here.empty() ? anywhere : here;
  if (pool.empty()) return 0;
  return r.Pick(std::span<const int64_t>(pool));
}

UtcMillis Clinic::During(Random& r, const LocalDate& day) const {
  LocalDateTime t;
  t.date = day;
  t.h = static_cast<int>(r.Between(10, 19));
  t.mi = static_cast<int>(r.Below(12) * 5);
  return zone.ToUtc(t);
}

Result<std::vector<StaffMember>> EnsureStaffAccounts(storage::Db& db, const Clock& clock,
                                                     int64_t org_id, size_t branch_count,
                                                     const DemoOptions& options) {
  access::Directory dir(db, clock, options.password_params);
  PEONY_TRY(auto branches, dir.ListBranches(org_id));
  // Technicians get the template's technician role; without the template, the nurse's.
  PEONY_TRY(auto roles, dir.ListRoles(org_id));
  bool has_technician = false;
  for (const auto& role : roles) has_technician = has_technician || role.name == "technician";
  std::vector<StaffMember> out;
  const access::Actor system;
  for (const auto& s : kStaff) {
    StaffMember m;
    m.username = std::string(s.username);
    m.name = std::string(s.name);
    m.position = std::string(s.position);
    m.role = s.role == "technician" && !has_technician ? "nurse" : std::string(s.role);
    m.branch = s.branch % branch_count;
    m.grade = std::string(s.grade);
    for (auto skill : s.skills) {
      if (!skill.empty()) m.skills.emplace_back(skill);
    }
    PEONY_TRY(auto existing, dir.FindUser(m.username));
    if (existing && existing->org_id == org_id) {
      m.user_id = existing->id;
    } else {
      const std::string password =
          options.staff_password.empty() ? access::GeneratePassword() : options.staff_password;
      PEONY_TRY(
          auto user,
          dir.CreateUser(
              org_id,
              access::NewUser{
                  m.username, m.name, password, {m.role}, branches[m.branch].id, std::nullopt},
              system));
      m.user_id = user.id;
    }
    out.push_back(std::move(m));
  }
  return out;
}

Status WriteStaffAndMenu(storage::Conn& c, Writer& w, People& people, Clinic& clinic) {
  for (const auto& m : clinic.staff) {
    boost::json::array skills;
    for (const auto& s : m.skills) skills.emplace_back(s);
    PEONY_CHECK(w.Create(c, "staff",
                         {{"name", m.name},
                          {"account", m.user_id},
                          {"position", m.position},
                          {"grade", m.grade},
                          {"skills", std::move(skills)},
                          {"phone", people.Phone()},
                          {"active", true},
                          {"branch_id", clinic.branches[m.branch]},
                          {"owner_id", m.user_id}}));
  }
  for (const auto& s : Services()) {
    boost::json::object o{{"name", s.name},
                          {"category", s.category},
                          {"duration_min", s.minutes},
                          {"price", s.price_fen},
                          {"active", true}};
    if (!s.follow_up_days.empty()) o["follow_up_days"] = s.follow_up_days;
    PEONY_TRY(auto id, w.Create(c, "service", o));
    clinic.service_ids.push_back(id);
  }
  for (const auto& p : Products()) {
    PEONY_TRY(auto id, w.Create(c, "product",
                                {{"name", p.name},
                                 {"category", p.category},
                                 {"spec", p.spec},
                                 {"unit", p.unit},
                                 {"price", p.price_fen}}));
    clinic.product_ids.push_back(id);
  }
  for (const auto& k : CardProducts()) {
    boost::json::object o{{"name", k.name},
                          {"kind", k.kind},
                          {"price", k.price_fen},
                          {"valid_days", k.valid_days},
                          {"active", true}};
    if (k.service >= 0) o["service"] = clinic.service_ids[static_cast<size_t>(k.service)];
    if (k.sessions > 0) o["sessions"] = k.sessions;
    if (k.face_fen > 0) o["face_value"] = k.face_fen;
    if (k.gift_fen > 0) o["gift_value"] = k.gift_fen;
    PEONY_TRY(auto id, w.Create(c, "card_product", o));
    clinic.card_product_ids.push_back(id);
  }
  return Ok();
}

}  // namespace peony::domain::demo::internal
