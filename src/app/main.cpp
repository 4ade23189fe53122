// peony: the Peony server and its operator commands. `peony --help` lists them.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/automation.h"
#include "app/check_ledgers.h"
#include "app/commands.h"
#include "app/config.h"
#include "common/log.h"

int main(int argc, char** argv) {
  using peony::app::Config;
  // Commands print for people; only warnings reach the log. `serve` sets its configured level.
  peony::log::Init(peony::log::Level::kWarn);
  CLI::App app{"Peony — customer management for clinics and salons"};
  app.require_subcommand(1);
  app.set_config("--config", "", "read settings from an INI/TOML file", false)
      ->envname("PEONY_CONFIG");
  Config config;
  int exit_code = 0;

  auto* init =
      app.add_subcommand("init", "create the data folder: database, key file, administrator");
  peony::app::InitOptions init_opts;
  peony::app::AddDataOptions(*init, config);
  init->add_flag("--demo", init_opts.demo,
                 "add the demo clinic (two branches, staff per role, 18 months of records)");
  init->add_option("--template", init_opts.template_name,
                   "the solution template to apply (entities, roles, rules)")
      ->capture_default_str();
  init->add_option("--admin-password", init_opts.admin_password,
                   "password of the admin user (default: generated and printed)");
  init->add_option("--org-name", init_opts.org_name, "name of the organisation")
      ->capture_default_str();
  init->add_option("--time-zone", init_opts.time_zone, "IANA time zone")->capture_default_str();
  init->callback([&] { exit_code = peony::app::RunInit(config, init_opts); });

  auto* serve = app.add_subcommand("serve", "start the server");
  peony::app::AddServeOptions(*serve, config);
  serve->callback([&] { exit_code = peony::app::RunServe(config); });

  auto* migrate = app.add_subcommand("migrate", "apply pending database migrations and exit");
  peony::app::AddDataOptions(*migrate, config);
  migrate->callback([&] { exit_code = peony::app::RunMigrate(config); });

  auto* user = app.add_subcommand("user", "manage staff accounts from the command line");
  user->require_subcommand(1);
  peony::app::UserCommand user_cmd;
  auto add_user_cmd = [&](const char* name, const char* help) {
    auto* sub = user->add_subcommand(name, help);
    peony::app::AddDataOptions(*sub, config);
    sub->add_option("username", user_cmd.username, "the account's username")->required();
    sub->callback([&, name] {
      user_cmd.action = name;
      exit_code = peony::app::RunUser(config, user_cmd);
    });
    return sub;
  };
  auto* user_add = add_user_cmd("add", "create an account");
  user_add->add_option("--password", user_cmd.password, "password (default: generated)");
  user_add->add_option("--display-name", user_cmd.display_name, "the person's name");
  user_add->add_option("--role", user_cmd.role, "role name (admin, manager, front_desk, …)")
      ->capture_default_str();
  auto* passwd = add_user_cmd("passwd", "set a new password (also clears a lockout)");
  passwd->add_option("--password", user_cmd.password, "password (default: generated)");
  add_user_cmd("lock", "lock an account and sign it out");
  add_user_cmd("unlock", "unlock an account");

  auto* audit = app.add_subcommand("audit", "audit log tools");
  audit->require_subcommand(1);
  auto* verify =
      audit->add_subcommand("verify", "check the hash chain; exit 1 naming the first broken entry");
  peony::app::AddDataOptions(*verify, config);
  verify->callback([&] { exit_code = peony::app::RunAuditVerify(config); });

  auto* check = app.add_subcommand("check", "consistency checks");
  check->require_subcommand(1);
  auto* ledgers = check->add_subcommand(
      "ledgers", "check every card balance against its ledger; exit 1 naming any mismatch");
  peony::app::AddDataOptions(*ledgers, config);
  ledgers->callback([&] { exit_code = peony::app::RunCheckLedgers(config); });

  auto* jobs = app.add_subcommand("jobs", "background job tools");
  jobs->require_subcommand(1);
  auto* run_due = jobs->add_subcommand(
      "run-due", "run every background job due by --now (default: now) and exit");
  std::string jobs_now;
  run_due->add_option("--now", jobs_now,
                      "the time to run up to, RFC 3339 (e.g. 2027-11-22T09:00:00+08:00)");
  peony::app::AddDataOptions(*run_due, config);
  run_due->callback([&] { exit_code = peony::app::RunJobsRunDue(config, jobs_now); });

  app.add_subcommand("openapi", "print the OpenAPI document of the API and exit")->callback([&] {
    exit_code = peony::app::RunOpenApi();
  });

  app.add_subcommand("version", "print the version")->callback([&] {
    std::cout << "peony " << PEONY_VERSION << "\n";
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
