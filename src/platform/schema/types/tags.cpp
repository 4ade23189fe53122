// tags: free-text labels, 1-20 characters each, at most 50 (or options.max_count), duplicates
// dropped (letter case ignored), in the order first given. Like multi_select, no column:
// Normalize returns the canonical JSON array text for the engine's child table. A tag cannot hold
// a list separator (, ， 、 ; ； |) so that exported cells read back as the same tags.
#include <set>

#include "common/strings.h"
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "tags";
constexpr int64_t kMaxTags = 50;
constexpr size_t kMaxTagChars = 20;

class TagsType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Tags" : "标签"; }
  std::string_view category() const override { return "choice"; }
  StorageKind storage() const override { return StorageKind::kNone; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"max_count"}));
    PEONY_TRY(auto max, IntOption(o, "max_count", 1, kMaxTags));
    (void)max;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    const int64_t max = IntOr(f.options, "max_count", kMaxTags);
    auto too_many = [&] {
      return Invalid(f, kType, "too_many", "最多 " + std::to_string(max) + " 个标签",
                     "At most " + std::to_string(max) + " tags");
    };
    std::vector<boost::json::value> raw;
    if (in.is_array()) {
      if (in.get_array().size() > 4 * kMaxTags) return too_many();
      raw.assign(in.get_array().begin(), in.get_array().end());
    } else if (ctx.lenient && in.is_string()) {
      if (in.get_string().size() > 4 * kMaxTags * (kMaxTagChars * 4 + 8)) return too_many();
      for (auto& item : SplitList(in.get_string())) raw.emplace_back(item);
    } else {
      return WrongType(f, kType, "文本数组", "an array of text");
    }
    boost::json::array tags;
    std::set<std::string> seen;
    for (const auto& item : raw) {
      PEONY_TRY(auto text, ReadText(f, kType, item, ctx, {kMaxTagChars, false}));
      if (!text) continue;
      if (SplitList(*text).size() != 1 || text->find_first_of(",;|") != std::string::npos) {
        return Invalid(f, kType, "invalid_character", "标签不能含有逗号、顿号、分号或竖线",
                       "A tag cannot contain commas, semicolons or bars");
      }
      if (!seen.insert(FoldCase(*text)).second) continue;
      tags.emplace_back(*text);
    }
    if (tags.empty()) return storage::Value{};
    if (static_cast<int64_t>(tags.size()) > max) return too_many();
    return storage::Value{WriteJson(tags)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const std::string* text = ValueText(v);
    if (!text) return nullptr;
    auto parsed = ParseJson(*text);
    return parsed && parsed->is_array() ? std::move(*parsed) : boost::json::value(nullptr);
  }

  std::string Format(const FieldDef&, const storage::Value& v, bool english) const override {
    const std::string* text = ValueText(v);
    const auto parsed = text ? ParseJson(*text) : std::nullopt;
    if (!parsed || !parsed->is_array()) return "";
    std::string out;
    for (const auto& tag : parsed->get_array()) {
      if (!tag.is_string()) continue;
      if (!out.empty()) out += english ? ", " : "、";
      out += tag.get_string();
    }
    return out;
  }

  std::vector<std::string_view> Operators() const override { return MultiOperators(); }
};

}  // namespace

const FieldType& TagsFieldType() {
  static const TagsType t;
  return t;
}

}  // namespace peony::schema::types
