// Internal to the records engine: the file side of an import's write pass. Parsing a large XLSX is
// about a tenth of an import's work, so it runs on a thread of its own, a few batches ahead of the
// transaction that writes the rows (which must stay on its own thread and connection).
#pragma once

#include <boost/json/object.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/result.h"
#include "platform/records/import_plan.h"

namespace peony::records::internal {

// One data row as the input of a write: the mapped, non-empty cells by field name.
struct ImportRow {
  int64_t number = 0;  // as the spreadsheet shows it
  boost::json::object input;
};

class ImportFeed {
 public:
  static constexpr size_t kBatchRows = 256;
  static constexpr size_t kMaxBatches = 8;  // read ahead at most this many batches

  // Starts reading `plan`'s file; `plan` must outlive this.
  explicit ImportFeed(const ImportPlan& plan);
  // Stops the reader (if still running) and waits for its thread.
  ~ImportFeed();
  ImportFeed(const ImportFeed&) = delete;
  ImportFeed& operator=(const ImportFeed&) = delete;

  // Replaces `batch` with the next rows, in file order. False when the file is done (then
  // status() tells whether it was read to the end).
  bool Next(std::vector<ImportRow>& batch);
  // Ok, or the read error (ReadImportFile's codes). REQUIRES: Next returned false.
  Status status();

 private:
  class Sink;
  void Read();
  void Stop();

  const ImportPlan& plan_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<ImportRow>> ready_;  // GUARDED_BY(mu_)
  bool finished_ = false;                     // GUARDED_BY(mu_): the reader is done
  bool stop_ = false;                         // GUARDED_BY(mu_): the consumer gave up
  std::optional<Error> error_;                // GUARDED_BY(mu_)
  std::thread thread_;                        // last: starts once the rest is set up
};

}  // namespace peony::records::internal
