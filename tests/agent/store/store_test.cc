// The Store contract, run against every store: the memory store and the SQLite store must
// behave alike (and like etcd) for the agents above them.
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/memory_store.h"
#include "store/sqlite_store.h"
#include "store_test_support.h"

namespace toscac::agent::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeClock;
using testing::TempDir;

struct MemoryBackend {
  static std::unique_ptr<Store> Open(const TempDir&, NowMs now_ms, int64_t max_events) {
    return std::make_unique<MemoryStore>(
        MemoryStoreOptions{.max_events = max_events, .now_ms = std::move(now_ms)});
  }
};

struct SqliteBackend {
  static std::unique_ptr<Store> Open(const TempDir& dir, NowMs now_ms, int64_t max_events) {
    return std::make_unique<SqliteStore>(dir.File("store.db"),
                                         SqliteStoreOptions{.max_events = max_events,
                                                            .compact_slack = 1,
                                                            .poll_interval = milliseconds(2),
                                                            .now_ms = std::move(now_ms)});
  }
};

template <typename Backend>
class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(int64_t max_events) {
    return Backend::Open(dir_, clock_.Function(), max_events);
  }

  std::vector<std::string> Keys(const std::string& prefix) {
    std::vector<std::string> keys;
    for (const KeyValue& kv : store_->Range(prefix).kvs) keys.push_back(kv.key);
    return keys;
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Store> store_ = Open(10000);
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, MemoryBackend> ? "Memory" : "Sqlite";
  }
};

using Backends = ::testing::Types<MemoryBackend, SqliteBackend>;
TYPED_TEST_SUITE(StoreTest, Backends, BackendNames);

// "put a@1", "delete a@2": an event in one line.
std::string Describe(const Event& event) {
  return std::string(event.type == Event::Type::kPut ? "put " : "delete ") + event.kv.key + "@" +
         std::to_string(event.kv.mod_revision);
}

std::vector<std::string> Describe(const WatchResult& result) {
  std::vector<std::string> lines;
  for (const Event& event : result.events) lines.push_back(Describe(event));
  return lines;
}

using Lines = std::vector<std::string>;

