#include "platform/records/io/zip_archive.h"

#include <zip.h>

#include <cstdint>

#include "common/strings.h"
#include "platform/records/io/errors.h"

namespace peony::records::io {
namespace {

constexpr size_t kRatioCheckFloor = 1024 * 1024;  // small entries may compress as they like

uint64_t LittleEndian(std::string_view bytes, size_t pos, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) {
    v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
  }
  return v;
}

// The entry count the end-of-central-directory record declares, read before libzip builds its
// table of entries (which would cost memory per entry). 0 when there is no such record.
uint64_t DeclaredEntryCount(std::string_view bytes) {
  constexpr size_t kEocdSize = 22;
  if (bytes.size() < kEocdSize) return 0;
  const size_t search_from =
      bytes.size() > 65535 + kEocdSize ? bytes.size() - 65535 - kEocdSize : 0;
  const size_t eocd = bytes.rfind(std::string_view("PK\x05\x06", 4));
  if (eocd == std::string_view::npos || eocd < search_from || eocd + kEocdSize > bytes.size()) {
    return 0;
  }
  const uint64_t count = LittleEndian(bytes, eocd + 10, 2);
  if (count != 0xFFFF || eocd < 20) return count;
  const size_t locator = eocd - 20;
  if (bytes.substr(locator, 4) != std::string_view("PK\x06\x07", 4)) return count;
  const uint64_t zip64 = LittleEndian(bytes, locator + 8, 8);
  if (zip64 > bytes.size() || bytes.size() - zip64 < 56) return count;
  if (bytes.substr(zip64, 4) != std::string_view("PK\x06\x06", 4)) return count;
  return LittleEndian(bytes, zip64 + 32, 8);
}

// Names that could mean a place outside the archive's root are never looked at.
bool IsSafeName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos || name.find(':') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

ZipEntryReader::~ZipEntryReader() { zip_fclose(file_); }

Result<size_t> ZipEntryReader::Read(char* buffer, size_t size) {
  const ReadOptions& options = archive_.options_;
  const zip_int64_t n = zip_fread(file_, buffer, size);
  if (n < 0) return errors::BadXlsx("damaged zip entry " + name_);
  const auto got = static_cast<size_t>(n);
  read_ += got;
  archive_.inflated_ += got;
  if (read_ > declared_) return errors::BadXlsx("zip entry larger than declared: " + name_);
  if (archive_.inflated_ > options.max_uncompressed_bytes) {
    return errors::LimitExceeded("max_uncompressed_bytes", options.max_uncompressed_bytes);
  }
  if (read_ > kRatioCheckFloor && read_ / options.max_compression_ratio > compressed_) {
    return errors::LimitExceeded("max_compression_ratio", options.max_compression_ratio);
  }
  return got;
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(std::string_view bytes,
                                                     const ReadOptions& options) {
  if (DeclaredEntryCount(bytes) > kMaxZipEntries) {
    return errors::LimitExceeded("zip_entries", kMaxZipEntries);
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return InternalError("zip_source_buffer_create failed");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    std::string reason = std::string("not a readable zip archive: ") + zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return errors::BadXlsx(reason);
  }
  zip_error_fini(&error);
  std::unique_ptr<ZipArchive> out(new ZipArchive(archive, options));
  if (out->options_.max_compression_ratio == 0) out->options_.max_compression_ratio = 1;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0 || static_cast<uint64_t>(count) > kMaxZipEntries) {
    return errors::LimitExceeded("zip_entries", kMaxZipEntries);
  }
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name == nullptr || !IsSafeName(name)) continue;
    out->index_.emplace(ToLower(name), static_cast<size_t>(i));
  }
  return out;
}

ZipArchive::~ZipArchive() { zip_discard(zip_); }

bool ZipArchive::Has(std::string_view name) const { return index_.count(ToLower(name)) > 0; }

Result<std::unique_ptr<ZipEntryReader>> ZipArchive::OpenEntry(std::string_view name) {
  const auto it = index_.find(ToLower(name));
  if (it == index_.end()) return errors::BadXlsx("missing part " + std::string(name));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, it->second, 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0 ||
      (st.valid & ZIP_STAT_COMP_SIZE) == 0) {
    return errors::BadXlsx("unreadable zip entry " + std::string(name));
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE) {
    return errors::BadXlsx("encrypted zip entry " + std::string(name));
  }
  if ((st.valid & ZIP_STAT_COMP_METHOD) != 0 && st.comp_method != ZIP_CM_STORE &&
      st.comp_method != ZIP_CM_DEFLATE) {
    return errors::BadXlsx("unsupported compression in " + std::string(name));
  }
  // Refuse on the declared sizes before inflating anything.
  const size_t budget =
      inflated_ < options_.max_uncompressed_bytes ? options_.max_uncompressed_bytes - inflated_ : 0;
  if (st.size > budget) {
    return errors::LimitExceeded("max_uncompressed_bytes", options_.max_uncompressed_bytes);
  }
  if (st.size > kRatioCheckFloor && st.size / options_.max_compression_ratio > st.comp_size) {
    return errors::LimitExceeded("max_compression_ratio", options_.max_compression_ratio);
  }
  zip_file_t* file = zip_fopen_index(zip_, it->second, 0);
  if (file == nullptr) return errors::BadXlsx("damaged zip entry " + std::string(name));
  return std::unique_ptr<ZipEntryReader>(new ZipEntryReader(*this, file, std::string(name),
                                                            static_cast<size_t>(st.size),
                                                            static_cast<size_t>(st.comp_size)));
}

Result<std::string> ZipArchive::ReadEntry(std::string_view name, size_t max_bytes,
                                          std::string_view limit_name) {
  PEONY_TRY(auto reader, OpenEntry(name));
  if (reader->declared_ > max_bytes) return errors::LimitExceeded(limit_name, max_bytes);
  std::string out(reader->declared_, '\0');
  size_t used = 0;
  while (true) {
    if (used == out.size()) out.resize(out.size() + 4096);
    PEONY_TRY(size_t n, reader->Read(out.data() + used, out.size() - used));
    if (n == 0) break;
    used += n;
    if (used > max_bytes) return errors::LimitExceeded(limit_name, max_bytes);
  }
  out.resize(used);
  return out;
}

}  // namespace peony::records::io
