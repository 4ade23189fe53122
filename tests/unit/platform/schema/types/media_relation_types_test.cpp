// Media (image, file, signature), relation, sub_form, lookup, rollup, and the org and system
// reference types.
#include <gtest/gtest.h>

#include "platform/schema/types/sub_form.h"
#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

constexpr std::string_view kPhoto =
    R"({"id":"blob_0123456789","name":"正面.jpg","size":204800,"type":"image/jpeg"})";

TEST(MediaTypes, AttachmentReferencesHaveTheirShape) {
  const FieldDef f = Field("file", R"({"max_count":2})");
  const std::string pdf =
      R"({"id":"AbC-123_xyz","name":"知情同意书.pdf","size":1024,"type":"application/pdf","url":"/x"})";
  EXPECT_EQ(
      Norm(f, "[" + pdf + "]"),
      R"(text:[{"id":"AbC-123_xyz","name":"知情同意书.pdf","size":1024,"type":"application/pdf"}])");
  ExpectCases(
      f,
      {{"[]", "null"},
       {R"([{"id":"short","name":"a","size":1,"type":"text/plain"}])", "!file.invalid_reference"},
       {R"([{"id":"../../etc/passwd","name":"a","size":1,"type":"text/plain"}])",
        "!file.invalid_reference"},
       {R"([{"id":"abcdefgh","name":"a","size":-1,"type":"text/plain"}])",
        "!file.invalid_reference"},
       {R"([{"id":"abcdefgh","name":"a","size":1,"type":"text"}])", "!file.invalid_reference"},
       {R"([{"id":"abcdefgh","size":1,"type":"text/plain"}])", "!file.invalid_reference"},
       {R"([{"id":"abcdefgh","name":"a\nb","size":1,"type":"text/plain"}])",
        "!file.control_character"},
       {R"(["abcdefgh"])", "!file.invalid_reference"},
       {R"("abcdefgh")", "!file.wrong_type"}});
  EXPECT_EQ(Norm(f, "[" + pdf + "," + pdf + "]"), "!file.duplicate");
  EXPECT_EQ(Norm(f, "[" + std::string(kPhoto) + "," + pdf +
                        R"(,{"id":"zzzzzzzz","name":"c","size":1,"type":"text/plain"}])"),
            "!file.too_many");
  EXPECT_EQ(Type("file").Format(f, Stored(f, "[" + std::string(kPhoto) + "," + pdf + "]"), false),
            "正面.jpg, 知情同意书.pdf");
  ExpectRoundTrip(f, "[" + pdf + "]");
  EXPECT_EQ(OptionError("file", R"({"max_count":51})"), "max_count");
}

TEST(MediaTypes, ImagesAndSignaturesAreImages) {
  const FieldDef image = Field("image");
  EXPECT_EQ(Norm(image, "[" + std::string(kPhoto) + "]").substr(0, 6), "text:[");
  EXPECT_EQ(Norm(image, R"([{"id":"abcdefgh","name":"a.pdf","size":1,"type":"application/pdf"}])"),
            "!image.not_an_image");
  const FieldDef sig = Field("signature");
  EXPECT_EQ(Norm(sig, std::string(kPhoto)).substr(0, 6), "text:[");  // one object is enough
  EXPECT_EQ(Norm(sig, "[" + std::string(kPhoto) + "," +
                          R"({"id":"abcdefgh","name":"b.png","size":1,"type":"image/png"}])"),
            "!signature.too_many");
  EXPECT_EQ(OptionError("signature", R"({"max_count":2})"), "max_count");
  EXPECT_EQ(Type("image").category(), "media");
}

TEST(RelationTypes, RelationsHoldARecordIdOfTheirTarget) {
  const FieldDef f = Field("relation", R"({"target":"customer","display_field":"name"})");
  EXPECT_EQ(Type("relation").reference(), Reference::kRecord);
  ExpectCases(f, {{"42", "int:42"},
                  {R"({"id":42,"display":"王丽华"})", "int:42"},
                  {"0", "!relation.invalid_id"},
                  {"-1", "!relation.invalid_id"},
                  {"1.5", "!relation.invalid_id"},
                  {"9007199254740992", "!relation.invalid_id"},
                  {R"("42")", "!relation.wrong_type"},
                  {R"({"name":"x"})", "!relation.invalid_id"}});
  EXPECT_EQ(Lenient(f, R"("42")"), "int:42");
  EXPECT_EQ(Lenient(f, R"("4x")"), "!relation.invalid_id");
  ExpectRoundTrip(f, "42");
  EXPECT_EQ(OptionError("relation", "{}"), "target");
  EXPECT_EQ(OptionError("relation", R"({"target":"Customer; DROP"})"), "target");
  EXPECT_EQ(OptionError("relation", R"({"target":"customer","display_field":"a b"})"),
            "display_field");
  EXPECT_EQ(OptionError("relation", R"({"target":"customer","reverse_label":"回访记录"})"), "");
}

