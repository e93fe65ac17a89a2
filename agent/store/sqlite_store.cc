#include "store/sqlite_store.h"

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "store/commit.h"
#include "store/key_prefix.h"

namespace toscac::agent::store {

namespace {

using Mode = SqliteTransaction::Mode;

constexpr int64_t kSchemaVersion = 1;
// Events per Watch result at most; the caller comes back for the rest.
constexpr int64_t kWatchBatch = 1000;
constexpr int64_t kPutType = 0;
constexpr int64_t kDeleteType = 1;

// Keys and values are BLOBs: byte order, and no text conversion of what agents store.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL,
  compacted_rev INTEGER NOT NULL);
INSERT INTO meta(id, revision, compacted_rev) VALUES(1, 0, 0);
CREATE TABLE kv(
  key BLOB PRIMARY KEY,
  value BLOB NOT NULL,
  create_rev INTEGER NOT NULL,
  mod_rev INTEGER NOT NULL,
  lease INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX kv_by_lease ON kv(lease);
CREATE TABLE events(
  rev INTEGER PRIMARY KEY,
  key BLOB NOT NULL,
  type INTEGER NOT NULL,
  value BLOB,
  create_rev INTEGER NOT NULL,
  lease INTEGER NOT NULL);
-- AUTOINCREMENT: an id is never reused, so a process holding a dead lease's id cannot keep
-- alive another process's new lease.
CREATE TABLE leases(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ttl_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL);
CREATE INDEX leases_by_expiry ON leases(expires_at_ms);
PRAGMA user_version = 1;
)sql";

// The keys under a prefix as a range, so the primary key bounds the scan at both ends (LIKE
// would scan the table, and read '%' and '_' in keys as patterns): ?1 is the prefix, ?2 its
// end. Without an end ("" or only 0xFF bytes) the range is open; "?2 IS NULL OR key < ?2"
// would cover both cases in one statement, but SQLite then drops the upper bound from the
// index search.
std::string UnderPrefix(const std::optional<std::string>& end) {
  return end ? "key >= ?1 AND key < ?2" : "key >= ?1";
}

void BindPrefix(SqliteQuery& query, const std::string& prefix,
                const std::optional<std::string>& end) {
  query.BindBlob(1, prefix);
  if (end) query.BindBlob(2, *end);
}

// Columns: key, value, create_rev, mod_rev, lease.
KeyValue ReadKeyValue(const SqliteQuery& query) {
  return KeyValue{.key = query.Blob(0),
                  .value = query.Blob(1),
                  .create_revision = query.Int(2),
                  .mod_revision = query.Int(3),
                  .lease = query.Int(4)};
}

// Columns: rev, key, type, value, create_rev, lease.
Event ReadEvent(const SqliteQuery& query) {
  Event event;
  event.kv.mod_revision = query.Int(0);
  event.kv.key = query.Blob(1);
  if (query.Int(2) == kDeleteType) {
    event.type = Event::Type::kDelete;
    return event;
  }
  event.kv.value = query.Blob(3);
  event.kv.create_revision = query.Int(4);
  event.kv.lease = query.Int(5);
  return event;
}

SqliteStoreOptions WithDefaults(SqliteStoreOptions options) {
  if (!options.now_ms) options.now_ms = WallClockMs;
  options.max_events = std::max<int64_t>(options.max_events, 1);
  options.compact_slack = std::max<int64_t>(options.compact_slack, 0);
  return options;
}

}  // namespace

template <typename Fn>
auto SqliteStore::Write(Fn fn) {
  std::lock_guard lock(mu_);
  SqliteTransaction transaction(db_, Mode::kWrite);
  int64_t now = options_.now_ms();
  ExpireLocked(now);
  auto result = fn(now);
  CompactLocked();
  transaction.Commit();
  return result;
}

