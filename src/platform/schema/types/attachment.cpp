// image, file and signature: references to uploaded blobs, kept as canonical JSON text
// [{"id", "name", "size", "type"}]. The blob store checks content and ownership; here only the
// shape: id [A-Za-z0-9_-]{8,64}, name 1-255 characters, size a byte count, type a MIME type
// ("image/*" for images and signatures). Other properties of a reference (a URL the web app
// added) are dropped. Image and file take options.max_count; a signature is exactly one image.
#include <set>

#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr int64_t kMaxCount = 50;
constexpr int64_t kMaxSize = 4LL * 1024 * 1024 * 1024;  // 4 GiB: far beyond any upload limit

struct AttachmentSettings {
  std::string_view name, zh, en;
  int64_t default_count;  // 1 and no max_count option for a signature
  bool images_only;
};

bool IsBlobId(std::string_view s) {
  if (s.size() < 8 || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// "image/png", "application/vnd.ms-excel": lower-case token "/" token.
bool IsMimeType(std::string_view s) {
  const size_t slash = s.find('/');
  if (s.size() > 100 || slash == 0 || slash == std::string_view::npos || slash + 1 == s.size()) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' ||
                    c == '-' || (c == '/' && i == slash);
    if (!ok) return false;
  }
  return true;
}

class AttachmentType final : public FieldType {
 public:
  explicit constexpr AttachmentType(AttachmentSettings s) : s_(s) {}

  std::string_view name() const override { return s_.name; }
  std::string_view label(bool english) const override { return english ? s_.en : s_.zh; }
  std::string_view category() const override { return "media"; }
  StorageKind storage() const override { return StorageKind::kText; }

  Status CheckOptions(const boost::json::object& o) const override {
    if (s_.default_count == 1) return FieldType::CheckOptions(o);
    PEONY_CHECK(OnlyOptions(o, {"max_count"}));
    PEONY_TRY(auto max, IntOption(o, "max_count", 1, kMaxCount));
    (void)max;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    const int64_t max = s_.default_count == 1 ? 1 : IntOr(f.options, "max_count", s_.default_count);
    boost::json::array single;
    const boost::json::array* refs = nullptr;
    if (in.is_array()) {
      refs = &in.get_array();
    } else if (in.is_object() && (s_.default_count == 1 || ctx.lenient)) {
      single.push_back(in);
      refs = &single;
    } else {
      return WrongType(f, s_.name, "附件数组", "an array of attachments");
    }
    if (refs->empty()) return storage::Value{};
    if (static_cast<int64_t>(refs->size()) > max) {
      return Invalid(f, s_.name, "too_many", "最多 " + std::to_string(max) + " 个附件",
                     "At most " + std::to_string(max) + " attachments");
    }
    boost::json::array canonical;
    std::set<std::string> ids;
    for (const auto& ref : *refs) {
      PEONY_TRY(auto clean, Reference(f, ref));
      if (!ids.insert(std::string(clean.at("id").get_string())).second) {
        return Invalid(f, s_.name, "duplicate", "同一附件不能重复添加",
                       "The same attachment is listed twice");
      }
      canonical.emplace_back(std::move(clean));
    }
    return storage::Value{WriteJson(canonical)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    if (!text) return nullptr;
    auto parsed = ParseJson(*text);
    return parsed && parsed->is_array() ? std::move(*parsed) : boost::json::value(nullptr);
  }

  // The file names, joined by ", ".
  std::string Format(const FieldDef&, const storage::Value& v, bool) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_array()) return "";
    std::string out;
    for (const auto& ref : parsed->get_array()) {
      const auto* file_name = ref.is_object() ? ref.get_object().if_contains("name") : nullptr;
      if (!file_name || !file_name->is_string()) continue;
      if (!out.empty()) out += ", ";
      out += file_name->get_string();
    }
    return out;
  }

  std::vector<std::string_view> Operators() const override { return PresenceOperators(); }

 private:
  Result<boost::json::object> Reference(const FieldDef& f, const boost::json::value& ref) const {
    auto bad = [&] {
      return Invalid(f, s_.name, "invalid_reference", "附件信息不完整，请重新上传",
                     "The attachment reference is incomplete; upload the file again");
    };
    if (!ref.is_object()) return bad();
    const auto& o = ref.get_object();
    const auto* id = o.if_contains("id");
    const auto* type = o.if_contains("type");
    const auto* size = o.if_contains("size");
    if (!id || !id->is_string() || !IsBlobId(id->get_string()) || !type || !type->is_string() ||
        !IsMimeType(type->get_string()) || !size) {
      return bad();
    }
    const auto bytes = JsonInteger(*size);
    if (!bytes || *bytes < 0 || *bytes > kMaxSize) return bad();
    if (s_.images_only && !type->get_string().starts_with("image/")) {
      return Invalid(f, s_.name, "not_an_image", "只能上传图片", "Only images can be added here");
    }
    const auto* file_name = o.if_contains("name");
    if (!file_name) return bad();
    PEONY_TRY(auto clean_name, ReadText(f, s_.name, *file_name, NormalizeContext{}, {255, false}));
    if (!clean_name) return bad();
    return boost::json::object{{"id", id->get_string()},
                               {"name", *clean_name},
                               {"size", *bytes},
                               {"type", type->get_string()}};
  }

  AttachmentSettings s_;
};

}  // namespace

const FieldType& ImageFieldType() {
  static const AttachmentType t({"image", "图片", "Images", 9, true});
  return t;
}

const FieldType& FileFieldType() {
  static const AttachmentType t({"file", "附件", "Files", 10, false});
  return t;
}

const FieldType& SignatureFieldType() {
  static const AttachmentType t({"signature", "手写签名", "Signature", 1, true});
  return t;
}

}  // namespace peony::schema::types