TEST(RelationTypes, PeopleAndOrgPickersHoldIds) {
  EXPECT_EQ(Type("user").reference(), Reference::kUser);
  EXPECT_EQ(Type("department").reference(), Reference::kDepartment);
  EXPECT_EQ(Type("branch").reference(), Reference::kBranch);
  EXPECT_EQ(Type("owner").reference(), Reference::kUser);
  EXPECT_FALSE(Type("owner").computed());  // owners are reassigned by people
  EXPECT_TRUE(Type("created_by").computed());
  EXPECT_TRUE(Type("updated_at").computed());
  for (std::string_view type :
       {"user", "department", "branch", "created_by", "updated_by", "owner"}) {
    const FieldDef f = Field(type);
    EXPECT_EQ(Norm(f, "7"), "int:7") << type;
    EXPECT_EQ(Norm(f, R"("7")"), "!" + std::string(type) + ".wrong_type") << type;
    EXPECT_EQ(OptionError(type, R"({"multiple":true})"), "multiple") << type;
  }
  const FieldDef stamp = Field("created_at");
  const storage::Value v = Stored(stamp, R"("2026-01-02T10:30:00+08:00")");
  EXPECT_EQ(boost::json::serialize(Type("created_at").ToJson(stamp, v)),
            R"("2026-01-02T02:30:00.000Z")");
  EXPECT_EQ(Type("updated_at").Format(stamp, v, false), "2026-01-02 02:30");
}

constexpr std::string_view kItems = R"({"fields":[
  {"name":"item","label":"项目","type":"text","required":true},
  {"name":"price","label":"单价","type":"money"},
  {"name":"phone","label":"电话","type":"phone"},
  {"name":"day","label":"日期","type":"date"},
  {"name":"done","label":"完成","type":"switch"}],"max_rows":3})";

TEST(RelationTypes, SubFormRowsAreNormalisedFieldByField) {
  const FieldDef f = Field("sub_form", kItems);
  EXPECT_EQ(OptionError("sub_form", kItems), "");
  EXPECT_EQ(
      Norm(
          f,
          R"([{"item":" 水光针 ","price":128000,"done":true},{"id":9,"day":"2026-01-02","item":"复查"},{}])"),
      R"(text:[{"item":"水光针","price":128000,"phone":null,"day":null,"done":1},)"
      R"({"item":"复查","price":null,"phone":null,"day":"2026-01-02","done":null}])");
  EXPECT_EQ(Norm(f, "[]"), "null");
  EXPECT_EQ(Norm(f, R"([{},{}])"), "null");
  EXPECT_EQ(Norm(f, R"({"item":"x"})"), "!sub_form.wrong_type");
  EXPECT_EQ(Norm(f, R"([{"item":"a"},{"item":"b"},{"item":"c"},{"item":"d"}])"),
            "!sub_form.too_many_rows");
  EXPECT_EQ(Norm(f, R"([{"item":"a"},"row"])"), "!sub_form.invalid_row");
  EXPECT_EQ(Norm(f, R"([{"item":"a","colour":"red"}])"), "!sub_form.unknown_field");
  EXPECT_EQ(Norm(f, R"([{"price":100}])"), "!sub_form.required");
  // A nested bad value names its row and field.
  auto r = Type("sub_form").Normalize(f, J(R"([{"item":"a"},{"item":"b","phone":"12345"}])"), {});
  ASSERT_FALSE(r.ok());
  const auto& d = r.error().details.as_object();
  EXPECT_EQ(d.at("field").as_string(), "f");
  EXPECT_EQ(d.at("reason").as_string(), "phone.invalid");
  EXPECT_EQ(d.at("row").as_int64(), 1);
  EXPECT_EQ(d.at("sub_field").as_string(), "phone");
  EXPECT_EQ(r.error().message_zh, "第 2 行「电话」：请输入正确的 11 位手机号码");
  EXPECT_EQ(r.error().message_en, "Row 2, 电话: Enter an 11-digit mainland mobile number");
  // Lenient rows use the nested types' lenient forms.
  EXPECT_EQ(Lenient(f, R"([{"item":"a","price":"¥1,280.00","done":"是","day":"2026/1/2"}])"),
            R"(text:[{"item":"a","price":128000,"phone":null,"day":"2026-01-02","done":1}])");
}