SqliteStore::SqliteStore(const std::string& path, SqliteStoreOptions options)
    : options_(WithDefaults(std::move(options))),
      db_(path, options_.busy_timeout),
      last_news_(std::chrono::steady_clock::now()) {
  std::lock_guard lock(mu_);
  // Creating the schema races with other processes opening the same new file; as for WAL,
  // SQLite may say "locked" without waiting.
  auto deadline = std::chrono::steady_clock::now() + options_.busy_timeout;
  for (auto pause = std::chrono::milliseconds(5);;
       pause = std::min(pause * 2, std::chrono::milliseconds(100))) {
    try {
      SqliteTransaction transaction(db_, Mode::kWrite);
      CreateSchemaLocked();
      transaction.Commit();
      return;
    } catch (const StoreError& e) {
      if (!IsBusy(e) || std::chrono::steady_clock::now() > deadline) throw;
    }
    std::this_thread::sleep_for(pause);
  }
}

std::optional<KeyValue> SqliteStore::Get(const std::string& key) {
  std::lock_guard lock(mu_);
  ExpireDueLocked();
  SqliteQuery query = db_.Query(
      "SELECT key, value, create_rev, mod_rev, lease FROM kv "
      "WHERE key = ?1");
  query.BindBlob(1, key);
  if (!query.Step()) return std::nullopt;
  return ReadKeyValue(query);
}

int64_t SqliteStore::Put(const std::string& key, const std::string& value, int64_t lease) {
  return Write([&](int64_t) {
    CheckLeaseLocked(lease);
    return PutLocked(key, value, lease);
  });
}

bool SqliteStore::CompareAndSwap(const std::string& key, int64_t expected_mod_revision,
                                 const std::string& value, int64_t lease) {
  return Write([&](int64_t) {
    CheckLeaseLocked(lease);
    if (ModRevisionLocked(key) != expected_mod_revision) return false;
    PutLocked(key, value, lease);
    return true;
  });
}

int64_t SqliteStore::Create(const std::string& key, const std::string& value, int64_t lease) {
  return Write([&](int64_t) -> int64_t {
    CheckLeaseLocked(lease);
    if (ModRevisionLocked(key) != 0) return 0;
    return PutLocked(key, value, lease);
  });
}

// One transaction, so one commit to the file for all the writes: the cost of a write is
// mostly that commit.
std::vector<int64_t> SqliteStore::Commit(const std::vector<store::Write>& writes) {
  CheckCommit(writes, /*repeats=*/true);
  return Write([&](int64_t) {
    for (const store::Write& w : writes) CheckLeaseLocked(w.lease);
    std::vector<int64_t> revisions;
    revisions.reserve(writes.size());
    for (const store::Write& w : writes) {
      bool skip = w.if_absent && ModRevisionLocked(w.key) != 0;
      revisions.push_back(skip ? 0 : PutLocked(w.key, w.value, w.lease));
    }
    return revisions;
  });
}

bool SqliteStore::Delete(const std::string& key) {
  return Write([&](int64_t) {
    if (ModRevisionLocked(key) == 0) return false;
    DeleteLocked(key);
    return true;
  });
}

int64_t SqliteStore::DeletePrefix(const std::string& prefix) {
  return Write([&](int64_t) {
    std::vector<std::string> keys = KeysLocked(prefix);
    for (const std::string& key : keys) DeleteLocked(key);
    return static_cast<int64_t>(keys.size());
  });
}

RangeResult SqliteStore::Range(const std::string& prefix) {
  std::lock_guard lock(mu_);
  ExpireDueLocked();
  // One read transaction: the revision is that of the snapshot the keys come from.
  SqliteTransaction transaction(db_, Mode::kRead);
  RangeResult result;
  result.revision = MetaLocked().revision;
  {
    std::optional<std::string> end = PrefixEnd(prefix);
    SqliteQuery query = db_.Query("SELECT key, value, create_rev, mod_rev, lease FROM kv WHERE " +
                                  UnderPrefix(end) + " ORDER BY key");
    BindPrefix(query, prefix, end);
    while (query.Step()) result.kvs.push_back(ReadKeyValue(query));
  }
  transaction.Commit();
  return result;
}

