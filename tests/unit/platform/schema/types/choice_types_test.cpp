// Choice types: select, radio, multi_select, checkbox, tags, switch.
#include <gtest/gtest.h>

#include "platform/schema/types/choice.h"
#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

constexpr std::string_view kChoices = R"({"choices":[
  {"key":"douyin","label":"抖音","label_en":"Douyin","color":"#1677FF"},
  {"key":"referral","label":"老客转介绍","label_en":"Referral","color":"green"},
  {"key":"walk_in","label":"自然到店"}]})";

TEST(ChoiceTypes, SelectStoresAKeyAndShowsItsLabel) {
  for (std::string_view type : {"select", "radio"}) {
    const FieldDef f = Field(type, kChoices);
    const std::string t(type);
    ExpectCases(f, {{R"("douyin")", "text:douyin"},
                    {R"("抖音")", "!" + t + ".unknown_choice"},
                    {R"("DOUYIN")", "!" + t + ".unknown_choice"},
                    {R"("tiktok")", "!" + t + ".unknown_choice"},
                    {R"("")", "null"},
                    {R"(["douyin"])", "!" + t + ".wrong_type"}});
    EXPECT_EQ(Type(type).Format(f, storage::Value{std::string("referral")}, false), "老客转介绍");
    EXPECT_EQ(Type(type).Format(f, storage::Value{std::string("referral")}, true), "Referral");
    EXPECT_EQ(Type(type).Format(f, storage::Value{std::string("walk_in")}, true), "自然到店");
    // A key no longer among the choices stays readable.
    EXPECT_EQ(Type(type).Format(f, storage::Value{std::string("retired_key")}, false),
              "retired_key");
    ExpectRoundTrip(f, R"("walk_in")");
  }
}

TEST(ChoiceTypes, LenientSelectAcceptsLabelsAndLetterCase) {
  const FieldDef f = Field("select", kChoices);
  ExpectCases(f,
              {{R"("抖音")", "text:douyin"},
               {R"(" 老客转介绍 ")", "text:referral"},
               {R"("Referral")", "text:referral"},
               {R"("DOUYIN")", "text:douyin"},
               {R"("referral ")", "text:referral"},
               {R"("微信")", "!select.unknown_choice"}},
              true);
}

TEST(ChoiceTypes, ChoiceOptionsAreChecked) {
  EXPECT_EQ(OptionError("select", kChoices), "");
  EXPECT_EQ(OptionError("select", "{}"), "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[]})"), "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"A","label":"a"}]})"), "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"a b","label":"a"}]})"), "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"a","label":""}]})"), "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"a"}]})"), "choices");
  EXPECT_EQ(
      OptionError("select", R"({"choices":[{"key":"a","label":"x"},{"key":"a","label":"y"}]})"),
      "choices");
  EXPECT_EQ(
      OptionError("select", R"({"choices":[{"key":"a","label":"x"},{"key":"b","label":"x"}]})"),
      "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"a","label":"x","colour":"red"}]})"),
            "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"a","label":"x","color":"#12"}]})"),
            "choices");
  EXPECT_EQ(OptionError("select", R"({"choices":[{"key":"a","label":"x"}],"multiple":true})"),
            "multiple");
  std::string many = R"({"choices":[)";
  for (int i = 0; i < 501; ++i) {
    many += (i ? "," : "") + std::string(R"({"key":"k)") + std::to_string(i) + R"(","label":"L)" +
            std::to_string(i) + "\"}";
  }
  EXPECT_EQ(OptionError("select", many + "]}"), "choices");
}

TEST(ChoiceTypes, ChoiceHelpersServeTheEngine) {
  const auto options = J(kChoices).as_object();
  EXPECT_EQ(ChoiceLabel(options, "douyin", false), "抖音");
  EXPECT_EQ(ChoiceLabel(options, "douyin", true), "Douyin");
  EXPECT_EQ(FindChoice(options, "抖音", false), nullptr);
  ASSERT_NE(FindChoice(options, "抖音", true), nullptr);
}