TYPED_TEST(StoreTest, PutThenGetKeepsRevisions) {
  Store& store = *this->store_;
  EXPECT_FALSE(store.Get("/a"));
  EXPECT_EQ(store.Put("/a", "1"), 1);
  EXPECT_EQ(store.Put("/b", "2"), 2);
  EXPECT_EQ(store.Put("/a", "3"), 3);
  std::optional<KeyValue> a = store.Get("/a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->key, "/a");
  EXPECT_EQ(a->value, "3");
  EXPECT_EQ(a->create_revision, 1);
  EXPECT_EQ(a->mod_revision, 3);
  EXPECT_EQ(a->lease, 0);
}

TYPED_TEST(StoreTest, KeysAndValuesAreBytes) {
  Store& store = *this->store_;
  const std::string key("/k\0\xff", 4);
  const std::string value("v\0\x80", 3);
  store.Put(key, value);
  store.Put("/empty", "");
  store.Put("\xff\xff", "1");
  store.Put(
      "\xff\xff"
      "a",
      "2");
  store.Put("\xfe", "3");
  ASSERT_TRUE(store.Get(key));
  EXPECT_EQ(store.Get(key)->value, value);
  EXPECT_EQ(store.Get("/empty")->value, "");
  EXPECT_EQ(this->Keys("/k"), Lines({key}));
  EXPECT_EQ(this->Keys("\xff"), Lines({"\xff\xff",
                                       "\xff\xff"
                                       "a"}));
  EXPECT_EQ(this->Keys("").size(), 5u);
}

TYPED_TEST(StoreTest, CompareAndSwapCreatesOnlyWhenAbsent) {
  Store& store = *this->store_;
  EXPECT_TRUE(store.CompareAndSwap("/leader", 0, "agent-1"));
  EXPECT_FALSE(store.CompareAndSwap("/leader", 0, "agent-2"));
  EXPECT_EQ(store.Get("/leader")->value, "agent-1");
  EXPECT_EQ(store.Range("/").revision, 1);  // the failed swap wrote nothing
}

TYPED_TEST(StoreTest, CreateWritesOnlyWhenAbsentAndReturnsTheRevision) {
  Store& s = *this->store_;
  int64_t rev = s.Create("/c", "first");
  ASSERT_GT(rev, 0);
  EXPECT_EQ(s.Get("/c")->mod_revision, rev);
  EXPECT_EQ(s.Create("/c", "second"), 0);
  EXPECT_EQ(s.Get("/c")->value, "first");
}

// A Commit is the writes of one agent tick in one transaction: each write still gets an event
// of its own (SQLite and memory: a revision of its own), so watchers miss nothing.
TYPED_TEST(StoreTest, CommitWritesInOrderAndSkipsKeysThatExist) {
  Store& s = *this->store_;
  s.Put("/n/a", "old");
  std::vector<int64_t> revisions = s.Commit({{.key = "/n/b", .value = "1"},
                                             {.key = "/n/a", .value = "new", .if_absent = true},
                                             {.key = "/n/c", .value = "2", .if_absent = true},
                                             {.key = "/n/d", .value = "3"}});
  EXPECT_EQ(revisions, (std::vector<int64_t>{2, 0, 3, 4}));
  EXPECT_EQ(s.Get("/n/a")->value, "old");
  EXPECT_EQ(s.Get("/n/c")->value, "2");
  EXPECT_EQ(s.Get("/n/c")->create_revision, 3);
  EXPECT_EQ(Describe(s.Watch("/n/", 2, milliseconds(0))),
            Lines({"put /n/b@2", "put /n/c@3", "put /n/d@4"}));
  EXPECT_TRUE(s.Commit({}).empty());
  EXPECT_EQ(s.Commit({{.key = "/n/a", .value = "x", .if_absent = true}}), std::vector<int64_t>{0});
  EXPECT_EQ(s.Range("/").revision, 4);
}

TYPED_TEST(StoreTest, CommitWithABadLeaseOrTooManyWritesWritesNothing) {
  Store& s = *this->store_;
  int64_t lease = s.GrantLease(seconds(10));
  EXPECT_THROW(s.Commit({{.key = "/a", .value = "1", .lease = lease},
                         {.key = "/b", .value = "2", .lease = 12345}}),
               StoreError);
  std::vector<Write> too_many(Store::kMaxCommitWrites + 1);
  for (size_t i = 0; i < too_many.size(); ++i) too_many[i].key = "/k" + std::to_string(i);
  EXPECT_THROW(s.Commit(too_many), StoreError);
  EXPECT_TRUE(this->Keys("/").empty());
  EXPECT_EQ(s.Range("/").revision, 0);
  too_many.pop_back();
  EXPECT_EQ(s.Commit(too_many).back(), static_cast<int64_t>(Store::kMaxCommitWrites));
}

// Unlike etcd, these stores take a key twice in one Commit: each value is an event of its own,
// so a node's states of one pass all reach the watchers, in one transaction.
TYPED_TEST(StoreTest, CommitTakesAKeyTwiceAndKeepsEveryValue) {
  Store& s = *this->store_;
  EXPECT_TRUE(s.CommitRepeatsKeys());
  std::vector<int64_t> revisions = s.Commit({{.key = "/s", .value = "initial", .if_absent = true},
                                             {.key = "/s", .value = "created"},
                                             {.key = "/s", .value = "x", .if_absent = true},
                                             {.key = "/s", .value = "started"}});
  EXPECT_EQ(revisions, (std::vector<int64_t>{1, 2, 0, 3}));
  std::vector<std::string> values;
  for (const Event& e : s.Watch("/", 1, milliseconds(0)).events) values.push_back(e.kv.value);
  EXPECT_EQ(values, Lines({"initial", "created", "started"}));
  EXPECT_EQ(s.Get("/s")->create_revision, 1);
}

TYPED_TEST(StoreTest, CommittedKeysGoWithTheirLease) {
  Store& s = *this->store_;
  int64_t lease = s.GrantLease(seconds(10));
  s.Commit({{.key = "/agents/a", .value = "me", .lease = lease, .if_absent = true},
            {.key = "/agents/b", .value = "me", .lease = lease, .if_absent = true},
            {.key = "/kept", .value = "1"}});
  EXPECT_EQ(s.Get("/agents/a")->lease, lease);
  s.RevokeLease(lease);
  EXPECT_EQ(this->Keys("/"), Lines({"/kept"}));
}

TYPED_TEST(StoreTest, CompareAndSwapChecksTheModRevision) {
  Store& store = *this->store_;
  int64_t rev = store.Put("/n", "a");
  EXPECT_TRUE(store.CompareAndSwap("/n", rev, "b"));
  EXPECT_FALSE(store.CompareAndSwap("/n", rev, "c"));
  EXPECT_EQ(store.Get("/n")->value, "b");
  EXPECT_EQ(store.Get("/n")->create_revision, rev);
  store.Delete("/n");
  EXPECT_FALSE(store.CompareAndSwap("/n", rev + 1, "d"));
  EXPECT_TRUE(store.CompareAndSwap("/n", 0, "e"));
  EXPECT_EQ(store.Get("/n")->create_revision, 4);  // a new key after the delete
}

TYPED_TEST(StoreTest, DeleteWritesADeleteEvent) {
  Store& store = *this->store_;
  store.Put("/a", "1");
  EXPECT_TRUE(store.Delete("/a"));
  EXPECT_FALSE(store.Delete("/a"));
  EXPECT_FALSE(store.Get("/a"));
  WatchResult watch = store.Watch("/", 1, milliseconds(0));
  EXPECT_EQ(Describe(watch), Lines({"put /a@1", "delete /a@2"}));
  EXPECT_EQ(watch.events[1].kv.value, "");
  EXPECT_EQ(watch.next_revision, 3);
  EXPECT_EQ(store.Put("/b", "2"), 3);  // deleting nothing took no revision
}

TYPED_TEST(StoreTest, DeletePrefixDeletesOnlyUnderThePrefix) {
  Store& store = *this->store_;
  for (const char* key : {"/a/b/1", "/a/b/2", "/a/bc", "/a/b"}) store.Put(key, "x");
  EXPECT_EQ(store.DeletePrefix("/a/b/"), 2);
  EXPECT_EQ(this->Keys("/a/"), Lines({"/a/b", "/a/bc"}));
  // One revision per deleted key, so every event has a revision of its own.
  EXPECT_EQ(Describe(store.Watch("/", 5, milliseconds(0))),
            Lines({"delete /a/b/1@5", "delete /a/b/2@6"}));
  EXPECT_EQ(store.DeletePrefix("/none/"), 0);
}

TYPED_TEST(StoreTest, RangeIsSortedWithTheStoreRevision) {
  Store& store = *this->store_;
  for (const char* key : {"/r/c", "/r/a", "/x", "/r/b"}) store.Put(key, key);
  RangeResult range = store.Range("/r/");
  EXPECT_EQ(this->Keys("/r/"), Lines({"/r/a", "/r/b", "/r/c"}));
  EXPECT_EQ(range.revision, 4);
  EXPECT_EQ(range.kvs[0].value, "/r/a");
  EXPECT_EQ(range.kvs[0].mod_revision, 2);
  RangeResult none = store.Range("/none/");
  EXPECT_TRUE(none.kvs.empty());
  EXPECT_EQ(none.revision, 4);
}

TYPED_TEST(StoreTest, WatchSeesEveryEventInOrderIncludingEarlierOnes) {
  Store& store = *this->store_;
  store.Put("/w/1", "a");
  store.Put("/w/2", "b");
  std::thread writer([&store] {
    for (int i = 3; i <= 60; ++i) store.Put("/w/" + std::to_string(i), "c");
  });
  std::vector<int64_t> revisions;
  int64_t next = 1;
  while (revisions.size() < 60) {
    WatchResult batch = store.Watch("/w/", next, seconds(5));
    ASSERT_FALSE(batch.compacted);
    ASSERT_FALSE(batch.events.empty()) << "timed out after " << revisions.size() << " events";
    for (const Event& event : batch.events) {
      EXPECT_EQ(event.kv.key, "/w/" + std::to_string(event.kv.mod_revision));
      revisions.push_back(event.kv.mod_revision);
    }
    next = batch.next_revision;
  }
  writer.join();
  for (size_t i = 0; i < revisions.size(); ++i) EXPECT_EQ(revisions[i], int64_t(i) + 1);
  EXPECT_EQ(next, 61);
}

TYPED_TEST(StoreTest, WatchWakesOnAWrite) {
  Store& store = *this->store_;
  auto start = std::chrono::steady_clock::now();
  std::thread writer([&store] {
    std::this_thread::sleep_for(milliseconds(30));
    store.Put("/w/x", "1");
  });
  WatchResult batch = store.Watch("/w/", 1, seconds(5));
  writer.join();
  EXPECT_EQ(Describe(batch), Lines({"put /w/x@1"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(2));
}

TYPED_TEST(StoreTest, WatchTimesOutEmptyWithTheNextRevision) {
  Store& store = *this->store_;
  store.Put("/other", "1");
  auto start = std::chrono::steady_clock::now();
  WatchResult batch = store.Watch("/mine/", 1, milliseconds(30));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(30));
  EXPECT_TRUE(batch.events.empty());
  EXPECT_FALSE(batch.compacted);
  EXPECT_EQ(batch.next_revision, 2);
}

TYPED_TEST(StoreTest, PrefixesAreBytesNotPaths) {
  Store& store = *this->store_;
  store.Put("/a/bc", "1");
  store.Put("/a/b/x", "2");
  store.Put("/a/b", "3");
  EXPECT_EQ(Describe(store.Watch("/a/b/", 1, milliseconds(0))), Lines({"put /a/b/x@2"}));
  EXPECT_EQ(this->Keys("/a/b/"), Lines({"/a/b/x"}));
}

TYPED_TEST(StoreTest, WatchFromACompactedRevisionSaysSo) {
  std::unique_ptr<Store> store = this->Open(5);
  for (int i = 1; i <= 20; ++i) store->Put("/c/" + std::to_string(i), "x");
  WatchResult old = store->Watch("/c/", 1, milliseconds(0));
  EXPECT_TRUE(old.compacted);
  EXPECT_TRUE(old.events.empty());
  // The last max_events revisions are always kept.
  WatchResult recent = store->Watch("/c/", 16, milliseconds(0));
  EXPECT_FALSE(recent.compacted);
  EXPECT_EQ(recent.events.size(), 5u);
  // What a caller does after compacted: list again, watch on from there.
  RangeResult range = store->Range("/c/");
  EXPECT_EQ(range.kvs.size(), 20u);
  WatchResult after = store->Watch("/c/", range.revision + 1, milliseconds(0));
  EXPECT_FALSE(after.compacted);
  EXPECT_EQ(after.next_revision, 21);
}

TYPED_TEST(StoreTest, AnExpiredLeaseDeletesItsKeysWithDeleteEvents) {
  Store& store = *this->store_;
  int64_t lease = store.GrantLease(seconds(10));
  EXPECT_NE(lease, 0);
  store.Put("/agents/a", "up", lease);
  store.Put("/agents/b", "up");
  EXPECT_EQ(store.Get("/agents/a")->lease, lease);
  this->clock_.Advance(milliseconds(9999));
  EXPECT_TRUE(store.Get("/agents/a"));
  this->clock_.Advance(milliseconds(1));
  EXPECT_FALSE(store.Get("/agents/a"));
  EXPECT_EQ(this->Keys("/agents/"), Lines({"/agents/b"}));
  EXPECT_EQ(Describe(store.Watch("/agents/", 3, milliseconds(0))), Lines({"delete /agents/a@3"}));
  EXPECT_FALSE(store.KeepAlive(lease));
  EXPECT_THROW(store.Put("/agents/a", "again", lease), StoreError);
}

TYPED_TEST(StoreTest, AnExpiredLeaseWakesAWatcher) {
  Store& store = *this->store_;
  int64_t lease = store.GrantLease(seconds(10));
  store.Put("/agents/a", "up", lease);
  WatchResult batch;
  std::thread watcher([&] { batch = store.Watch("/agents/", 2, seconds(5)); });
  std::this_thread::sleep_for(milliseconds(20));
  this->clock_.Advance(seconds(11));
  watcher.join();
  EXPECT_EQ(Describe(batch), Lines({"delete /agents/a@2"}));
}

TYPED_TEST(StoreTest, KeepAliveExtendsALease) {
  Store& store = *this->store_;
  int64_t lease = store.GrantLease(seconds(10));
  store.Put("/agents/a", "up", lease);
  this->clock_.Advance(seconds(8));
  EXPECT_TRUE(store.KeepAlive(lease));
  this->clock_.Advance(seconds(8));
  EXPECT_TRUE(store.Get("/agents/a"));
  this->clock_.Advance(seconds(3));
  EXPECT_FALSE(store.Get("/agents/a"));
  EXPECT_FALSE(store.KeepAlive(lease));
  EXPECT_FALSE(store.KeepAlive(12345));
}

TYPED_TEST(StoreTest, RevokeDeletesTheLeasesKeys) {
  Store& store = *this->store_;
  int64_t lease = store.GrantLease(seconds(10));
  int64_t other = store.GrantLease(seconds(10));
  EXPECT_NE(lease, other);
  store.Put("/agents/b", "up", lease);
  store.Put("/agents/a", "up", lease);
  store.Put("/agents/c", "up", other);
  store.RevokeLease(lease);
  EXPECT_EQ(this->Keys("/agents/"), Lines({"/agents/c"}));
  EXPECT_EQ(Describe(store.Watch("/agents/", 4, milliseconds(0))),
            Lines({"delete /agents/a@4", "delete /agents/b@5"}));
  EXPECT_FALSE(store.KeepAlive(lease));
  EXPECT_TRUE(store.KeepAlive(other));
  store.RevokeLease(lease);  // twice: nothing to do
  store.RevokeLease(999);
}

TYPED_TEST(StoreTest, PuttingAgainWithoutTheLeaseDetachesTheKey) {
  Store& store = *this->store_;
  int64_t lease = store.GrantLease(seconds(10));
  store.Put("/k", "leased", lease);
  store.Put("/k", "kept");
  store.RevokeLease(lease);
  ASSERT_TRUE(store.Get("/k"));
  EXPECT_EQ(store.Get("/k")->lease, 0);
}

TYPED_TEST(StoreTest, APutWithAnUnknownLeaseThrowsAndWritesNothing) {
  Store& store = *this->store_;
  EXPECT_THROW(store.Put("/k", "v", 12345), StoreError);
  EXPECT_THROW(store.CompareAndSwap("/k", 0, "v", 12345), StoreError);
  EXPECT_FALSE(store.Get("/k"));
  EXPECT_EQ(store.Range("/").revision, 0);
}

TYPED_TEST(StoreTest, ConcurrentWritersGetDistinctRevisions) {
  Store& store = *this->store_;
  constexpr int kThreads = 4, kPuts = 50;
  std::vector<std::vector<int64_t>> revisions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPuts; ++i) {
        revisions[t].push_back(store.Put("/t/" + std::to_string(t) + "/" + std::to_string(i), "x"));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<int64_t> all;
  for (const auto& some : revisions) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], int64_t(i) + 1);
  RangeResult range = store.Range("/t/");
  EXPECT_EQ(range.kvs.size(), size_t(kThreads * kPuts));
  EXPECT_EQ(range.revision, kThreads * kPuts);
}

}  // namespace
}  // namespace toscac::agent::store