WatchResult SqliteStore::Watch(const std::string& prefix, int64_t from_revision,
                               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    WatchResult result;
    std::chrono::milliseconds interval;
    {
      std::lock_guard lock(mu_);
      ExpireDueLocked();
      result = PollLocked(prefix, from_revision);
      auto now = std::chrono::steady_clock::now();
      if (result.compacted || !result.events.empty()) {
        last_news_ = now;
        return result;
      }
      interval = now - last_news_ < options_.quiet_after ? options_.poll_interval
                                                         : options_.idle_poll_interval;
    }
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= left.zero()) return result;
    // Other processes write to the file: there is nothing to wait on but the clock. (Waking
    // on each write, with inotify, was measured: with an agent per node every write wakes
    // every agent, and that cost more than polling; docs/performance.md.)
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(interval, left));
  }
}

int64_t SqliteStore::GrantLease(std::chrono::seconds ttl) {
  int64_t ttl_ms = LeaseTtlMs(ttl);
  return Write([&](int64_t now) {
    db_.Query("INSERT INTO leases(ttl_ms, expires_at_ms) VALUES(?1, ?2)")
        .Bind(1, ttl_ms)
        .Bind(2, now + ttl_ms)
        .Run();
    return db_.LastInsertRowid();
  });
}

bool SqliteStore::KeepAlive(int64_t lease) {
  return Write([&](int64_t now) {
    db_.Query("UPDATE leases SET expires_at_ms = ?2 + ttl_ms WHERE id = ?1")
        .Bind(1, lease)
        .Bind(2, now)
        .Run();
    return db_.Changes() > 0;
  });
}

void SqliteStore::RevokeLease(int64_t lease) {
  Write([&](int64_t) { return RevokeLocked(lease); });
}

void SqliteStore::CreateSchemaLocked() {
  int64_t version = 0;
  {
    SqliteQuery query = db_.Query("PRAGMA user_version");
    if (query.Step()) version = query.Int(0);
  }
  if (version > kSchemaVersion) {
    db_.Fail("schema version " + std::to_string(version) +
             " is from a newer toscac (this one reads " + std::to_string(kSchemaVersion) + ")");
  }
  if (version == 0) db_.Exec(kSchema);
}

void SqliteStore::ExpireDueLocked() {
  int64_t now = options_.now_ms();
  {
    SqliteQuery query = db_.Query("SELECT 1 FROM leases WHERE expires_at_ms <= ?1 LIMIT 1");
    query.Bind(1, now);
    if (!query.Step()) return;
  }
  SqliteTransaction transaction(db_, Mode::kWrite);
  ExpireLocked(now);
  CompactLocked();
  transaction.Commit();
}

void SqliteStore::ExpireLocked(int64_t now) {
  std::vector<int64_t> expired;
  {
    SqliteQuery query = db_.Query("SELECT id FROM leases WHERE expires_at_ms <= ?1 ORDER BY id");
    query.Bind(1, now);
    while (query.Step()) expired.push_back(query.Int(0));
  }
  for (int64_t lease : expired) RevokeLocked(lease);
}

// Deletes the lease's keys one by one, each at a revision of its own, like DeletePrefix.
bool SqliteStore::RevokeLocked(int64_t lease) {
  std::vector<std::string> keys;
  {
    SqliteQuery query = db_.Query("SELECT key FROM kv WHERE lease = ?1 ORDER BY key");
    query.Bind(1, lease);
    while (query.Step()) keys.push_back(query.Blob(0));
  }
  for (const std::string& key : keys) DeleteLocked(key);
  db_.Query("DELETE FROM leases WHERE id = ?1").Bind(1, lease).Run();
  return db_.Changes() > 0;
}

void SqliteStore::CompactLocked() {
  Meta meta = MetaLocked();
  int64_t kept = meta.revision - meta.compacted_revision;
  if (kept <= options_.max_events + options_.compact_slack) return;
  int64_t compacted = meta.revision - options_.max_events;
  db_.Query("DELETE FROM events WHERE rev <= ?1").Bind(1, compacted).Run();
  db_.Query("UPDATE meta SET compacted_rev = ?1").Bind(1, compacted).Run();
}

void SqliteStore::CheckLeaseLocked(int64_t lease) {
  if (lease == 0) return;
  SqliteQuery query = db_.Query("SELECT 1 FROM leases WHERE id = ?1");
  query.Bind(1, lease);
  if (!query.Step()) throw LeaseNotFound(lease);
}