TEST(ChoiceTypes, MultiSelectReturnsCanonicalKeysInChoiceOrder) {
  for (std::string_view type : {"multi_select", "checkbox"}) {
    const FieldDef f = Field(type, kChoices);
    const std::string t(type);
    EXPECT_EQ(Type(type).storage(), StorageKind::kNone);
    ExpectCases(f, {{R"(["walk_in","douyin"])", R"(text:["douyin","walk_in"])"},
                    {R"(["douyin"])", R"(text:["douyin"])"},
                    {R"([])", "null"},
                    {R"(["douyin","douyin"])", "!" + t + ".duplicate_choice"},
                    {R"(["抖音"])", "!" + t + ".unknown_choice"},
                    {R"(["tiktok"])", "!" + t + ".unknown_choice"},
                    {R"([1])", "!" + t + ".wrong_type"},
                    {R"("douyin")", "!" + t + ".wrong_type"},
                    {R"({"douyin":true})", "!" + t + ".wrong_type"}});
    ExpectCases(f,
                {{R"("抖音、自然到店")", R"(text:["douyin","walk_in"])"},
                 {R"("walk_in, douyin; 抖音")", R"(text:["douyin","walk_in"])"},
                 {R"(["Referral","referral"])", R"(text:["referral"])"},
                 {R"("抖音，微信")", "!" + t + ".unknown_choice"}},
                true);
    const storage::Value v = Stored(f, R"(["walk_in","douyin"])");
    EXPECT_EQ(Type(type).Format(f, v, false), "抖音、自然到店");
    EXPECT_EQ(Type(type).Format(f, v, true), "Douyin, 自然到店");
    EXPECT_EQ(boost::json::serialize(Type(type).ToJson(f, v)), R"(["douyin","walk_in"])");
    ExpectRoundTrip(f, R"(["walk_in","douyin"])");
    // What export writes reads back the same in an import.
    EXPECT_EQ(Lenient(f, "\"" + Type(type).Format(f, v, false) + "\""), Show(v));
  }
  const FieldDef two =
      Field("multi_select", R"({"choices":[{"key":"a","label":"A"},{"key":"b","label":"B"},
      {"key":"c","label":"C"}],"max_count":2})");
  EXPECT_EQ(Norm(two, R"(["a","b","c"])"), "!multi_select.too_many");
  EXPECT_EQ(OptionError("multi_select", R"({"choices":[{"key":"a","label":"A"}],"max_count":0})"),
            "max_count");
}

TEST(ChoiceTypes, TagsAreShortDistinctFreeText) {
  const FieldDef f = Field("tags");
  ExpectCases(f, {{R"(["VIP","敏感肌"," vip ","新客"])", R"(text:["VIP","敏感肌","新客"])"},
                  {R"([])", "null"},
                  {R"(["", " "])", "null"},
                  {R"(["这是一个超过二十个字的非常非常非常长的标签"])", "!tags.too_long"},
                  {R"(["a,b"])", "!tags.invalid_character"},
                  {R"(["a、b"])", "!tags.invalid_character"},
                  {R"(["a\nb"])", "!tags.control_character"},
                  {R"([1])", "!tags.wrong_type"},
                  {R"("VIP")", "!tags.wrong_type"}});
  ExpectCases(
      f,
      {{R"("VIP、敏感肌;新客")", R"(text:["VIP","敏感肌","新客"])"}, {R"([1])", R"(text:["1"])"}},
      true);
  boost::json::array many;
  for (int i = 0; i < 51; ++i) many.emplace_back("t" + std::to_string(i));
  EXPECT_EQ(NormValue(f, many), "!tags.too_many");
  const storage::Value v = Stored(f, R"(["VIP","新客"])");
  EXPECT_EQ(Type("tags").Format(f, v, false), "VIP、新客");
  ExpectRoundTrip(f, R"(["VIP","新客"])");
  EXPECT_EQ(OptionError("tags", R"({"max_count":51})"), "max_count");
}

TEST(ChoiceTypes, SwitchesAreZeroOrOne) {
  const FieldDef f = Field("switch");
  ExpectCases(f, {{"true", "int:1"},
                  {"false", "int:0"},
                  {"1", "int:1"},
                  {"0", "int:0"},
                  {"2", "!switch.wrong_type"},
                  {R"("是")", "!switch.wrong_type"},
                  {"[]", "!switch.wrong_type"}});
  ExpectCases(f,
              {{R"("是")", "int:1"},
               {R"("否")", "int:0"},
               {R"("TRUE")", "int:1"},
               {R"("false")", "int:0"},
               {R"("Y")", "int:1"},
               {R"("n")", "int:0"},
               {R"("1")", "int:1"},
               {R"("0")", "int:0"},
               {R"("√")", "int:1"},
               {R"("也许")", "!switch.invalid"},
               {R"("")", "null"}},
              true);
  EXPECT_EQ(Type("switch").Format(f, storage::Value{int64_t{1}}, false), "是");
  EXPECT_EQ(Type("switch").Format(f, storage::Value{int64_t{0}}, false), "否");
  EXPECT_EQ(Type("switch").Format(f, storage::Value{int64_t{1}}, true), "Yes");
  EXPECT_EQ(Type("switch").Format(f, storage::Value{int64_t{0}}, true), "No");
  EXPECT_EQ(boost::json::serialize(Type("switch").ToJson(f, storage::Value{int64_t{1}})), "true");
  ExpectRoundTrip(f, "false");
}

}  // namespace
}  // namespace peony::schema::testing
