// rating: 1 to options.max stars (default 5, at most 10). Lenient: "4", "4/5", "★★★★☆".
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "rating";
constexpr std::string_view kStar = "\xE2\x98\x85";       // ★
constexpr std::string_view kEmptyStar = "\xE2\x98\x86";  // ☆

class RatingType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Rating" : "评分"; }
  std::string_view category() const override { return "number"; }
  StorageKind storage() const override { return StorageKind::kInteger; }

  Status CheckOptions(const boost::json::object& o) const override {
    PEONY_CHECK(OnlyOptions(o, {"max"}));
    PEONY_TRY(auto max, IntOption(o, "max", 1, 10));
    (void)max;
    return Ok();
  }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    const int64_t max = IntOr(f.options, "max", 5);
    boost::json::value rewritten;
    const boost::json::value* input = &in;
    if (ctx.lenient && in.is_string()) {
      std::string_view s = Trim(in.get_string());
      if (const size_t slash = s.find('/'); slash != std::string_view::npos) s = s.substr(0, slash);
      int64_t stars = 0;
      std::string_view rest = s;
      while (rest.substr(0, kStar.size()) == kStar) {
        rest.remove_prefix(kStar.size());
        ++stars;
      }
      while (rest.substr(0, kEmptyStar.size()) == kEmptyStar) rest.remove_prefix(kEmptyStar.size());
      rewritten = stars > 0 && rest.empty() ? boost::json::value(stars) : boost::json::value(s);
      input = &rewritten;
    }
    PEONY_TRY(auto n, ReadInteger(f, kType, *input, ctx));
    if (!n) return storage::Value{};
    if (*n < 1 || *n > max) return OutOfRange(f, kType, "1", std::to_string(max));
    return storage::Value{*n};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    const auto n = ValueInt(v);
    return n ? boost::json::value(*n) : boost::json::value(nullptr);
  }

  // "4/5".
  std::string Format(const FieldDef& f, const storage::Value& v, bool) const override {
    const auto n = ValueInt(v);
    if (!n) return "";
    return std::to_string(*n) + "/" + std::to_string(IntOr(f.options, "max", 5));
  }

  std::vector<std::string_view> Operators() const override { return OrderedOperators(); }
};

}  // namespace

const FieldType& RatingFieldType() {
  static const RatingType t;
  return t;
}

}  // namespace peony::schema::types
