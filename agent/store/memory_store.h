// The in-memory store: one process, nothing durable. What `toscac up --store memory:` and the
// tests of everything above the store use; it behaves like the SQLite store and etcd (see
// store.h), compaction and lease expiry included.
//
//   MemoryStore store;
//   int64_t rev = store.Put("/toscac/shop/nodes/db/state", "started");
//   auto batch = store.Watch("/toscac/shop/", rev, std::chrono::seconds(1));  // sees the put
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "store/lease.h"
#include "store/store.h"

namespace toscac::agent::store {

struct MemoryStoreOptions {
  // Events kept for Watch; older ones are dropped and a Watch from before them reports
  // compacted. At least 1.
  int64_t max_events = 10000;
  // The lease clock; empty: SteadyClockMs. Tests pass a clock they move by hand.
  NowMs now_ms = nullptr;
};

// Thread-safe. A Watch waiting for events wakes at once on a write, and every 50 ms while
// leases exist, since a lease expires with no write to announce it.
class MemoryStore : public Store {
 public:
  explicit MemoryStore(MemoryStoreOptions options = {});

  std::optional<KeyValue> Get(const std::string& key) override;
  int64_t Put(const std::string& key, const std::string& value, int64_t lease = 0) override;
  bool CompareAndSwap(const std::string& key, int64_t expected_mod_revision,
                      const std::string& value, int64_t lease = 0) override;
  int64_t Create(const std::string& key, const std::string& value, int64_t lease) override;
  std::vector<int64_t> Commit(const std::vector<Write>& writes) override;
  bool CommitRepeatsKeys() const override { return true; }
  bool Delete(const std::string& key) override;
  int64_t DeletePrefix(const std::string& prefix) override;
  RangeResult Range(const std::string& prefix) override;
  WatchResult Watch(const std::string& prefix, int64_t from_revision,
                    std::chrono::milliseconds timeout) override;

  int64_t GrantLease(std::chrono::seconds ttl) override;
  bool KeepAlive(int64_t lease) override;
  void RevokeLease(int64_t lease) override;

 private:
  struct Lease {
    int64_t ttl_ms = 0;
    int64_t expires_at_ms = 0;
    std::set<std::string> keys;
  };
  using KvMap = std::map<std::string, KeyValue>;

  // Every public call starts with this: leases past their time are revoked here.
  void ExpireLocked();
  void RevokeLocked(int64_t lease);
  void CheckLeaseLocked(int64_t lease) const;
  int64_t PutLocked(const std::string& key, const std::string& value, int64_t lease);
  void DeleteLocked(KvMap::iterator it);
  void AppendLocked(Event event);
  WatchResult CollectLocked(const std::string& prefix, int64_t from_revision) const;

  MemoryStoreOptions options_;
  std::mutex mu_;
  std::condition_variable written_;
  int64_t revision_ = 0;
  // The newest revision whose event was dropped; a Watch from it or before is compacted.
  int64_t compacted_revision_ = 0;
  int64_t next_lease_ = 1;
  KvMap kvs_;
  std::deque<Event> events_;  // one per revision, oldest first
  std::map<int64_t, Lease> leases_;
};

}  // namespace toscac::agent::store
