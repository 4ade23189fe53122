// Error codes of the catalog (schema.*). Codes are stable.
//
//   schema.entity_not_found     404  no active entity with that name
//   schema.field_not_found      404  no field with that name on the entity
//   schema.name_taken           409  an entity or field with that name exists (also a retired one)
//   schema.invalid_name         422  names are [a-z][a-z0-9_]{1,39} and not reserved
//   schema.unknown_type         422  no field type with that name
//   schema.invalid_options      422  a type's options are wrong (details.option)
//   schema.locked               409  a template's core field or entity cannot be changed that way
//   schema.type_change          422  a field's type cannot be changed once it has data
//   schema.version_conflict     409  the entity changed since it was read
//   schema.not_retired          409  purge needs the field retired first
//   schema.invalid_formula      422  a formula field's expression does not parse or type-check
//                                    (details.field, position: 1-based character, reason: the
//                                    formula.* code)
//   schema.formula_cycle        422  formula fields read each other in a circle (details.fields:
//                                    the path, first field repeated at the end)
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace peony::schema::errors {

inline Error EntityNotFound(const std::string& name) {
  return MakeError(ErrorKind::kNotFound, "schema.entity_not_found", "表单不存在：" + name,
                   "No such entity: " + name)
      .WithDetails(boost::json::object{{"entity", name}});
}
inline Error FieldNotFound(const std::string& name) {
  return MakeError(ErrorKind::kNotFound, "schema.field_not_found", "字段不存在：" + name,
                   "No such field: " + name)
      .WithDetails(boost::json::object{{"field", name}});
}
inline Error NameTaken(const std::string& name) {
  return MakeError(ErrorKind::kConflict, "schema.name_taken", "名称已被使用：" + name,
                   "This name is already used: " + name)
      .WithDetails(boost::json::object{{"name", name}});
}
inline Error InvalidName(const std::string& what, const std::string& name) {
  return MakeError(ErrorKind::kInvalidArgument, "schema.invalid_name",
                   "名称只能使用小写字母、数字和下划线，以字母开头，2-40 个字符，且不能是保留字",
                   "Names are 2-40 lower-case letters, digits or _, start with a letter and are "
                   "not reserved words")
      .WithDetails(boost::json::object{{"fields", boost::json::object{{what, name}}}})
      .WithStatus(422);
}
inline Error UnknownType(const std::string& type) {
  return MakeError(ErrorKind::kInvalidArgument, "schema.unknown_type", "未知的字段类型：" + type,
                   "Unknown field type: " + type)
      .WithDetails(boost::json::object{{"type", type}})
      .WithStatus(422);
}
inline Error Locked(const std::string& what) {
  return MakeError(ErrorKind::kFailedPrecondition, "schema.locked",
                   "模板的核心字段不能修改：" + what,
                   "A template's core field cannot be changed: " + what);
}
inline Error TypeChange(const std::string& field) {
  return MakeError(ErrorKind::kInvalidArgument, "schema.type_change",
                   "字段类型不能修改；请新建字段并停用旧字段",
                   "A field's type cannot be changed; add a new field and retire the old one")
      .WithDetails(boost::json::object{{"field", field}})
      .WithStatus(422);
}
inline Error VersionConflict() {
  return MakeError(ErrorKind::kConflict, "schema.version_conflict",
                   "表单已被他人修改，请刷新后重试",
                   "The entity changed since you read it; reload and try again");
}
inline Error NotRetired(const std::string& field) {
  return MakeError(ErrorKind::kFailedPrecondition, "schema.not_retired", "只能彻底删除已停用的字段",
                   "Only a retired field can be purged")
      .WithDetails(boost::json::object{{"field", field}});
}
inline Error InvalidFormula(const std::string& field, int64_t position, const std::string& reason,
                            const std::string& zh, const std::string& en) {
  return MakeError(ErrorKind::kInvalidArgument, "schema.invalid_formula",
                   "字段「" + field + "」的公式有误：" + zh,
                   "The formula of field \"" + field + "\" is invalid: " + en)
      .WithDetails(
          boost::json::object{{"field", field}, {"position", position}, {"reason", reason}})
      .WithStatus(422);
}
inline Error FormulaCycle(boost::json::array fields) {
  std::string path;
  for (const auto& f : fields) {
    if (!path.empty()) path += " → ";
    path += f.is_string() ? std::string(f.as_string()) : "?";
  }
  return MakeError(ErrorKind::kInvalidArgument, "schema.formula_cycle",
                   "公式字段相互引用，形成循环：" + path,
                   "Formula fields refer to each other in a circle: " + path)
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(const std::string& field, const std::string& zh, const std::string& en) {
  return MakeError(ErrorKind::kInvalidArgument, "request.validation", zh, en)
      .WithDetails(boost::json::object{{"fields", boost::json::object{{field, en}}}})
      .WithStatus(422);
}

}  // namespace peony::schema::errors
