// Error codes of saved list views (view.*). Codes are stable.
//
//   view.invalid         422  a name, column, sort key or filter is wrong (details.fields:
//                             field → reason), or the caller has 50 views of the entity already
//   view.not_found       404  no such view (also another user's private view)
//   view.duplicate_name  409  a view of that name exists for the entity (shared, or the caller's)
//   view.forbidden       403  shared views are written only with schema.manage or views.manage
#pragma once

#include <boost/json/object.hpp>

#include "common/result.h"

namespace peony::views::errors {

inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "view.invalid", "列表视图设置有误",
                   "The list view is invalid")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "view.not_found", "列表视图不存在", "No such list view");
}
inline Error DuplicateName(std::string_view name) {
  return MakeError(ErrorKind::kConflict, "view.duplicate_name", "已有同名的列表视图",
                   "A list view of that name exists")
      .WithDetails(boost::json::object{{"name", name}})
      .WithStatus(409);
}
inline Error Forbidden() {
  return MakeError(ErrorKind::kPermissionDenied, "view.forbidden", "没有管理共享视图的权限",
                   "You may not change shared list views")
      .WithStatus(403);
}

}  // namespace peony::views::errors
