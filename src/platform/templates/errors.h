// Error codes of solution templates (template.*). Codes are stable.
//
//   template.not_found   404  no shipped template has that name (details.template)
//   template.invalid     500  a shipped template file is malformed — a build defect, caught by the
//                             tests (details.file, details.reason)
//   template.conflict    409  the organisation has a retired entity with a template entity's name;
//                             the template cannot bring it back (details.entity)
#pragma once

#include <string_view>

#include "common/result.h"

namespace peony::templates::errors {

inline Error NotFound(std::string_view name) {
  return MakeError(ErrorKind::kNotFound, "template.not_found", "没有这个解决方案模板",
                   "No such solution template")
      .WithDetails(boost::json::object{{"template", name}});
}
inline Error Invalid(std::string_view file, std::string_view reason) {
  return MakeError(ErrorKind::kInternal, "template.invalid", "解决方案模板的文件有误",
                   "A file of the solution template is malformed")
      .WithDetails(boost::json::object{{"file", file}, {"reason", reason}});
}
inline Error Conflict(std::string_view entity) {
  return MakeError(ErrorKind::kConflict, "template.conflict",
                   "已停用的表单与模板中的表单同名，模板无法应用",
                   "A retired form has the name of one of the template's forms")
      .WithDetails(boost::json::object{{"entity", entity}});
}

}  // namespace peony::templates::errors
