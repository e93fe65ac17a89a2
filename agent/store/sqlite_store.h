// The SQLite store: one durable file that every agent of a machine shares. Each process opens
// its own SqliteStore on the file; SQLite's file locks serialise their writes.
//
//   SqliteStore store("/var/lib/toscac/shop.db");   // created when missing
//   int64_t lease = store.GrantLease(std::chrono::seconds(10));
//   store.Put("/toscac/shop/agents/db", "pid 4242", lease);
//
// Durability: WAL mode with synchronous=NORMAL. A put that returned survives the death of
// its process (SIGKILL included); a power loss or kernel crash can lose the last
// transactions before the log was synced, never corrupt the file.
//
// Tables (schema version 1, in PRAGMA user_version):
//   meta(id = 1, revision, compacted_rev)  the store's revision; events up to compacted_rev
//                                          are gone
//   kv(key, value, create_rev, mod_rev, lease)
//   events(rev, key, type, value, create_rev, lease)  one row per revision: type 0 put,
//                                                     1 delete (value NULL)
//   leases(id, ttl_ms, expires_at_ms)      expiry by CLOCK_REALTIME, which all processes share
//
// Every write (a Commit: all of its writes) is one BEGIN IMMEDIATE transaction: it first
// deletes the keys of expired leases, then bumps the revision, writes kv and appends the event
// (per write of a Commit), and now and then compacts.
// Reads delete expired keys first too (in a write transaction of their own, only when some
// lease is due), so an expired key is never returned and watchers see its delete event:
// that is how an agent's death becomes visible. Watch polls the events table: often while
// there is news, seldom after a quiet spell.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "store/lease.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace toscac::agent::store {

struct SqliteStoreOptions {
  // Events kept for Watch. Compaction runs when compact_slack more have piled up, deleting the
  // oldest down to max_events, so most writes pay nothing for it.
  int64_t max_events = 50000;
  int64_t compact_slack = 1000;
  // How long to wait for another process's write lock before failing with StoreError.
  std::chrono::milliseconds busy_timeout{10000};
  // How often a waiting Watch looks for new events. Once this store has seen none for
  // quiet_after, it looks only every idle_poll_interval until the next one: many agents on a
  // file that nobody writes cost next to nothing, and the first event after a quiet spell is
  // seen at most idle_poll_interval late.
  std::chrono::milliseconds poll_interval{10};
  std::chrono::milliseconds idle_poll_interval{100};
  std::chrono::milliseconds quiet_after{1000};
  // The lease clock; empty: WallClockMs. Every process on the file must agree on it.
  NowMs now_ms = nullptr;
};

// Thread-safe: calls on one object take turns on its connection, but a Watch does not hold it
// while it sleeps between polls. Do not carry one across fork(): open it in the child.
class SqliteStore : public Store {
 public:
  // Opens or creates the file. Throws StoreError: missing directory, not a database, a schema
  // from a newer toscac, the file locked past the busy timeout.
  explicit SqliteStore(const std::string& path, SqliteStoreOptions options = {});

  std::optional<KeyValue> Get(const std::string& key) override;
  int64_t Put(const std::string& key, const std::string& value, int64_t lease = 0) override;
  bool CompareAndSwap(const std::string& key, int64_t expected_mod_revision,
                      const std::string& value, int64_t lease = 0) override;
  int64_t Create(const std::string& key, const std::string& value, int64_t lease) override;
  std::vector<int64_t> Commit(const std::vector<store::Write>& writes) override;
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
  struct Meta {
    int64_t revision = 0;
    int64_t compacted_revision = 0;
  };

  // Runs fn(now) in a write transaction, after expiring leases and before compacting.
  template <typename Fn>
  auto Write(Fn fn);
  void CreateSchemaLocked();
  // For reads: a write transaction that expires leases, only when one is due.
  void ExpireDueLocked();
  void ExpireLocked(int64_t now);
  bool RevokeLocked(int64_t lease);
  void CompactLocked();
  void CheckLeaseLocked(int64_t lease);
  Meta MetaLocked();
  int64_t NextRevisionLocked();
  int64_t ModRevisionLocked(const std::string& key);
  std::vector<std::string> KeysLocked(const std::string& prefix);
  int64_t PutLocked(const std::string& key, const std::string& value, int64_t lease);
  void DeleteLocked(const std::string& key);
  WatchResult PollLocked(const std::string& prefix, int64_t from_revision);

  SqliteStoreOptions options_;
  std::mutex mu_;
  SqliteDb db_;  // guarded by mu_
  // When a Watch last found an event (or the store was opened): how often to look.
  std::chrono::steady_clock::time_point last_news_;  // guarded by mu_
};

}  // namespace toscac::agent::store
