// Signatures against published examples and an independent implementation (the fake providers'
// Python code computed the expected values below).
#include "platform/notify/signing.h"

#include <gtest/gtest.h>

namespace peony::notify {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// Alibaba Cloud's worked example ("Signature mechanism", RPC APIs: ECS DescribeRegions).
const Params kAliyunDocParams = {
    {"Timestamp", "2016-02-23T12:46:24Z"},
    {"Format", "XML"},
    {"AccessKeyId", "testid"},
    {"Action", "DescribeRegions"},
    {"SignatureMethod", "HMAC-SHA1"},
    {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
    {"Version", "2014-05-26"},
    {"SignatureVersion", "1.0"},
};

TEST(NotifySigning, AliyunSignatureMatchesTheDocumentedExample) {
  EXPECT_EQ(AliyunRpcSignature("GET", kAliyunDocParams, "testsecret"),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  // The same request as a form POST (the adapter's method) differs only in the first word.
  EXPECT_EQ(AliyunRpcSignature("POST", kAliyunDocParams, "testsecret"),
            "MxbnVAM4w6sft9xjVpe/GCKueuk=");
}

TEST(NotifySigning, AliyunSignatureIgnoresAnExistingSignatureParameter) {
  Params with = kAliyunDocParams;
  with.emplace_back("Signature", "whatever");
  EXPECT_EQ(AliyunRpcSignature("GET", with, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

TEST(NotifySigning, AliyunPercentEncodingFollowsItsRules) {
  EXPECT_EQ(AliyunPercentEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(AliyunPercentEncode("a b*c+d/e:f"), "a%20b%2Ac%2Bd%2Fe%3Af");
  EXPECT_EQ(AliyunPercentEncode("{\"name\":\"王\"}"), "%7B%22name%22%3A%22%E7%8E%8B%22%7D");
  EXPECT_EQ(AliyunCanonicalQuery({{"b", "2"}, {"a", "x y"}, {"B", "1"}}), "B=1&a=x%20y&b=2");
}

TEST(NotifySigning, Tc3AuthorizationMatchesAnIndependentImplementation) {
  Tc3Request r;
  r.secret_id = "AKIDEXAMPLE";
  r.secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
  r.service = "sms";
  r.host = "sms.tencentcloudapi.com";
  r.content_type = "application/json; charset=utf-8";
  r.payload = R"({"PhoneNumberSet":["+8613800138000"]})";
  r.timestamp = 1551113065;
  EXPECT_EQ(Tc3Authorization(r),
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/sms/tc3_request, "
            "SignedHeaders=content-type;host, "
            "Signature=4cb0ec327080178a679a82170c5c1c72830b36255ef884d86251a97c9ece7487");
  r.payload += " ";
  EXPECT_EQ(Tc3Authorization(r).find("4cb0ec32"), std::string::npos);
}

TEST(NotifySigning, WebhookSignatureIsHmacOfTimestampDotBody) {
  const std::string body = "{\"a\":\"王丽华\"}";
  const std::string expected =
      "sha256=671ad8f2f0d5ee2e028dc7a3633dc91cf73d1ea613ef1eb568d53da83ea142e8";
  EXPECT_EQ(WebhookSignature("topsecret", "1700000000", body), expected);
  EXPECT_TRUE(VerifyWebhookSignature("topsecret", "1700000000", body, expected));
}

TEST(NotifySigning, WebhookVerificationRefusesAnyChange) {
  const std::string body = "{\"a\":1}";
  const std::string sig = WebhookSignature("s3cret", "1700000000", body);
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", "1700000000", body, sig));
  std::string upper = sig;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", "1700000000", body, upper));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1700000000", "{\"a\":2}", sig));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1700000001", body, sig));
  EXPECT_FALSE(VerifyWebhookSignature("other", "1700000000", body, sig));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1700000000", body, sig.substr(7)));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1700000000", body, sig + "0"));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1700000000", body, ""));
}

TEST(NotifySigning, Base64AndHmacSha1KnownValues) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  // RFC 2202 test case 2.
  EXPECT_EQ(Base64Encode(HmacSha1("Jefe", "what do ya want for nothing?")),
            "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

}  // namespace
}  // namespace peony::notify