TEST(RelationTypes, SubFormToJsonGivesApiValuesThatReadBack) {
  const FieldDef f = Field("sub_form", kItems);
  const storage::Value v = Stored(f, R"([{"item":"水光针","price":128000,"done":true}])");
  EXPECT_EQ(boost::json::serialize(Type("sub_form").ToJson(f, v)),
            R"([{"item":"水光针","price":128000,"phone":null,"day":null,"done":true}])");
  EXPECT_EQ(Type("sub_form").Format(f, v, false), "1 行");
  EXPECT_EQ(Type("sub_form").Format(f, v, true), "1 row");
  ExpectRoundTrip(f, R"([{"item":"水光针","price":128000,"done":true,"phone":"+86 13812345678"}])");
  const auto fields = SubFormFields(f.options);
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[0].name, "item");
  EXPECT_TRUE(fields[0].required);
  EXPECT_EQ(fields[1].type, "money");
  EXPECT_EQ(fields[1].column, "f_price");
}

TEST(RelationTypes, SubFormFieldsAreScalarAndCheckedRecursively) {
  auto nested = [](std::string_view field) {
    return OptionError("sub_form", R"({"fields":[)" + std::string(field) + "]}");
  };
  EXPECT_EQ(nested(R"({"name":"a","label":"A","type":"sub_form","options":{"fields":[]}})"),
            "fields");
  EXPECT_EQ(nested(R"({"name":"a","label":"A","type":"relation","options":{"target":"x"}})"),
            "fields");
  EXPECT_EQ(
      nested(
          R"({"name":"a","label":"A","type":"multi_select","options":{"choices":[{"key":"a","label":"A"}]}})"),
      "fields");
  EXPECT_EQ(
      nested(
          R"({"name":"a","label":"A","type":"formula","options":{"expression":"1","result_type":"number"}})"),
      "fields");
  EXPECT_EQ(nested(R"({"name":"a","label":"A","type":"nope"})"), "fields");
  EXPECT_EQ(nested(R"({"name":"A","label":"A","type":"text"})"), "fields");
  EXPECT_EQ(nested(R"({"name":"id","label":"A","type":"text"})"), "fields");
  EXPECT_EQ(nested(R"({"name":"a","label":"","type":"text"})"), "fields");
  EXPECT_EQ(nested(R"({"name":"a","label":"A","type":"text","unique":true})"), "fields");
  EXPECT_EQ(
      nested(R"({"name":"a","label":"A","type":"text"},{"name":"a","label":"B","type":"text"})"),
      "fields");
  EXPECT_EQ(OptionError("sub_form", R"({"fields":[]})"), "fields");
  // The nested type's own options are checked by that type.
  const Status s =
      Type("sub_form")
          .CheckOptions(
              J(R"({"fields":[{"name":"a","label":"A","type":"select","options":{"choices":[]}}]})")
                  .as_object());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().details.as_object().at("sub_field").as_string(), "a");
  EXPECT_EQ(s.error().details.as_object().at("sub_option").as_string(), "choices");
  EXPECT_EQ(
      nested(R"({"name":"a","label":"A","type":"user"},{"name":"b","label":"B","type":"image"})"),
      "");
  EXPECT_EQ(OptionError("sub_form",
                        R"({"fields":[{"name":"a","label":"A","type":"text"}],"max_rows":501})"),
            "max_rows");
}

TEST(RelationTypes, LookupsAndRollupsNameTheirSources) {
  EXPECT_EQ(OptionError("lookup", R"({"relation":"customer","field":"phone"})"), "");
  EXPECT_EQ(OptionError("lookup", R"({"relation":"customer"})"), "field");
  EXPECT_EQ(OptionError("lookup", R"({"field":"phone"})"), "relation");
  EXPECT_EQ(OptionError("rollup", R"({"sub_form":"items","field":"price","function":"sum"})"), "");
  EXPECT_EQ(OptionError("rollup", R"({"entity":"visit","relation":"customer","function":"count"})"),
            "");
  EXPECT_EQ(OptionError("rollup", R"({"entity":"visit","relation":"customer","function":"sum"})"),
            "field");
  EXPECT_EQ(OptionError("rollup", R"({"sub_form":"items","field":"price","function":"median"})"),
            "function");
  EXPECT_EQ(
      OptionError("rollup",
                  R"({"sub_form":"items","entity":"visit","relation":"c","function":"count"})"),
      "sub_form");
  EXPECT_EQ(OptionError("rollup", R"({"field":"price","function":"sum"})"), "sub_form");
  for (std::string_view type : {"lookup", "rollup"}) {
    EXPECT_TRUE(Type(type).computed());
    EXPECT_EQ(Type(type).storage(), StorageKind::kNone);
  }
  const FieldDef r = Field("rollup", R"({"sub_form":"items","field":"price","function":"avg"})");
  EXPECT_EQ(Norm(r, "12.5"), "real:12.5");
  EXPECT_EQ(Norm(r, R"("x")"), "!rollup.wrong_type");
  EXPECT_EQ(Type("rollup").Format(r, storage::Value{12.5}, false), "12.5");
}

}  // namespace
}  // namespace peony::schema::testing
