#include "store/memory_store.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "store/commit.h"

namespace toscac::agent::store {

namespace {

// How often a waiting Watch looks at the lease clock while leases exist.
constexpr std::chrono::milliseconds kLeasePoll(50);

}  // namespace

MemoryStore::MemoryStore(MemoryStoreOptions options) : options_(std::move(options)) {
  if (!options_.now_ms) options_.now_ms = SteadyClockMs;
  options_.max_events = std::max<int64_t>(options_.max_events, 1);
}

std::optional<KeyValue> MemoryStore::Get(const std::string& key) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  auto it = kvs_.find(key);
  if (it == kvs_.end()) return std::nullopt;
  return it->second;
}

int64_t MemoryStore::Put(const std::string& key, const std::string& value, int64_t lease) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  CheckLeaseLocked(lease);
  return PutLocked(key, value, lease);
}

bool MemoryStore::CompareAndSwap(const std::string& key, int64_t expected_mod_revision,
                                 const std::string& value, int64_t lease) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  CheckLeaseLocked(lease);
  auto it = kvs_.find(key);
  int64_t mod_revision = it == kvs_.end() ? 0 : it->second.mod_revision;
  if (mod_revision != expected_mod_revision) return false;
  PutLocked(key, value, lease);
  return true;
}

int64_t MemoryStore::Create(const std::string& key, const std::string& value, int64_t lease) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  CheckLeaseLocked(lease);
  if (kvs_.count(key) != 0) return 0;
  return PutLocked(key, value, lease);
}

std::vector<int64_t> MemoryStore::Commit(const std::vector<Write>& writes) {
  CheckCommit(writes, /*repeats=*/true);
  std::lock_guard lock(mu_);
  ExpireLocked();
  // Every lease first: all or nothing.
  for (const Write& w : writes) CheckLeaseLocked(w.lease);
  std::vector<int64_t> revisions;
  revisions.reserve(writes.size());
  for (const Write& w : writes) {
    bool skip = w.if_absent && kvs_.count(w.key) != 0;
    revisions.push_back(skip ? 0 : PutLocked(w.key, w.value, w.lease));
  }
  return revisions;
}

bool MemoryStore::Delete(const std::string& key) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  auto it = kvs_.find(key);
  if (it == kvs_.end()) return false;
  DeleteLocked(it);
  return true;
}

int64_t MemoryStore::DeletePrefix(const std::string& prefix) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  int64_t count = 0;
  auto it = kvs_.lower_bound(prefix);
  while (it != kvs_.end() && it->first.starts_with(prefix)) {
    DeleteLocked(it++);
    ++count;
  }
  return count;
}

RangeResult MemoryStore::Range(const std::string& prefix) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  RangeResult result;
  for (auto it = kvs_.lower_bound(prefix); it != kvs_.end() && it->first.starts_with(prefix);
       ++it) {
    result.kvs.push_back(it->second);
  }
  result.revision = revision_;
  return result;
}

WatchResult MemoryStore::Watch(const std::string& prefix, int64_t from_revision,
                               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mu_);
  for (;;) {
    ExpireLocked();
    WatchResult result = CollectLocked(prefix, from_revision);
    if (result.compacted || !result.events.empty()) return result;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return result;
    auto wake = leases_.empty() ? deadline : std::min(deadline, now + kLeasePoll);
    written_.wait_until(lock, wake);
  }
}

int64_t MemoryStore::GrantLease(std::chrono::seconds ttl) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  int64_t id = next_lease_++;
  Lease& lease = leases_[id];
  lease.ttl_ms = LeaseTtlMs(ttl);
  lease.expires_at_ms = options_.now_ms() + lease.ttl_ms;
  return id;
}

bool MemoryStore::KeepAlive(int64_t lease) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  auto it = leases_.find(lease);
  if (it == leases_.end()) return false;
  it->second.expires_at_ms = options_.now_ms() + it->second.ttl_ms;
  return true;
}

void MemoryStore::RevokeLease(int64_t lease) {
  std::lock_guard lock(mu_);
  ExpireLocked();
  RevokeLocked(lease);
}

void MemoryStore::ExpireLocked() {
  int64_t now = options_.now_ms();
  std::vector<int64_t> expired;
  for (const auto& [id, lease] : leases_) {
    if (lease.expires_at_ms <= now) expired.push_back(id);
  }
  for (int64_t id : expired) RevokeLocked(id);
}

// Deletes the lease's keys one by one, each at a revision of its own, like DeletePrefix.
void MemoryStore::RevokeLocked(int64_t lease) {
  auto it = leases_.find(lease);
  if (it == leases_.end()) return;
  std::set<std::string> keys = std::move(it->second.keys);
  leases_.erase(it);
  for (const std::string& key : keys) DeleteLocked(kvs_.find(key));
}

void MemoryStore::CheckLeaseLocked(int64_t lease) const {
  if (lease != 0 && !leases_.contains(lease)) throw LeaseNotFound(lease);
}

int64_t MemoryStore::PutLocked(const std::string& key, const std::string& value, int64_t lease) {
  KeyValue& kv = kvs_[key];
  if (kv.lease != 0 && kv.lease != lease) {
    auto old = leases_.find(kv.lease);
    if (old != leases_.end()) old->second.keys.erase(key);
  }
  if (lease != 0) leases_.at(lease).keys.insert(key);
  ++revision_;
  kv.key = key;
  kv.value = value;
  if (kv.create_revision == 0) kv.create_revision = revision_;
  kv.mod_revision = revision_;
  kv.lease = lease;
  AppendLocked(Event{Event::Type::kPut, kv});
  return revision_;
}

void MemoryStore::DeleteLocked(KvMap::iterator it) {
  if (it == kvs_.end()) return;
  if (it->second.lease != 0) {
    auto lease = leases_.find(it->second.lease);
    if (lease != leases_.end()) lease->second.keys.erase(it->first);
  }
  ++revision_;
  Event event;
  event.type = Event::Type::kDelete;
  event.kv.key = it->first;
  event.kv.mod_revision = revision_;
  kvs_.erase(it);
  AppendLocked(std::move(event));
}

void MemoryStore::AppendLocked(Event event) {
  events_.push_back(std::move(event));
  while (static_cast<int64_t>(events_.size()) > options_.max_events) {
    compacted_revision_ = events_.front().kv.mod_revision;
    events_.pop_front();
  }
  written_.notify_all();
}

WatchResult MemoryStore::CollectLocked(const std::string& prefix, int64_t from_revision) const {
  WatchResult result;
  result.next_revision = revision_ + 1;
  if (from_revision <= compacted_revision_) {
    result.compacted = true;
    return result;
  }
  auto first = std::partition_point(events_.begin(), events_.end(), [&](const Event& e) {
    return e.kv.mod_revision < from_revision;
  });
  for (auto it = first; it != events_.end(); ++it) {
    if (it->kv.key.starts_with(prefix)) result.events.push_back(*it);
  }
  if (!result.events.empty()) result.next_revision = result.events.back().kv.mod_revision + 1;
  return result;
}

}  // namespace toscac::agent::store
