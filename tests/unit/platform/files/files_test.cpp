// The blob store on both engines: encrypted round trips, refused uploads that write nothing, the
// read rule (uploader, readers of a referencing record, everyone else 404) and attachment
// references checked and rewritten when records are saved.
#include "platform/files/files.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/files/errors.h"
#include "storage/crypto/crypto.h"
#include "unit/platform/records/records_fixture.h"

namespace peony::files {
namespace {

using records::testing::Obj;
using storage::testing::CodeOf;
using storage::testing::QueryInt;

const std::string kMarker = "FACE-PHOTO-PLAINTEXT-MARKER";
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + kMarker + std::string(200, 'p');
const std::string kPdf = "%PDF-1.7\n" + kMarker;

// User ids from the demo bootstrap: 1 admin, 3 frontdesk, 4 consultant (all of branch 1).
class FilesTest : public records::testing::RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (IsSkipped()) return;
    files_ = std::make_unique<Files>(*db_, *catalog_, clock_, *keys_);
    Define(R"({"name":"visit","label":"回访","fields":[
      {"name":"title","label":"标题","type":"text"},
      {"name":"photos","label":"照片","type":"image","options":{"max_count":5}},
      {"name":"docs","label":"资料","type":"file"},
      {"name":"sign","label":"签名","type":"signature"},
      {"name":"lines","label":"明细","type":"sub_form","options":{"fields":[
        {"name":"note","label":"说明","type":"text"},
        {"name":"shot","label":"照片","type":"image"}]}}]})");
    uploader_ = Principal(3, {"data.visit.read", "data.visit.create", "data.visit.update"},
                          access::Scope::kAll, 1);
    stranger_ = Principal(4, {}, access::Scope::kAll, 1);
  }

  BlobMeta MustUpload(const access::Principal& p, const std::string& bytes,
                      const std::string& name = "face.png", const std::string& type = "image/png") {
    auto r = files_->Upload(p, "127.0.0.1", name, type, bytes);
    EXPECT_TRUE(r.ok()) << CodeOf(r);
    return r.ok() ? *r : BlobMeta{};
  }
  static std::string Ref(const BlobMeta& m) {
    return R"({"id":")" + m.id + R"(","name":"x.png","size":1,"type":"image/png"})";
  }
  Result<boost::json::object> CreateVisit(const access::Principal& p, const std::string& json) {
    return records_->Create(As(p), "visit", Obj(json));
  }
  int64_t Count(const std::string& table) {
    return QueryInt(*db_, "SELECT COUNT(*) FROM " + table);
  }
  int64_t Audits(const std::string& action) {
    return QueryInt(*db_, "SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
  }

  std::unique_ptr<Files> files_;
  access::Principal uploader_, stranger_;
};

TEST_P(FilesTest, AnUploadIsStoredEncryptedAndReadBackWhole) {
  const BlobMeta m = MustUpload(uploader_, kPng, "../术前/face.png", "image/png");
  EXPECT_GE(m.id.size(), 22u);
  EXPECT_EQ(m.name, "face.png");
  EXPECT_EQ(m.type, "image/png");
  EXPECT_EQ(m.size, static_cast<int64_t>(kPng.size()));
  EXPECT_EQ(m.sha256, HexEncode(storage::crypto::Sha256(kPng)));

  // At rest: ciphertext only, bound to its row.
  auto raw = db_->Read([&](storage::Conn& c) { return c.Query("SELECT data FROM blobs"); });
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->size(), 1u);
  const std::string sealed = raw->Bytes(0, 0);
  EXPECT_EQ(sealed.find(kMarker), std::string::npos);
  EXPECT_EQ(sealed.find("PNG"), std::string::npos);
  EXPECT_TRUE(storage::crypto::Decrypt(*keys_, sealed, "blob:" + m.id).ok());
  EXPECT_FALSE(storage::crypto::Decrypt(*keys_, sealed, "blob:other").ok());

  auto got = files_->Download(uploader_, "127.0.0.1", m.id);
  ASSERT_TRUE(got.ok()) << CodeOf(got);
  EXPECT_EQ(got->bytes, kPng);
  EXPECT_EQ(got->meta.name, "face.png");
  auto meta = files_->Meta(uploader_, m.id);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->sha256, m.sha256);
  EXPECT_EQ(Audits("file.upload"), 1);
  EXPECT_EQ(Audits("file.read"), 1);  // the download; metadata reads are not audited
  // The audit entry names the file, not its content or name.
  auto detail = db_->Read([&](storage::Conn& c) {
    return c.Query("SELECT detail, target_id FROM audit_log WHERE action = 'file.upload'");
  });
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->Text(0, 1), m.id);
  EXPECT_EQ(detail->Text(0, 0).find("face"), std::string::npos);
}

