#include "platform/records/import_feed.h"

namespace peony::records::internal {

// Runs on the feed's thread: turns rows into inputs and hands them over a batch at a time.
class ImportFeed::Sink final : public io::RowSink {
 public:
  explicit Sink(ImportFeed& feed) : feed_(feed) { batch_.reserve(kBatchRows); }

  io::Flow OnHeader(const io::Sheet&) override { return io::Flow::kContinue; }

  io::Flow OnRow(const io::Row& row) override {
    ImportRow out;
    out.number = static_cast<int64_t>(row.number);
    for (const auto& [column, f] : feed_.plan_.mapped) {
      if (column >= row.cells.size() || row.cells[column].empty()) continue;
      out.input[f->name] = CellInput(row.cells[column]);
    }
    batch_.push_back(std::move(out));
    if (batch_.size() < kBatchRows) return io::Flow::kContinue;
    return Flush() ? io::Flow::kContinue : io::Flow::kStop;
  }

  // Hands the batch over, waiting while the consumer is kMaxBatches behind. False once the
  // consumer stopped.
  bool Flush() {
    std::unique_lock lock(feed_.mu_);
    feed_.changed_.wait(lock, [&] { return feed_.stop_ || feed_.ready_.size() < kMaxBatches; });
    if (feed_.stop_) return false;
    if (!batch_.empty()) feed_.ready_.push_back(std::move(batch_));
    batch_ = {};
    batch_.reserve(kBatchRows);
    feed_.changed_.notify_all();
    return true;
  }

 private:
  ImportFeed& feed_;
  std::vector<ImportRow> batch_;
};

ImportFeed::ImportFeed(const ImportPlan& plan) : plan_(plan), thread_([this] { Read(); }) {}

ImportFeed::~ImportFeed() {
  Stop();
  thread_.join();
}

void ImportFeed::Read() {
  Sink sink(*this);
  Status s = ReadImportFile(plan_, sink);
  if (s.ok()) sink.Flush();
  std::lock_guard lock(mu_);
  if (!s.ok()) error_ = std::move(s).error();
  finished_ = true;
  changed_.notify_all();
}

void ImportFeed::Stop() {
  std::lock_guard lock(mu_);
  stop_ = true;
  changed_.notify_all();
}

bool ImportFeed::Next(std::vector<ImportRow>& batch) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
  if (ready_.empty()) return false;
  batch = std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  return true;
}

Status ImportFeed::status() {
  std::lock_guard lock(mu_);
  if (error_) return *error_;
  return Ok();
}

}  // namespace peony::records::internal
