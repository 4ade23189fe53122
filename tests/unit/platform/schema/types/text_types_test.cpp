// Basic text types: text, textarea, rich_text, url, color, barcode, json.
#include <gtest/gtest.h>

#include "unit/platform/schema/types/type_test_util.h"

namespace peony::schema::testing {
namespace {

std::string Quoted(const std::string& s) { return boost::json::serialize(boost::json::value(s)); }

TEST(TextTypes, SingleLineTextIsTrimmedAndBounded) {
  const FieldDef f = Field("text");
  ExpectCases(f, {
                     {R"("王丽华")", "text:王丽华"},
                     {R"("  王丽华 　")", "text:王丽华"},  // ASCII and ideographic spaces
                     {R"("")", "null"},
                     {R"("   ")", "null"},
                     {R"("a\nb")", "!text.control_character"},
                     {R"("a\tb")", "!text.control_character"},
                     {R"("a\u0000b")", "!text.control_character"},
                     {R"("a\u0085b")", "!text.control_character"},  // C1 control
                     {R"(12)", "!text.wrong_type"},
                     {R"(true)", "!text.wrong_type"},
                     {R"({"a":1})", "!text.wrong_type"},
                     {R"(["a"])", "!text.wrong_type"},
                 });
  ExpectCases(f,
              {{R"(12)", "text:12"}, {R"(12.5)", "text:12.5"}, {R"({"a":1})", "!text.wrong_type"}},
              /*lenient=*/true);
  EXPECT_EQ(Norm(f, Quoted(std::string(200, 'a'))), "text:" + std::string(200, 'a'));
  EXPECT_EQ(Norm(f, Quoted(std::string(201, 'a'))), "!text.too_long");
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "丽";
  EXPECT_EQ(Norm(f, Quoted(chinese)), "text:" + chinese);  // characters, not bytes
}

TEST(TextTypes, InvalidUtf8IsRefused) {
  const FieldDef f = Field("text");
  for (std::string_view type : {"text", "textarea", "rich_text", "barcode", "url"}) {
    const FieldDef g = Field(type);
    EXPECT_EQ(NormValue(g, boost::json::string("ab\xff")),
              "!" + std::string(type) + ".invalid_utf8");
    EXPECT_EQ(NormValue(g, boost::json::string("\xed\xa0\x80")),
              "!" + std::string(type) + ".invalid_utf8");
  }
}

TEST(TextTypes, SqlMetacharactersAreOrdinaryText) {
  const FieldDef f = Field("text");
  for (std::string_view s :
       {"Robert'); DROP TABLE students;--", "a\" OR \"1\"=\"1", "%_\\", "$1 ?"}) {
    EXPECT_EQ(NormValue(f, boost::json::string(s)), "text:" + std::string(s));
  }
}

TEST(TextTypes, TenThousandCharacterInputsAreRefusedOrKeptWhole) {
  const std::string big(10000, 'x');
  EXPECT_EQ(NormValue(Field("text", R"({"max_length":2000})"), boost::json::string(big)),
            "!text.too_long");
  EXPECT_EQ(NormValue(Field("textarea"), boost::json::string(big)), "text:" + big);
  EXPECT_EQ(NormValue(Field("rich_text"), boost::json::string(big)), "text:" + big);
  EXPECT_EQ(NormValue(Field("url"), boost::json::string(big)), "!url.too_long");
  EXPECT_EQ(NormValue(Field("barcode"), boost::json::string(big)), "!barcode.too_long");
  EXPECT_EQ(NormValue(Field("phone"), boost::json::string(big)), "!phone.too_long");
  EXPECT_EQ(NormValue(Field("select", R"({"choices":[{"key":"a","label":"A"}]})"),
                      boost::json::string(big)),
            "!select.too_long");
  EXPECT_EQ(NormValue(Field("textarea"), boost::json::string(std::string(20001, 'x'))),
            "!textarea.too_long");
}

TEST(TextTypes, OptionsAreCheckedAndNamed) {
  EXPECT_EQ(OptionError("text", R"({"max_length":50,"min_length":2,"pattern":"^KH\\d+$"})"), "");
  EXPECT_EQ(OptionError("text", R"({"help":"shown under the field","default":"x"})"), "");
  EXPECT_EQ(OptionError("text", R"({"max_lenght":50})"), "max_lenght");  // typos surface
  EXPECT_EQ(OptionError("text", R"({"max_length":0})"), "max_length");
  EXPECT_EQ(OptionError("text", R"({"max_length":2001})"), "max_length");
  EXPECT_EQ(OptionError("text", R"({"max_length":"20"})"), "max_length");
  EXPECT_EQ(OptionError("text", R"({"max_length":10,"min_length":11})"), "min_length");
  EXPECT_EQ(OptionError("text", R"({"pattern":"(unclosed"})"), "pattern");
  EXPECT_EQ(OptionError("text", R"({"pattern":""})"), "pattern");
  EXPECT_EQ(OptionError("text", R"({"pattern":"(a)\\1"})"), "pattern");  // back-references
  EXPECT_EQ(OptionError("textarea", R"({"max_length":20000})"), "");
  EXPECT_EQ(OptionError("textarea", R"({"pattern":"a"})"), "pattern");
  EXPECT_EQ(OptionError("rich_text", R"({"max_length":100001})"), "max_length");
  EXPECT_EQ(OptionError("url", R"({"max_length":10})"), "max_length");
}

TEST(TextTypes, PatternMustMatchTheWholeText) {
  const FieldDef f = Field("text", R"({"pattern":"KH\\d{4}","pattern_message":"编号如 KH0001"})");
  ExpectCases(f, {{R"("KH0001")", "text:KH0001"},
                  {R"("KH00012")", "!text.pattern_mismatch"},
                  {R"("xKH0001")", "!text.pattern_mismatch"}});
  auto r = Type("text").Normalize(f, J(R"("nope")"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message_zh, "编号如 KH0001");
  // A pattern prone to backtracking over the longest allowed input answers, one way or the other.
  const FieldDef slow = Field("text", R"({"max_length":2000,"pattern":"(a|aa)*b"})");
  EXPECT_EQ(NormValue(slow, boost::json::string(std::string(2000, 'a'))), "!text.pattern_mismatch");
}

TEST(TextTypes, MinLengthCountsCharacters) {
  const FieldDef f = Field("text", R"({"min_length":2})");
  ExpectCases(f, {{R"("王")", "!text.too_short"}, {R"("王丽")", "text:王丽"}});
}

TEST(TextTypes, MultiLineTextKeepsLineBreaks) {
  const FieldDef f = Field("textarea");
  ExpectCases(f, {{R"("术后第一天\r\n冰敷\t2次")", "text:术后第一天\n冰敷\t2次"},
                  {R"("a\rb")", "text:a\nb"},
                  {R"("a\u0007b")", "!textarea.control_character"}});
  const FieldDef md = Field("rich_text");
  ExpectCases(md, {{R"("# 标题\n\n- 项目")", "text:# 标题\n\n- 项目"}});
}

TEST(TextTypes, MaskKeepsFirstAndLastCharacter) {
  const FieldType& t = Type("text");
  EXPECT_EQ(t.Mask("王丽华"), "王*华");
  EXPECT_EQ(t.Mask("王丽"), "王*");
  EXPECT_EQ(t.Mask("王"), "*");
  EXPECT_EQ(t.Mask("欧阳娜娜丽"), "欧***丽");
  EXPECT_EQ(t.Mask("a very long secret note"), "a****e");
  EXPECT_EQ(t.Mask(""), "");
  EXPECT_TRUE(t.can_be_sensitive());
  EXPECT_TRUE(t.searchable());
  EXPECT_FALSE(Type("rich_text").can_be_sensitive());
}

TEST(TextTypes, UrlsAreHttpOrHttps) {
  const FieldDef f = Field("url");
  ExpectCases(f, {
                     {R"("https://example.com")", "text:https://example.com"},
                     {R"("HTTP://Example.COM/Path?q=A#x")", "text:http://example.com/Path?q=A#x"},
                     {R"("https://例子.中国/页面")", "text:https://例子.中国/页面"},
                     {R"("https://127.0.0.1:8443/a")", "text:https://127.0.0.1:8443/a"},
                     {R"("https://[::1]:8080/")", "text:https://[::1]:8080/"},
                     {R"j("javascript:alert(1)")j", "!url.bad_scheme"},
                     {R"("ftp://example.com")", "!url.bad_scheme"},
                     {R"("https://user@evil.com")", "!url.invalid"},
                     {R"("https://")", "!url.invalid"},
                     {R"("https://a..b")", "!url.invalid"},
                     {R"("https://a.com:99999")", "!url.invalid"},
                     {R"("https://a.com/x y")", "!url.invalid"},
                     {R"("www.example.com")", "!url.invalid"},
                 });
  EXPECT_EQ(Lenient(f, R"("www.example.com")"), "text:https://www.example.com");
  ExpectRoundTrip(f, R"("https://example.com/a")");
}

TEST(TextTypes, ColorsAreHexTriplets) {
  const FieldDef f = Field("color");
  ExpectCases(f, {{R"("#1677ff")", "text:#1677FF"},
                  {R"("#1677FF")", "text:#1677FF"},
                  {R"("1677ff")", "!color.invalid"},
                  {R"("#abc")", "!color.invalid"},
                  {R"("#12345g")", "!color.invalid"},
                  {R"("red")", "!color.invalid"}});
  ExpectCases(f, {{R"("#abc")", "text:#AABBCC"}, {R"("1677ff")", "text:#1677FF"}}, true);
}

TEST(TextTypes, BarcodesArePrintableAscii) {
  const FieldDef f = Field("barcode");
  ExpectCases(f, {{R"("6901234567892")", "text:6901234567892"},
                  {R"("CARD-0001 A")", "text:CARD-0001 A"},
                  {R"("条码")", "!barcode.invalid"},
                  {R"(6901234567892)", "!barcode.wrong_type"}});
  EXPECT_EQ(Lenient(f, "6901234567892"), "text:6901234567892");
  EXPECT_EQ(Norm(f, Quoted(std::string(65, '1'))), "!barcode.too_long");
  EXPECT_TRUE(Type("barcode").searchable());
}

TEST(TextTypes, JsonHoldsAnObjectOrArray) {
  const FieldDef f = Field("json");
  ExpectCases(f, {{R"({"b":1,"a":[1.5,"x",null,true]})", R"(text:{"b":1,"a":[1.5,"x",null,true]})"},
                  {R"([])", "text:[]"},
                  {R"("{}")", "!json.wrong_type"},
                  {R"(12)", "!json.wrong_type"}});
  EXPECT_EQ(Lenient(f, R"("{\"a\": 1}")"), R"(text:{"a":1})");
  EXPECT_EQ(Lenient(f, R"("{broken")"), "!json.invalid");
  boost::json::value deep = boost::json::array();
  for (int i = 0; i < 40; ++i) deep = boost::json::array{deep};
  EXPECT_EQ(NormValue(f, deep), "!json.too_deep");
  boost::json::array big;
  for (int i = 0; i < 7000; ++i) big.emplace_back("0123456789");
  EXPECT_EQ(NormValue(f, big), "!json.too_large");
  const storage::Value v = Stored(f, R"({"a":1})");
  EXPECT_EQ(boost::json::serialize(Type("json").ToJson(f, v)), R"({"a":1})");
  ExpectRoundTrip(f, R"({"a":[1,2.25]})");
}

TEST(TextTypes, FormatShowsTheTextAsItIs) {
  const FieldDef f = Field("text");
  EXPECT_EQ(Type("text").Format(f, storage::Value{std::string("王丽华")}, false), "王丽华");
  EXPECT_EQ(Type("text").Format(f, storage::Value{}, false), "");
  EXPECT_EQ(boost::json::serialize(Type("text").ToJson(f, storage::Value{})), "null");
}

}  // namespace
}  // namespace peony::schema::testing