TEST_P(FilesTest, RefusedUploadsWriteNothing) {
  auto upload = [&](std::string_view name, std::string_view type, std::string_view bytes) {
    return CodeOf(files_->Upload(uploader_, "127.0.0.1", name, type, bytes));
  };
  EXPECT_EQ(upload("a.png", "image/png", ""), "file.empty");
  EXPECT_EQ(upload("a.png", "image/png", "<script>alert(1)</script>"), "file.bad_type");
  EXPECT_EQ(upload("a.pdf", "application/pdf", kPng), "file.bad_type");
  EXPECT_EQ(upload("a.bin", "", "unknown bytes"), "file.bad_type");
  EXPECT_EQ(upload("", "image/png", kPng), "file.bad_name");
  EXPECT_EQ(upload("a\r\nb.png", "image/png", kPng), "file.bad_name");
  EXPECT_EQ(upload(std::string(256, 'n'), "image/png", kPng), "file.bad_name");
  std::string big = kPng;
  big.resize(static_cast<size_t>(kMaxBlobBytes) + 1, 'x');
  auto too_large = files_->Upload(uploader_, "127.0.0.1", "big.png", "image/png", big);
  EXPECT_EQ(CodeOf(too_large), "file.too_large");
  EXPECT_EQ(too_large.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(Count("blobs"), 0);
  EXPECT_EQ(Audits("file.upload"), 0);
  // Exactly the limit is accepted.
  big.resize(static_cast<size_t>(kMaxBlobBytes));
  EXPECT_EQ(upload("big.png", "image/png", big), "ok");
  EXPECT_EQ(Count("blobs"), 1);
}

TEST_P(FilesTest, OnlyTheUploaderOrAReaderOfAReferencingRecordSeesAFile) {
  const BlobMeta m = MustUpload(uploader_, kPng);
  auto reader = Principal(5, {"data.visit.read"}, access::Scope::kAll, 1);
  auto own_only = Principal(6, {"data.visit.read"}, access::Scope::kOwn, 1);
  // Not referenced yet: the uploader only; others cannot tell it exists.
  EXPECT_EQ(CodeOf(files_->Meta(reader, m.id)), "file.not_found");
  EXPECT_EQ(CodeOf(files_->Download(stranger_, "127.0.0.1", m.id)), "file.not_found");
  EXPECT_EQ(CodeOf(files_->Meta(reader, "AAAAAAAAAAAAAAAAAAAAAA")), "file.not_found");
  EXPECT_EQ(CodeOf(files_->Meta(uploader_, "bad id; --")), "file.not_found");

  auto v = CreateVisit(uploader_, R"({"title":"t","photos":[)" + Ref(m) + "]}");
  ASSERT_TRUE(v.ok()) << CodeOf(v);
  const int64_t id = v->at("id").as_int64();
  EXPECT_TRUE(files_->Meta(reader, m.id).ok());
  auto got = files_->Download(reader, "127.0.0.1", m.id);
  ASSERT_TRUE(got.ok()) << CodeOf(got);
  EXPECT_EQ(got->bytes, kPng);
  // Outside the reader's scope (the record is the uploader's), or no read permission.
  EXPECT_EQ(CodeOf(files_->Meta(own_only, m.id)), "file.not_found");
  EXPECT_EQ(CodeOf(files_->Meta(stranger_, m.id)), "file.not_found");

  // A deleted record no longer lends access; restoring it does again.
  ASSERT_TRUE(records_->Delete(As(admin_), "visit", id).ok());
  EXPECT_EQ(CodeOf(files_->Meta(reader, m.id)), "file.not_found");
  ASSERT_TRUE(records_->Restore(As(admin_), "visit", id).ok());
  EXPECT_TRUE(files_->Meta(reader, m.id).ok());
  // Removing the file from the record removes the access.
  ASSERT_TRUE(records_->Update(As(uploader_), "visit", id, Obj(R"({"photos":[]})"), {}).ok());
  EXPECT_EQ(CodeOf(files_->Meta(reader, m.id)), "file.not_found");
  EXPECT_TRUE(files_->Meta(uploader_, m.id).ok());
  EXPECT_EQ(Count("blob_refs"), 0);
}

TEST_P(FilesTest, AFileInASubFormRowLendsAccessToReadersOfTheRecord) {
  const BlobMeta m = MustUpload(uploader_, kPng);
  auto reader = Principal(5, {"data.visit.read"}, access::Scope::kAll, 1);
  auto v = CreateVisit(uploader_, R"({"lines":[{"note":"a","shot":[)" + Ref(m) + "]}]}");
  ASSERT_TRUE(v.ok()) << CodeOf(v);
  const auto& shot = v->at("lines").as_array().at(0).at("shot").as_array().at(0);
  EXPECT_EQ(shot.at("size").as_int64(), m.size);  // from the blob, not the client
  EXPECT_TRUE(files_->Meta(reader, m.id).ok());
  // Someone else's upload in a row is refused, naming the row.
  const BlobMeta other = MustUpload(admin_, kPng);
  auto bad = CreateVisit(uploader_, R"({"lines":[{"shot":[)" + Ref(other) + "]}]}");
  ASSERT_EQ(CodeOf(bad), "record.invalid_value");
  EXPECT_EQ(bad.error().details.at("field"), "lines");
  EXPECT_EQ(bad.error().details.at("sub_field"), "shot");
  EXPECT_EQ(bad.error().details.at("reason"), "image.not_found");
}

TEST_P(FilesTest, SavedReferencesAreCheckedAndTakeTheirDetailsFromTheBlob) {
  const BlobMeta mine = MustUpload(uploader_, kPng);
  const BlobMeta pdf = MustUpload(uploader_, kPdf, "report.pdf", "application/pdf");
  const BlobMeta theirs = MustUpload(admin_, kPng);
  auto reason = [](const auto& r) {
    return r.ok() ? std::string("ok")
                  : std::string(r.error().details.at("field").as_string()) + ":" +
                        std::string(r.error().details.at("reason").as_string());
  };
  // A made-up id, someone else's upload, a PDF where images go: refused, nothing written.
  EXPECT_EQ(
      reason(CreateVisit(uploader_, R"({"photos":[{"id":"AAAAAAAAAAAAAAAAAAAAAA","name":"a.png",)"
                                    R"("size":1,"type":"image/png"}]})")),
      "photos:image.not_found");
  EXPECT_EQ(reason(CreateVisit(uploader_, R"({"docs":[)" + Ref(theirs) + "]}")),
            "docs:file.not_found");
  auto as_image = R"({"id":")" + pdf.id + R"(","name":"r.png","size":1,"type":"image/png"})";
  EXPECT_EQ(reason(CreateVisit(uploader_, R"({"sign":)" + as_image + "}")),
            "sign:signature.not_an_image");
  EXPECT_EQ(Count("x_visit"), 0);
  EXPECT_EQ(Count("blob_refs"), 0);

  // The client's name, size and type are replaced by the blob's.
  auto v = CreateVisit(uploader_, R"({"photos":[)" + Ref(mine) + R"(],"docs":[{"id":")" + pdf.id +
                                      R"(","name":"evil.exe","size":9,"type":"image/gif"}]})");
  ASSERT_TRUE(v.ok()) << CodeOf(v);
  const int64_t id = v->at("id").as_int64();
  const auto& doc = v->at("docs").as_array().at(0).as_object();
  EXPECT_EQ(doc.at("name"), "report.pdf");
  EXPECT_EQ(doc.at("size").as_int64(), pdf.size);
  EXPECT_EQ(doc.at("type"), "application/pdf");
  EXPECT_EQ(v->at("photos").as_array().at(0).at("name"), "face.png");
  EXPECT_EQ(Count("blob_refs"), 2);

  // Another editor keeps files the record already names, but cannot add their own… or others'.
  auto editor = Principal(5, {"data.visit.read", "data.visit.update"}, access::Scope::kAll, 1);
  auto kept = records_->Update(As(editor), "visit", id,
                               Obj(R"({"title":"kept","photos":[)" + Ref(mine) + "]}"), {});
  EXPECT_TRUE(kept.ok()) << CodeOf(kept);
  auto added = records_->Update(As(editor), "visit", id,
                                Obj(R"({"photos":[)" + Ref(mine) + "," + Ref(theirs) + "]}"), {});
  EXPECT_EQ(reason(added), "photos:image.not_found");
  // Still the first version's references.
  EXPECT_EQ(Count("blob_refs"), 2);
  EXPECT_EQ(CodeOf(files_->Meta(editor, theirs.id)), "file.not_found");
}

INSTANTIATE_TEST_SUITE_P(Engines, FilesTest, ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::files
