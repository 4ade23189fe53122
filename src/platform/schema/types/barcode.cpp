// barcode: printable ASCII up to 64 characters (EAN-13, Code 128 and QR payloads of product and
// card numbers). Lenient: a number from a spreadsheet cell as its digits.
#include "platform/schema/types/builtin.h"
#include "platform/schema/types/support.h"

namespace peony::schema::types {
namespace {

constexpr std::string_view kType = "barcode";

class BarcodeType final : public FieldType {
 public:
  std::string_view name() const override { return kType; }
  std::string_view label(bool english) const override { return english ? "Barcode" : "条码"; }
  std::string_view category() const override { return "basic"; }
  StorageKind storage() const override { return StorageKind::kText; }
  bool searchable() const override { return true; }

  Result<storage::Value> Normalize(const FieldDef& f, const boost::json::value& in,
                                   const NormalizeContext& ctx) const override {
    PEONY_TRY(auto text, ReadText(f, kType, in, ctx, {64, false}));
    if (!text) return storage::Value{};
    for (char c : *text) {
      if (c < 0x20 || c > 0x7E) {
        return Invalid(f, kType, "invalid", "条码只能包含英文字母、数字和符号",
                       "A barcode holds only printable ASCII characters");
      }
    }
    return storage::Value{std::move(*text)};
  }

  boost::json::value ToJson(const FieldDef&, const storage::Value& v) const override {
    return ValueToJson(v);
  }

  std::vector<std::string_view> Operators() const override { return TextOperators(); }
};

}  // namespace

const FieldType& BarcodeFieldType() {
  static const BarcodeType t;
  return t;
}

}  // namespace peony::schema::types
