// The peony commands. Each returns the process exit code and prints what an operator needs.
#pragma once

#include <string>

#include "app/config.h"

namespace peony::app {

struct InitOptions {
  bool demo = false;
  std::string admin_password;  // empty: generated and printed
  std::string org_name = "Peony 演示诊所";
  std::string time_zone = "Asia/Shanghai";
  std::string template_name = "medical-aesthetics";  // a shipped template (platform/templates)
};

// Creates the data folder, the organisation and its administrator, applies the template and with
// `demo` fills the demo clinic. Exit 0; 2 for an unknown template (nothing is written); 1
// otherwise.
int RunInit(const Config& c, const InitOptions& o);
int RunServe(Config c);
int RunMigrate(const Config& c);
int RunAuditVerify(const Config& c);
// Prints the OpenAPI document of every route (no database needed).
int RunOpenApi();

struct UserCommand {
  std::string action;  // add | passwd | lock | unlock
  std::string username;
  std::string password;  // empty: generated and printed
  std::string display_name;
  std::string role = "admin";
};
int RunUser(const Config& c, const UserCommand& u);

}  // namespace peony::app
