// /api/v1/files through real HTTP: uploads told by content, downloads with safe headers, limits,
// and the read rule (uploader, readers of a referencing record; everyone else 404).
#include <boost/json/serialize.hpp>

#include "api/app_fixture.h"

namespace peony::test {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'p');

class FilesApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (IsSkipped()) return;
    admin_ = Login("admin");
  }
  Resp Upload(const std::string& query, const std::string& body, const std::string& type,
              const HeaderList* auth = nullptr) {
    return Call("POST", "/api/v1/files" + query, body, auth ? *auth : admin_, type);
  }
  HeaderList admin_;
};

TEST_P(FilesApiTest, APngIsUploadedAndDownloadedWithSafeHeaders) {
  Resp up = Upload("?name=%E6%9C%AF%E5%89%8D.png", kPng, "image/png");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto meta = up.Json().as_object();
  const std::string id(meta.at("id").as_string());
  EXPECT_GE(id.size(), 22u);
  EXPECT_EQ(meta.at("name"), "术前.png");
  EXPECT_EQ(meta.at("type"), "image/png");
  EXPECT_EQ(meta.at("size").as_int64(), static_cast<int64_t>(kPng.size()));
  EXPECT_EQ(meta.at("sha256").as_string().size(), 64u);

  Resp down = Call("GET", "/api/v1/files/" + id, "", admin_, "");
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(down.body, kPng);
  EXPECT_EQ(down.Header("content-type"), "image/png");
  EXPECT_EQ(down.Header("content-disposition"), "inline; filename*=UTF-8''%E6%9C%AF%E5%89%8D.png");
  EXPECT_EQ(down.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(down.Header("cache-control"), "private, no-cache");
  Resp info = Call("GET", "/api/v1/files/" + id + "/meta", "", admin_, "");
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.Json().at("sha256"), meta.at("sha256"));

  // Other content is an attachment, whatever was declared.
  Resp html = Upload("?name=page.html", "<script>alert(1)</script>", "text/html");
  ASSERT_EQ(html.status, 201) << html.body;
  EXPECT_EQ(html.Json().at("type"), "application/octet-stream");
  Resp got =
      Call("GET", "/api/v1/files/" + std::string(html.Json().at("id").as_string()), "", admin_, "");
  EXPECT_EQ(got.Header("content-type"), "application/octet-stream");
  EXPECT_EQ(got.Header("content-disposition"), "attachment; filename*=UTF-8''page.html");
}

TEST_P(FilesApiTest, BadUploadsAreRefusedAndWriteNothing) {
  Resp fake = Upload("?name=a.png", "GIF89a but declared png", "image/png");
  EXPECT_EQ(fake.status, 422);
  EXPECT_EQ(fake.ErrorCode(), "file.bad_type");
  Resp empty = Upload("?name=a.png", "", "image/png");
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(empty.ErrorCode(), "file.empty");
  Resp unnamed = Upload("", kPng, "image/png");
  EXPECT_EQ(unnamed.status, 422);
  EXPECT_EQ(unnamed.ErrorCode(), "file.bad_name");
  Resp control = Upload("?name=a%0Ab.png", kPng, "image/png");
  EXPECT_EQ(control.ErrorCode(), "file.bad_name");
  std::string big = kPng;
  big.resize((20 << 20) + 1, 'x');
  Resp too_large = Upload("?name=big.png", big, "image/png");
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.ErrorCode(), "request.too_large");
  Resp anonymous = Call("POST", "/api/v1/files?name=a.png", kPng, {}, "image/png");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(CountRows("blobs"), 0);
}

TEST_P(FilesApiTest, AnotherUsersUnreferencedFileIsNotFoundUntilARecordNamesIt) {
  HeaderList manager = Login("manager");
  HeaderList front = Login("frontdesk");
  Resp up = Upload("?name=face.png", kPng, "image/png");
  ASSERT_EQ(up.status, 201);
  const std::string id(up.Json().at("id").as_string());
  for (const HeaderList* who : {&manager, &front}) {
    Resp r = Call("GET", "/api/v1/files/" + id, "", *who, "");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.ErrorCode(), "file.not_found");
    EXPECT_EQ(Call("GET", "/api/v1/files/" + id + "/meta", "", *who, "").status, 404);
  }
  EXPECT_EQ(Call("GET", "/api/v1/files/nosuchfile00000000000", "", admin_, "").status, 404);

  // A record names it: the manager may read the record, so the file; the front desk may not.
  Resp entity = Call("POST", "/api/v1/schema/entities",
                     R"({"name":"visit","label":"回访","fields":[
                       {"name":"photos","label":"照片","type":"image"}]})",
                     admin_);
  ASSERT_EQ(entity.status, 201) << entity.body;
  Resp rec =
      Call("POST", "/api/v1/data/visit",
           R"({"photos":[{"id":")" + id + R"(","name":"x","size":1,"type":"image/png"}]})", admin_);
  ASSERT_EQ(rec.status, 201) << rec.body;
  EXPECT_EQ(rec.Json().at("photos").at(0).at("name"), "face.png");
  EXPECT_EQ(Call("GET", "/api/v1/files/" + id, "", manager, "").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/files/" + id, "", front, "").status, 404);

  // The manager cannot attach the admin's file to a new record of their own.
  Resp steal = Call("POST", "/api/v1/data/visit",
                    R"({"photos":[{"id":")" + id + R"(","name":"x","size":1,"type":"image/png"}]})",
                    manager);
  EXPECT_EQ(steal.status, 422);
  EXPECT_EQ(steal.ErrorCode(), "record.invalid_value");
  EXPECT_EQ(CountRows("x_visit"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, FilesApiTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::test
