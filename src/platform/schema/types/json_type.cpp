// json: a JSON object or array kept as its text (at most 64 KiB, 32 levels deep), for data a
// form does not model field by field (device readings, integration payloads).
#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "json";
constexpr size_t kMaxBytes = 64 * 1024;
constexpr int kMaxDepth = 32;

class JsonType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "JSON" : "JSON 数据"; }
  std::string_view category() const override { return "basic"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    auto too_large = [&] {
      return Invalid(f, kType, "too_large", "JSON 数据不能超过 64 KB",
                     "JSON data must not exceed 64 KB");
    };
    std::optional<boost::json::value> parsed;
    const boost::json::value* v = &in;
    if (in.is_string() && ctx.lenient) {
      const std::string_view text = Trim(in.get_string());
      if (text.empty()) return storage::Value{};
      if (text.size() > kMaxBytes) return too_large();
      parsed = ParseJson(text);
      if (!parsed) {
        return Invalid(f, kType, "invalid", "不是有效的 JSON", "This is not valid JSON");
      }
      v = &*parsed;
    }
    if (!v->is_object() && !v->is_array()) {
      return WrongType(f, kType, "JSON 对象或数组", "a JSON object or array");
    }
    if (!DepthAtMost(*v, kMaxDepth)) {
      return Invalid(f, kType, "too_deep", "JSON 嵌套层数过多（最多 32 层）",
                     "JSON nests too deeply (at most 32 levels)");
    }
    std::string text = WriteJson(*v);
    if (text.size() > kMaxBytes) return too_large();
    if (!IsValidUtf8(text)) {
      return Invalid(f, kType, "invalid_utf8", "文本含有无效字符", "The text is not valid UTF-8");
    }
    return storage::Value{std::move(text)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    if (!text) return nullptr;
    auto parsed = ParseJson(*text);
    return parsed ? std::move(*parsed) : boost::json::value(*text);
  }

  std::vector<std::string_view> Operators() const override { return MultiOperators(); }
};

}  // namespace

const FieldType& JsonFieldType() {
  static const JsonType t;
  return t;
}

}  // namespace peony::schema::types
