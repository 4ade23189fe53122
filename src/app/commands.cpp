#include "app/commands.h"

#include <filesystem>
#include <iostream>

#include "app/automation.h"
#include "app/database.h"
#include "domain/demo/demo.h"
#include "platform/access/audit.h"
#include "platform/access/bootstrap.h"
#include "platform/access/directory.h"
#include "platform/templates/templates.h"
#include "storage/crypto/key_ring.h"

namespace peony::app {
namespace {

int Fail(const Error& e) {
  std::cerr << "error: " << e.message_en << " (" << e.code << ")\n";
  return 1;
}

// The administrator Bootstrap created, as the principal templates and the demo act for.
Result<access::Principal> AdminPrincipal(storage::Db& db, int64_t org_id) {
  PEONY_TRY(auto rows, db.Read([&](storage::Conn& conn) {
    return conn.Query(
        "SELECT u.id, u.username FROM users u JOIN user_roles ur ON ur.user_id = u.id "
        "JOIN roles r ON r.id = ur.role_id WHERE u.org_id = ? AND r.name = 'admin' "
        "ORDER BY u.id LIMIT 1",
        {org_id});
  }));
  if (rows.empty()) return InternalError("init: the administrator is missing");
  access::Principal p;
  p.user_id = rows.Int(0, 0);
  p.org_id = org_id;
  p.username = rows.Text(0, 1);
  p.display_name = p.username;
  p.permissions = {"*"};
  p.scopes["*"] = access::Scope::kAll;
  return p;
}

// Applies the template, then with `demo` fills the demo clinic. The rules engine lives only while
// the template is applied: demo records fire no rules (the template's date rules plan them through
// their backfill jobs when the server first runs).
Status FillOrg(const Config& c, storage::Db& db, const templates::Template& t, int64_t org_id,
               bool demo, const std::string& staff_password) {
  PEONY_TRY(auto keys, storage::crypto::LoadKeyFile(c.KeyFile()));
  const Clock& clock = SystemClock::Instance();
  schema::CatalogStore catalog(db, clock);
  records::Records records(db, catalog, clock, keys);
  access::Directory directory(db, clock);
  PEONY_TRY(auto admin, AdminPrincipal(db, org_id));
  {
    Automation automation(db, catalog, records, keys, clock, jobs::QueueOptions{});
    PEONY_TRY(auto report,
              templates::Apply({db, catalog, directory, *automation.rules, clock}, t, admin));
    std::cout << "Template " << t.info.name << " (" << t.info.label << ", version "
              << t.info.version << "): " << report.entities_created.size() << " entities, "
              << report.roles_created.size() + report.roles_updated.size() << " roles, "
              << report.rules_created.size() << " rules\n";
  }
  if (!demo) return Ok();
  // The demo's extra staff share the administrator's password, like Bootstrap's demo logins.
  domain::demo::DemoOptions options;
  options.staff_password = staff_password;
  PEONY_TRY(auto summary, domain::demo::Generate(db, catalog, records, clock, org_id, options));
  std::cout << "Demo clinic: " << summary.customers << " customers, " << summary.leads << " leads, "
            << summary.orders << " orders, " << summary.cards << " cards, " << summary.treatments
            << " treatments, " << summary.follow_ups << " follow-ups (" << summary.elapsed_ms
            << " ms)\n";
  return Ok();
}

}  // namespace

int RunInit(const Config& c, const InitOptions& o) {
  namespace fs = std::filesystem;
  // The template first: an unknown name leaves nothing behind.
  auto tmpl = templates::Load(o.template_name);
  if (!tmpl.ok()) {
    if (tmpl.error().code != "template.not_found") return Fail(tmpl.error());
    std::cerr << "error: there is no template \"" << o.template_name << "\"; templates:";
    if (auto list = templates::List(); list.ok()) {
      for (const auto& t : *list) std::cerr << " " << t.name;
    }
    std::cerr << "\n";
    return 2;
  }
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  if (ec) {
    std::cerr << "error: cannot create the data folder " << c.data_dir << ": " << ec.message()
              << "\n";
    return 1;
  }
  fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (fs::exists(c.KeyFile())) {
    std::cerr << "error: " << c.data_dir << " is already initialised (" << c.KeyFile()
              << " exists); `peony serve --data " << c.data_dir << "` starts it\n";
    return 1;
  }
  auto db = OpenAndMigrate(c);
  if (!db.ok()) return Fail(db.error());
  if (auto s = storage::crypto::CreateKeyFile(c.KeyFile()); !s.ok()) return Fail(s.error());

  access::BootstrapOptions b;
  b.org_name = o.org_name;
  b.time_zone = o.time_zone;
  b.demo = o.demo;
  b.admin_password = o.admin_password.empty() ? access::GeneratePassword() : o.admin_password;
  auto result = access::Bootstrap(**db, SystemClock::Instance(), b);
  if (!result.ok()) {
    // Leave no half-initialised folder behind: without the key file, init can run again.
    fs::remove(c.KeyFile(), ec);
    return Fail(result.error());
  }
  if (auto s = FillOrg(c, **db, *tmpl, result->org_id, o.demo, b.admin_password); !s.ok())
    return Fail(s.error());
  std::cout << "Initialised " << c.data_dir << " (" << (*db)->EngineName() << ", key file "
            << c.KeyFile() << ", mode 0600)\n"
            << "Administrator login:\n"
            << "  username: admin\n"
            << "  password: " << b.admin_password << "\n";
  if (!result->demo_logins.empty()) {
    std::cout << "Demo staff logins (same password as admin):\n";
    for (const auto& l : result->demo_logins) {
      std::cout << "  " << l.username << "  (" << l.role_label << ")\n";
    }
    std::cout << "  technician1  (技师)\n";
  }
  return 0;
}

int RunMigrate(const Config& c) {
  auto db = OpenAndMigrate(c);
  if (!db.ok()) return Fail(db.error());
  auto v = storage::SchemaVersion(**db);
  if (!v.ok()) return Fail(v.error());
  std::cout << "schema version " << *v << "\n";
  return 0;
}

int RunAuditVerify(const Config& c) {
  auto db = OpenDatabase(c);
  if (!db.ok()) return Fail(db.error());
  auto report = access::VerifyAudit(**db);
  if (!report.ok()) return Fail(report.error());
  if (!report->ok()) {
    std::cerr << "audit log BROKEN at entry " << *report->first_broken << ": " << report->reason
              << " (" << report->checked << " entries before it are intact)\n";
    return 1;
  }
  std::cout << "audit log intact: " << report->checked << " entries verified\n";
  return 0;
}

int RunUser(const Config& c, const UserCommand& u) {
  auto db = OpenAndMigrate(c);
  if (!db.ok()) return Fail(db.error());
  access::Directory dir(**db, SystemClock::Instance());
  const access::Actor actor{std::nullopt, "cli", ""};
  auto found = dir.FindUser(u.username);
  if (!found.ok()) return Fail(found.error());
  if (u.action == "add") {
    auto org =
        (*db)->Read([](storage::Conn& conn) { return conn.Query("SELECT MIN(id) FROM orgs"); });
    if (!org.ok()) return Fail(org.error());
    if (org->IsNull(0, 0)) {
      std::cerr << "error: the data folder is not initialised; run `peony init` first\n";
      return 1;
    }
    const std::string password = u.password.empty() ? access::GeneratePassword() : u.password;
    access::NewUser nu{u.username,   u.display_name.empty() ? u.username : u.display_name,
                       password,     {u.role},
                       std::nullopt, std::nullopt};
    auto created = dir.CreateUser(org->Int(0, 0), nu, actor);
    if (!created.ok()) return Fail(created.error());
    std::cout << "created " << u.username << " (role " << u.role << ")\n";
    if (u.password.empty()) std::cout << "password: " << password << "\n";
    return 0;
  }
  if (!*found) {
    std::cerr << "error: no user named " << u.username << "\n";
    return 1;
  }
  const access::User& user = **found;
  if (u.action == "passwd") {
    const std::string password = u.password.empty() ? access::GeneratePassword() : u.password;
    if (auto s = dir.SetPassword(user.org_id, user.id, password, actor); !s.ok())
      return Fail(s.error());
    std::cout << "password of " << u.username << " set; sessions signed out\n";
    if (u.password.empty()) std::cout << "password: " << password << "\n";
    return 0;
  }
  access::UserPatch patch;
  patch.status = u.action == "lock" ? "locked" : "active";
  auto updated = dir.UpdateUser(user.org_id, user.id, patch, actor);
  if (!updated.ok()) return Fail(updated.error());
  std::cout << u.username << " is now " << updated->status << "\n";
  return 0;
}

}  // namespace peony::app
