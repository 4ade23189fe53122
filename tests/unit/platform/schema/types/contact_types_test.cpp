// Contact types: phone, email, id_card, address, location.
#include <gtest/gtest.h>

#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

TEST(ContactTypes, MobileNumbersAreNormalisedToElevenDigits) {
  const FieldDef f = Field("phone");
  ExpectCases(f, {
                     {R"("13812345678")", "text:13812345678"},
                     {R"("+86 138-1234-5678")", "text:13812345678"},
                     {R"("138 1234 5678")", "text:13812345678"},
                     {R"("008613812345678")", "text:13812345678"},
                     {R"("8613812345678")", "text:13812345678"},
                     {R"("(+86)138.1234.5678")", "text:13812345678"},
                     {R"("１３８１２３４５６７８")", "text:13812345678"},
                     {R"("12345")", "!phone.invalid"},
                     {R"("12812345678")", "!phone.invalid"},   // 12x is no mobile prefix
                     {R"("1381234567")", "!phone.invalid"},    // 10 digits
                     {R"("138123456789")", "!phone.invalid"},  // 12 digits
                     {R"("+1 415 555 0100")", "!phone.invalid"},
                     {R"("138-1234-567a")", "!phone.invalid"},
                     {R"("010-12345678")", "!phone.invalid"},
                     {R"("13812345678'; --")", "!phone.invalid"},
                     {"13812345678", "!phone.wrong_type"},
                 });
  EXPECT_EQ(Lenient(f, "13812345678"), "text:13812345678");
  auto r = Type("phone").Normalize(f, J(R"("12345")"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "record.invalid_value");
  EXPECT_EQ(r.error().message_zh, "请输入正确的 11 位手机号码");
  EXPECT_EQ(r.error().message_en, "Enter an 11-digit mainland mobile number");
  ExpectRoundTrip(f, R"("+86 138-1234-5678")");
}

TEST(ContactTypes, LandlinesNeedTheirOption) {
  const FieldDef f = Field("phone", R"({"allow_landline":true})");
  ExpectCases(f, {{R"("010-12345678")", "text:010-12345678"},
                  {R"("(010) 1234 5678")", "text:010-12345678"},
                  {R"("01012345678")", "text:010-12345678"},
                  {R"("0755-1234567")", "text:0755-1234567"},
                  {R"("075512345678")", "text:0755-12345678"},
                  {R"("+86 10 12345678")", "text:010-12345678"},
                  {R"("400-123-4567")", "text:400-123-4567"},
                  {R"("13812345678")", "text:13812345678"},
                  {R"("010-1234567")", "!phone.invalid"},  // Beijing numbers have 8 digits
                  {R"("010-02345678")", "!phone.invalid"},
                  {R"("12345678")", "!phone.invalid"}});  // no area code
  EXPECT_EQ(OptionError("phone", R"({"allow_landline":"yes"})"), "allow_landline");
  EXPECT_EQ(OptionError("phone", R"({"allow_landlines":true})"), "allow_landlines");
}

TEST(ContactTypes, PhoneMasksKeepThreeAndFour) {
  const FieldType& t = Type("phone");
  EXPECT_EQ(t.Mask("13812345678"), "138****5678");
  EXPECT_EQ(t.Mask("010-12345678"), "010-****5678");
  EXPECT_TRUE(t.can_be_sensitive());
  EXPECT_TRUE(t.searchable());
}

TEST(ContactTypes, EmailsAreCheckedAndTheirDomainsLowerCased) {
  const FieldDef f = Field("email");
  ExpectCases(f, {
                     {R"("Wang.Li+vip@Example.COM")", "text:Wang.Li+vip@example.com"},
                     {R"("a@b.cn")", "text:a@b.cn"},
                     {R"("a@mail.xn--fiqs8s")", "text:a@mail.xn--fiqs8s"},
                     {R"("a@b")", "!email.invalid"},
                     {R"("a@b.c")", "!email.invalid"},
                     {R"("a@@b.com")", "!email.invalid"},
                     {R"("a@b@c.com")", "!email.invalid"},
                     {R"("@b.com")", "!email.invalid"},
                     {R"(".a@b.com")", "!email.invalid"},
                     {R"("a..b@b.com")", "!email.invalid"},
                     {R"("a b@b.com")", "!email.invalid"},
                     {R"("a@-b.com")", "!email.invalid"},
                     {R"("a@b_c.com")", "!email.invalid"},
                     {R"("a@b.123")", "!email.invalid"},
                     {R"("王@例子.中国")", "!email.invalid"},
                     {R"("a\"@b.com")", "!email.invalid"},
                 });
  EXPECT_EQ(Norm(f, "\"" + std::string(65, 'a') + "@b.com\""), "!email.invalid");
  ExpectCases(f,
              {{R"("王丽 <Wang@Example.com>")", "text:Wang@example.com"},
               {R"("mailto:a@b.cn")", "text:a@b.cn"},
               {R"("a＠b.cn")", "text:a@b.cn"}},
              true);
  EXPECT_EQ(Type("email").Mask("wangli@example.com"), "w***@example.com");
  EXPECT_TRUE(Type("email").can_be_sensitive());
  ExpectRoundTrip(f, R"("Wang@Example.com")");
}

TEST(ContactTypes, IdCardNumbersCarryAValidCheckDigitAndBirthDate) {
  const FieldDef f = Field("id_card");
  ExpectCases(f, {
                     {R"("11010519491231002X")", "text:11010519491231002X"},
                     {R"("11010519491231002x")", "text:11010519491231002X"},
                     {R"("110105 19491231 002X")", "text:11010519491231002X"},
                     {R"("110101199003070011")", "text:110101199003070011"},
                     {R"("110105194912310021")", "!id_card.bad_check_digit"},
                     {R"("110105194902300020")", "!id_card.bad_birth_date"},  // February 30
                     {R"("110105189912310021")", "!id_card.bad_birth_date"},  // 1899
                     {R"("990105194912310021")", "!id_card.bad_region"},
                     {R"("11010519491231002")", "!id_card.invalid"},
                     {R"("11010519491231002Y")", "!id_card.invalid"},
                     {R"("440304900307123")", "!id_card.invalid"},
                     {"110105194912310021", "!id_card.wrong_type"},
                 });
  EXPECT_EQ(Lenient(f, R"("440304900307123")"), "text:44030419900307123X");  // 15 → 18 digits
  auto r = Type("id_card").Normalize(f, J(R"("110105194912310021")"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.as_object().at("reason").as_string(), "id_card.bad_check_digit");
  EXPECT_EQ(Type("id_card").Mask("110101199003071234"), "110101********1234");
  EXPECT_TRUE(Type("id_card").can_be_sensitive());
  EXPECT_FALSE(Type("id_card").searchable());
  ExpectRoundTrip(f, R"("11010519491231002x")");
}

TEST(ContactTypes, AddressesAreFourPartsWithAProvince) {
  const FieldDef f = Field("address");
  ExpectCases(
      f,
      {
          {R"({"province":"广东省","city":"深圳市","district":"南山区","detail":"科技园1号"})",
           R"(text:{"province":"广东省","city":"深圳市","district":"南山区","detail":"科技园1号"})"},
          {R"({"detail":" 1号 ","province":"北京市","city":""})",
           R"(text:{"province":"北京市","detail":"1号"})"},
          {R"({"city":"深圳市"})", "!address.province_required"},
          {R"({})", "null"},
          {R"({"province":"广东省","street":"x"})", "!address.unknown_part"},
          {R"({"province":1})", "!address.wrong_type"},
          {R"("广东省深圳市")", "!address.wrong_type"},
      });
  std::string long_part(101, 'x');
  EXPECT_EQ(Norm(f, R"({"province":")" + long_part + "\"}"), "!address.too_long");
  ExpectCases(
      f,
      {{R"("广东省深圳市南山区科技园1号")",
        R"(text:{"province":"广东省","city":"深圳市","district":"南山区","detail":"科技园1号"})"},
       {R"("北京市朝阳区建国路88号")",
        R"(text:{"province":"北京市","city":"北京市","district":"朝阳区","detail":"建国路88号"})"},
       {R"("广西壮族自治区南宁市青秀区民族大道1号")",
        R"(text:{"province":"广西壮族自治区","city":"南宁市","district":"青秀区","detail":"民族大道1号"})"},
       {R"("浙江杭州市西湖区")",
        R"(text:{"province":"浙江省","city":"杭州市","district":"西湖区"})"},
       {R"("科技园1号")", "!address.province_required"}},
      true);
  const storage::Value v = Stored(
      f, R"({"province":"广东省","city":"深圳市","district":"南山区","detail":"科技园1号"})");
  EXPECT_EQ(Type("address").Format(f, v, false), "广东省深圳市南山区科技园1号");
  EXPECT_EQ(Type("address").Format(f, v, true), "广东省, 深圳市, 南山区, 科技园1号");
  EXPECT_EQ(Type("address").Mask(std::get<std::string>(v)), "广东省深圳市****");
  EXPECT_EQ(Lenient(f, "\"" + Type("address").Format(f, v, false) + "\""), Show(v));
  ExpectRoundTrip(f, R"({"province":"北京市","city":"北京市","district":"朝阳区"})");
}

TEST(ContactTypes, LocationsAreCheckedPoints) {
  const FieldDef f = Field("location");
  ExpectCases(
      f, {{R"({"lat":39.9087,"lng":116.3975,"name":"天安门"})",
           R"(text:{"lat":39.9087,"lng":116.3975,"name":"天安门"})"},
          {R"({"lng":116.39751234567,"lat":-39.5})", R"(text:{"lat":-39.5,"lng":116.3975123})"},
          {R"({"lat":91,"lng":0})", "!location.invalid"},
          {R"({"lat":0,"lng":-180.5})", "!location.invalid"},
          {R"({"lat":"39.9","lng":116})", "!location.invalid"},
          {R"({"lat":39.9})", "!location.invalid"},
          {R"({"lat":1,"lng":1,"alt":3})", "!location.invalid"},
          {R"("39.9,116.4")", "!location.wrong_type"}});
  EXPECT_EQ(Lenient(f, R"("39.9087, 116.3975")"), R"(text:{"lat":39.9087,"lng":116.3975})");
  const storage::Value v = Stored(f, R"({"lat":39.9087,"lng":116.3975,"name":"天安门"})");
  EXPECT_EQ(Type("location").Format(f, v, false), "天安门 (39.9087, 116.3975)");
  ExpectRoundTrip(f, R"({"lat":39.9087,"lng":116.3975,"name":"天安门"})");
}

}  // namespace
}  // namespace peony::schema::testing
