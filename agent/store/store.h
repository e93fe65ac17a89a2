// The state store: the only thing agents share. Modelled on etcd's v3 data model so the
// embedded store and etcd behave alike:
//   - one global revision, increased by every write (put, delete, lease expiry);
//   - each key keeps the revision of its creation and of its last change;
//   - a watch returns every event after a given revision, in revision order, or says that
//     the revision was compacted away (then the caller re-lists with Range and goes on);
//   - a lease has a TTL; keys put with a lease are deleted when it expires or is revoked.
//
// Errors (store unreachable, corrupt file, busy past the timeout) throw StoreError: agents
// catch it in their loop, back off and retry. Nothing else is thrown.
//
//   auto store = OpenStore("sqlite:/tmp/app.db");
//   int64_t rev = store->Put("/toscac/shop/nodes/db/state", "started");
//   auto range = store->Range("/toscac/shop/");          // kvs + the store's revision
//   auto batch = store->Watch("/toscac/shop/", range.revision + 1, std::chrono::seconds(1));
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace toscac::agent::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KeyValue {
  std::string key;
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t lease = 0;  // 0: none
};

struct Event {
  enum class Type { kPut, kDelete };
  Type type = Type::kPut;
  KeyValue kv;  // for kDelete: key and mod_revision (the deleting revision) only
};

// One write of a Commit.
struct Write {
  std::string key;
  std::string value;
  int64_t lease = 0;  // 0: none
  // Create only: the write is skipped when the key exists (as with Create).
  bool if_absent = false;
};

struct RangeResult {
  std::vector<KeyValue> kvs;  // sorted by key
  int64_t revision = 0;       // the store's revision when read
};

struct WatchResult {
  std::vector<Event> events;  // revision order
  // The revision to pass to the next Watch: one past the last event seen or, with no
  // events, one past the store's revision at the time of the call.
  int64_t next_revision = 0;
  // True when from_revision is older than the oldest revision kept: events were lost, the
  // caller must Range again and watch from that range's revision + 1.
  bool compacted = false;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual std::optional<KeyValue> Get(const std::string& key) = 0;
  // Returns the revision of the write. A lease other than 0 must be live: StoreError if it
  // expired or was never granted.
  virtual int64_t Put(const std::string& key, const std::string& value, int64_t lease = 0) = 0;
  // Writes only if the key's mod_revision equals expected_mod_revision (0: the key must not
  // exist). Returns true when written.
  virtual bool CompareAndSwap(const std::string& key, int64_t expected_mod_revision,
                              const std::string& value, int64_t lease = 0) = 0;
  // Creates the key if it does not exist: one round trip. Returns the revision of the write,
  // or 0 when the key existed (nothing written).
  virtual int64_t Create(const std::string& key, const std::string& value, int64_t lease = 0) = 0;
  // Applies the writes in one transaction, in order: all land or none does. At most
  // kMaxCommitWrites writes (etcd allows 128 operations per transaction by default, nested
  // ones included, and an if_absent write is a nested transaction), and a key at most once
  // unless CommitRepeatsKeys(): StoreError otherwise. Returns each write's revision, or 0 for
  // an if_absent write whose key existed. SQLite and memory give each write a revision and an
  // event of its own; etcd gives the whole transaction one revision. One round trip for many
  // writes: what an agent uses to publish the writes of a pass over its nodes.
  //
  //   auto revisions = store->Commit({{.key = "/a", .value = "1"},
  //                                   {.key = "/b", .value = "2", .if_absent = true}});
  virtual std::vector<int64_t> Commit(const std::vector<Write>& writes) = 0;
  static constexpr size_t kMaxCommitWrites = 64;
  // Whether one Commit may write a key several times (each value then has its revision and
  // event, as with separate puts): SQLite and memory; not etcd, whose txn writes a key once.
  virtual bool CommitRepeatsKeys() const = 0;
  // Returns true when the key existed.
  virtual bool Delete(const std::string& key) = 0;
  // Deletes every key under the prefix; returns how many. Each key is deleted at a revision of
  // its own (as keys of an expired lease are), so every event has a revision of its own.
  virtual int64_t DeletePrefix(const std::string& prefix) = 0;
  virtual RangeResult Range(const std::string& prefix) = 0;
  // Blocks until at least one event under the prefix with revision >= from_revision exists,
  // or the timeout passes; returns what it found (possibly nothing). A result may stop short
  // (the SQLite store returns 1000 events at most): watch again from next_revision.
  virtual WatchResult Watch(const std::string& prefix, int64_t from_revision,
                            std::chrono::milliseconds timeout) = 0;

  // Leases: liveness. Grant returns a non-zero id; KeepAlive returns false when the lease
  // has already expired (its keys are gone: grant a new one and put them again). A TTL under a
  // second counts as one second. Revoking an unknown lease does nothing.
  virtual int64_t GrantLease(std::chrono::seconds ttl) = 0;
  virtual bool KeepAlive(int64_t lease) = 0;
  virtual void RevokeLease(int64_t lease) = 0;
};

// "sqlite:PATH" (or "sqlite:///abs/path"), "memory:", "etcd://..." or a plain path (SQLite).
// Throws StoreError, for URLs of no store it knows too.
std::unique_ptr<Store> OpenStore(const std::string& url);

}  // namespace toscac::agent::store
