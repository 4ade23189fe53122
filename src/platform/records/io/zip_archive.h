// Read-only access to a zip archive in memory, with the defences an upload needs: a cap on the
// number of entries, entry names that could climb out of the archive ignored, and every inflated
// byte counted against ReadOptions::max_uncompressed_bytes (declared sizes checked before
// inflating, actual bytes while inflating) and max_compression_ratio (for entries over 1 MiB).
// Internal to the XLSX reader.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "platform/records/io/sheet.h"

struct zip;
struct zip_file;

namespace peony::records::io {

inline constexpr size_t kMaxZipEntries = 10000;

class ZipArchive;

// One entry being inflated; reads are counted against the archive's budget.
class ZipEntryReader {
 public:
  ~ZipEntryReader();
  ZipEntryReader(const ZipEntryReader&) = delete;
  ZipEntryReader& operator=(const ZipEntryReader&) = delete;

  // Reads up to `size` bytes; 0 at the end. Errors: import.bad_xlsx (damaged data),
  // import.limit_exceeded (max_uncompressed_bytes, max_compression_ratio).
  Result<size_t> Read(char* buffer, size_t size);

 private:
  friend class ZipArchive;
  ZipEntryReader(ZipArchive& archive, zip_file* file, std::string name, size_t declared,
                 size_t compressed)
      : archive_(archive),
        file_(file),
        name_(std::move(name)),
        declared_(declared),
        compressed_(compressed) {}

  ZipArchive& archive_;
  zip_file* file_;
  std::string name_;
  size_t declared_;
  size_t compressed_;
  size_t read_ = 0;
};

class ZipArchive {
 public:
  // `bytes` must outlive the archive. Errors: import.bad_xlsx (not a zip, damaged),
  // import.limit_exceeded ("zip_entries").
  static Result<std::unique_ptr<ZipArchive>> Open(std::string_view bytes,
                                                  const ReadOptions& options);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Part names compare case-insensitively, as OPC says; no leading slash.
  bool Has(std::string_view name) const;
  // Errors as ZipEntryReader::Read, and import.bad_xlsx when the entry is missing or encrypted.
  Result<std::unique_ptr<ZipEntryReader>> OpenEntry(std::string_view name);
  // The whole entry, refused (import.limit_exceeded, `limit_name`) when it inflates past
  // `max_bytes`.
  Result<std::string> ReadEntry(std::string_view name, size_t max_bytes,
                                std::string_view limit_name);

 private:
  friend class ZipEntryReader;
  ZipArchive(zip* archive, const ReadOptions& options) : zip_(archive), options_(options) {}

  zip* zip_;
  ReadOptions options_;
  std::unordered_map<std::string, size_t> index_;  // lower-cased name → entry index
  size_t inflated_ = 0;                            // bytes inflated so far, all entries
};

}  // namespace peony::records::io
