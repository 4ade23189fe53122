#include "common/strings.h"

#include <gtest/gtest.h>

#include "common/result.h"

namespace peony {
namespace {

TEST(Utf8, AcceptsChineseAndRefusesMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8("王丽华 Wang 138"));
  EXPECT_TRUE(IsValidUtf8("😀"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xe4\xb8"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
}

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length("王丽华"), 3u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("a😀"), 2u);
}

TEST(Strings, SmallHelpers) {
  EXPECT_EQ(ToLower("Bearer ABC"), "bearer abc");
  EXPECT_TRUE(StartsWith("pk_live", "pk_"));
  EXPECT_FALSE(StartsWith("p", "pk_"));
  EXPECT_EQ(HexEncode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
}

Result<int> Half(int v) {
  if (v % 2 != 0) return MakeError(ErrorKind::kInvalidArgument, "test.odd", "奇数", "odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  PEONY_TRY(int half, Half(v));
  PEONY_TRY(int quarter, Half(half));
  return quarter;
}

TEST(Result, TryPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "test.odd");
  EXPECT_EQ(r.error().Message(true), "odd");
  EXPECT_EQ(r.error().Message(false), "奇数");
}

}  // namespace
}  // namespace peony
