#include "platform/access/principal.h"

namespace peony::access {

bool Principal::Has(const std::string& permission) const {
  if (permissions.count("*") || permissions.count(permission)) return true;
  // "user.*" grants every "user.x".
  const auto dot = permission.find('.');
  if (dot == std::string::npos) return false;
  return permissions.count(permission.substr(0, dot) + ".*") > 0;
}

}  // namespace peony::access