SqliteStore::Meta SqliteStore::MetaLocked() {
  SqliteQuery query = db_.Query("SELECT revision, compacted_rev FROM meta");
  if (!query.Step()) db_.Fail("table 'meta' has no row");
  return Meta{.revision = query.Int(0), .compacted_revision = query.Int(1)};
}

int64_t SqliteStore::NextRevisionLocked() {
  db_.Query("UPDATE meta SET revision = revision + 1").Run();
  return MetaLocked().revision;
}

// 0 when the key does not exist.
int64_t SqliteStore::ModRevisionLocked(const std::string& key) {
  SqliteQuery query = db_.Query("SELECT mod_rev FROM kv WHERE key = ?1");
  query.BindBlob(1, key);
  return query.Step() ? query.Int(0) : 0;
}

std::vector<std::string> SqliteStore::KeysLocked(const std::string& prefix) {
  std::vector<std::string> keys;
  std::optional<std::string> end = PrefixEnd(prefix);
  SqliteQuery query = db_.Query("SELECT key FROM kv WHERE " + UnderPrefix(end) + " ORDER BY key");
  BindPrefix(query, prefix, end);
  while (query.Step()) keys.push_back(query.Blob(0));
  return keys;
}

int64_t SqliteStore::PutLocked(const std::string& key, const std::string& value, int64_t lease) {
  int64_t create_revision = 0;
  {
    SqliteQuery query = db_.Query("SELECT create_rev FROM kv WHERE key = ?1");
    query.BindBlob(1, key);
    if (query.Step()) create_revision = query.Int(0);
  }
  int64_t revision = NextRevisionLocked();
  if (create_revision == 0) create_revision = revision;
  db_.Query(
         "INSERT OR REPLACE INTO kv(key, value, create_rev, mod_rev, lease) "
         "VALUES(?1, ?2, ?3, ?4, ?5)")
      .BindBlob(1, key)
      .BindBlob(2, value)
      .Bind(3, create_revision)
      .Bind(4, revision)
      .Bind(5, lease)
      .Run();
  db_.Query(
         "INSERT INTO events(rev, key, type, value, create_rev, lease) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
      .Bind(1, revision)
      .BindBlob(2, key)
      .Bind(3, kPutType)
      .BindBlob(4, value)
      .Bind(5, create_revision)
      .Bind(6, lease)
      .Run();
  return revision;
}

void SqliteStore::DeleteLocked(const std::string& key) {
  int64_t revision = NextRevisionLocked();
  db_.Query("DELETE FROM kv WHERE key = ?1").BindBlob(1, key).Run();
  db_.Query(
         "INSERT INTO events(rev, key, type, value, create_rev, lease) "
         "VALUES(?1, ?2, ?3, NULL, 0, 0)")
      .Bind(1, revision)
      .BindBlob(2, key)
      .Bind(3, kDeleteType)
      .Run();
}

// One read transaction: the revision, the compaction mark and the events agree, so no event
// written between two reads can fall between next_revision and the events returned.
WatchResult SqliteStore::PollLocked(const std::string& prefix, int64_t from_revision) {
  SqliteTransaction transaction(db_, Mode::kRead);
  Meta meta = MetaLocked();
  WatchResult result;
  result.next_revision = meta.revision + 1;
  if (from_revision <= meta.compacted_revision) {
    result.compacted = true;
    return result;
  }
  {
    std::optional<std::string> end = PrefixEnd(prefix);
    SqliteQuery query = db_.Query(
        "SELECT rev, key, type, value, create_rev, lease FROM events WHERE rev >= ?3 AND " +
        UnderPrefix(end) + " ORDER BY rev LIMIT ?4");
    BindPrefix(query, prefix, end);
    query.Bind(3, from_revision).Bind(4, kWatchBatch);
    while (query.Step()) result.events.push_back(ReadEvent(query));
  }
  transaction.Commit();
  if (!result.events.empty()) result.next_revision = result.events.back().kv.mod_revision + 1;
  return result;
}

}  // namespace toscac::agent::store
