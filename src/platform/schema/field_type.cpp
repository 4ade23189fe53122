#include "platform/schema/field_type.h"

#include <array>
#include <cstdio>
#include <variant>

#include "common/strings.h"

namespace peony::schema {
namespace {

constexpr std::array<std::string_view, 9> kCommonOptions = {
    "default", "help",    "placeholder", "visible_if", "editable_if",
    "width",   "indexed", "searchable",  "access"};

// An option name from a request, cut to a readable length for messages and details.
std::string OptionName(std::string_view option) {
  if (!IsValidUtf8(option)) return "?";
  if (option.size() <= 64) return std::string(option);
  size_t cut = 64;
  while (cut > 0 && (static_cast<unsigned char>(option[cut]) & 0xC0) == 0x80) --cut;
  return std::string(option.substr(0, cut)) + "…";
}

}  // namespace

Status CheckCommonOptions(const boost::json::object& options) {
  for (std::string_view key : {"help", "placeholder"}) {
    const auto* v = options.if_contains(key);
    if (v &&
        (!v->is_string() || !IsValidUtf8(v->get_string()) || Utf8Length(v->get_string()) > 500)) {
      return InvalidOption(key, "应为不超过 500 个字的文本",
                           "Expected text of at most 500 characters");
    }
  }
  for (std::string_view key : {"indexed", "searchable"}) {
    const auto* v = options.if_contains(key);
    if (v && !v->is_bool())
      return InvalidOption(key, "应为 true 或 false", "Expected true or false");
  }
  if (const auto* v = options.if_contains("width")) {
    const bool ok = v->is_string() && (v->get_string() == "full" || v->get_string() == "half" ||
                                       v->get_string() == "third");
    if (!ok)
      return InvalidOption("width", "应为 full、half 或 third", "Expected full, half or third");
  }
  return Ok();
}

bool IsSearchable(const FieldDef& f) {
  const FieldType* t = FindFieldType(f);
  if (!t || f.sensitive || !t->searchable()) return false;
  const auto it = f.options.find("searchable");
  return it == f.options.end() || !it->value().is_bool() || it->value().get_bool();
}

bool IsCommonOption(std::string_view key) {
  for (std::string_view k : kCommonOptions) {
    if (k == key) return true;
  }
  return false;
}

Status FieldType::CheckOptions(const boost::json::object& options) const {
  for (const auto& kv : options) {
    if (IsCommonOption(kv.key())) continue;
    return InvalidOption(kv.key(), "此字段类型不支持该选项", "This field type has no such option");
  }
  return Ok();
}

std::string FieldType::Format(const FieldDef& f, const storage::Value& v, bool english) const {
  (void)f;
  (void)english;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", *d);
    return buf;
  }
  return "";
}

// Keeps the first and the last character and hides the rest behind at most four stars, so the
// length of a long value is not revealed: "王丽华" → "王*华", "王丽" → "王*".
std::string FieldType::Mask(std::string_view text) const {
  if (text.empty()) return "";
  if (!IsValidUtf8(text)) return "****";
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    while (i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) {
      ++len;
    }
    chars.push_back(text.substr(i, len));
    i += len;
  }
  if (chars.size() == 1) return "*";
  std::string out(chars.front());
  if (chars.size() == 2) return out + "*";
  out.append(std::min<size_t>(chars.size() - 2, 4), '*');
  out.append(chars.back());
  return out;
}

Error InvalidValue(const FieldDef& f, std::string_view reason, std::string zh, std::string en) {
  return MakeError(ErrorKind::kInvalidArgument, "record.invalid_value", std::move(zh),
                   std::move(en))
      .WithDetails(boost::json::object{
          {"field", f.name}, {"reason", reason}, {"fields", boost::json::object{{f.name, reason}}}})
      .WithStatus(422);
}

Error InvalidOption(std::string_view option, std::string zh, std::string en) {
  const std::string name = OptionName(option);
  return MakeError(ErrorKind::kInvalidArgument, "schema.invalid_options",
                   "选项「" + name + "」无效：" + zh, "Invalid option \"" + name + "\": " + en)
      .WithDetails(boost::json::object{{"option", name}})
      .WithStatus(422);
}

}  // namespace peony::schema
