// Upload types told by content, and file names, before anything is stored.
#include "platform/files/sniff.h"

#include <gtest/gtest.h>

#include "unit/storage/db_fixture.h"

namespace peony::files {
namespace {

using storage::testing::CodeOf;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a png";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "jfif";
const std::string kPdf = "%PDF-1.7\n%body";
const std::string kWebp = std::string("RIFF\x10\0\0\0WEBPVP8 ", 16);
const std::string kZip = std::string("PK\x03\x04", 4) + "zip body";
const std::string kOle = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "ole";

std::string TypeOf(std::string_view bytes, std::string_view declared) {
  auto r = DecideType(bytes, declared);
  return r.ok() ? *r : r.error().code;
}

TEST(FileSniff, ImagesAndPdfAreToldByContentWhateverIsDeclared) {
  EXPECT_EQ(TypeOf(kPng, "image/png"), "image/png");
  EXPECT_EQ(TypeOf(kPng, ""), "image/png");
  EXPECT_EQ(TypeOf(kPng, "application/octet-stream"), "image/png");
  EXPECT_EQ(TypeOf(kJpeg, "image/jpg"), "image/jpeg");
  EXPECT_EQ(TypeOf("GIF89a....", ""), "image/gif");
  EXPECT_EQ(TypeOf(kWebp, "IMAGE/WEBP; q=1"), "image/webp");
  EXPECT_EQ(TypeOf(kPdf, "application/pdf"), "application/pdf");
}

TEST(FileSniff, ADeclaredImageThatIsNotOneIsRefused) {
  EXPECT_EQ(TypeOf("<html><script>", "image/png"), "file.bad_type");
  EXPECT_EQ(TypeOf(kPng, "image/jpeg"), "file.bad_type");
  EXPECT_EQ(TypeOf("<svg onload=alert(1)>", "image/svg+xml"), "file.bad_type");
  EXPECT_EQ(TypeOf("plain words", "application/pdf"), "file.bad_type");
  // RIFF that is not WebP (a WAV file) is not an image.
  EXPECT_EQ(TypeOf(std::string("RIFF\x10\0\0\0WAVEfmt ", 16), "image/webp"), "file.bad_type");
}

TEST(FileSniff, OtherContentNeedsADeclarationAndIsKeptAsASafeType) {
  EXPECT_EQ(TypeOf("hello, 世界", "text/plain; charset=utf-8"), "text/plain");
  EXPECT_EQ(TypeOf(std::string("bad \xff utf8"), "text/plain"), "file.bad_type");
  EXPECT_EQ(TypeOf(std::string("nul\0byte", 8), "text/plain"), "file.bad_type");
  EXPECT_EQ(TypeOf(kZip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(TypeOf(kOle, "application/msword"), "application/msword");
  EXPECT_EQ(TypeOf("not a zip", "application/vnd.oasis.opendocument.text"), "file.bad_type");
  EXPECT_EQ(TypeOf(kZip, "application/msword"), "file.bad_type");
  EXPECT_EQ(TypeOf("<html><script>", "text/html"), "application/octet-stream");
  EXPECT_EQ(TypeOf(kZip, "application/zip"), "application/octet-stream");
  EXPECT_EQ(TypeOf("a,b\n1,2\n", "text/csv"), "text/csv");
  EXPECT_EQ(TypeOf("no idea what this is", ""), "file.bad_type");
  EXPECT_EQ(TypeOf("", "image/png"), "file.empty");
  EXPECT_EQ(TypeOf("", ""), "file.empty");
}

TEST(FileSniff, SniffTypeNeedsTheWholeSignature) {
  EXPECT_EQ(SniffType(std::string("\x89PNG", 4)), "");
  EXPECT_EQ(SniffType("GIF8"), "");
  EXPECT_EQ(SniffType("RIFF1234WEB"), "");
  EXPECT_EQ(SniffType(""), "");
}

TEST(FileNames, FoldersAreDroppedAndBadNamesRefused) {
  EXPECT_EQ(*CleanName("face.png"), "face.png");
  EXPECT_EQ(*CleanName("../../etc/passwd"), "passwd");
  EXPECT_EQ(*CleanName("C:\\Users\\王\\术前 照片.JPG"), "术前 照片.JPG");
  EXPECT_EQ(*CleanName("  spaced.pdf  "), "spaced.pdf");
  EXPECT_EQ(CodeOf(CleanName("")), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName("folder/")), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName("..")), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName("a\nb.txt")), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName(std::string("a\0b", 3))), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName("a\x7f.txt")), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName("a\xe2\x80\xa8.txt")), "file.bad_name");  // U+2028
  EXPECT_EQ(CodeOf(CleanName("bad\xff.txt")), "file.bad_name");
  EXPECT_EQ(CodeOf(CleanName(std::string(256, 'a'))), "file.bad_name");
  EXPECT_TRUE(CleanName(std::string(255, 'a')).ok());
  std::string chinese;
  for (int i = 0; i < 255; ++i) chinese += "照";
  EXPECT_TRUE(CleanName(chinese).ok());  // 255 characters, 765 bytes
  EXPECT_EQ(CodeOf(CleanName(chinese + "照")), "file.bad_name");
}

}  // namespace
}  // namespace peony::files
