// The agent's copy of its deployment's keys: read once with Range, then kept current with the
// events of Watch from the revision after it, so no change is missed whichever agent started
// first. Reads during a step never touch the store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace toscac::agent {

class Snapshot {
 public:
  explicit Snapshot(std::string prefix) : prefix_(std::move(prefix)) {}

  // Range: replaces everything (after a compaction, too).
  void Reset(const store::RangeResult& range);
  // Applies the events; returns true when any key changed.
  bool Apply(const store::WatchResult& batch);
  // Reads and watches for up to `timeout`; returns true when anything changed.
  bool Sync(store::Store& store, std::chrono::milliseconds timeout);

  // What this process just wrote, seen at once by every node it runs; the store's event
  // for the same write arrives later and changes nothing.
  // `revision` is the write's: the store's events for it and for older writes of the key
  // are then skipped, so the snapshot never steps back to a value this process replaced.
  void Set(const std::string& key, const std::string& value, int64_t revision) {
    kvs_[key] = value;
    local_[key] = revision;
  }
  // A write of this process not yet in the store (Context buffers the writes of a tick):
  // seen at once here; Set follows once the store has it, before any Apply.
  void Stage(const std::string& key, const std::string& value) { kvs_[key] = value; }
  void Erase(const std::string& key) { kvs_.erase(key); }
  void ErasePrefix(const std::string& prefix);

  const std::string* Find(const std::string& key) const;
  const std::map<std::string, std::string>& kvs() const { return kvs_; }
  // The events of the last Apply, in order (deleted keys with an empty value), and a number
  // that changes with each batch: for those who must see every value a key took, not only
  // the latest (a dependant noting each state its dependency went through).
  const std::vector<std::pair<std::string, std::string>>& recent() const { return recent_; }
  uint64_t batch() const { return batch_; }
  // How many times a watch found its revision compacted away and the prefix was re-listed.
  int relists() const { return relists_; }
  int64_t revision() const { return revision_; }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
  std::map<std::string, std::string> kvs_;
  int64_t revision_ = 0;  // the last revision applied
  std::vector<std::pair<std::string, std::string>> recent_;
  uint64_t batch_ = 0;
  int relists_ = 0;
  std::map<std::string, int64_t> local_;  // key -> revision of this process's last write
  bool loaded_ = false;
};

}  // namespace toscac::agent
