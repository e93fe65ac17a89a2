// What only the SQLite store promises: several stores and processes share one file, a killed
// writer loses nothing it acknowledged, and errors name the file.
#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "store_test_support.h"

namespace toscac::agent::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeClock;
using ::testing::HasSubstr;
using testing::TempDir;

// Runs body in a child process that exits with 0, or 1 when body throws. Nothing of gtest's
// runs in the child: it leaves by _exit.
template <typename Body>
pid_t Fork(Body body) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int status = 0;
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child %d: %s\n", static_cast<int>(getpid()), e.what());
    status = 1;
  }
  _exit(status);
}

int WaitFor(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return status;
}

bool ReadFull(int fd, void* data, size_t size) {
  auto* bytes = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = read(fd, bytes, size);
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// What `watcher` sees from `from_revision` on (waiting up to 5 s) when `event` happens while
// it waits.
template <typename Act>
WatchResult WatchThrough(SqliteStore& watcher, const std::string& prefix, int64_t from_revision,
                         Act event) {
  WatchResult batch;
  std::thread watching([&] { batch = watcher.Watch(prefix, from_revision, seconds(5)); });
  std::this_thread::sleep_for(milliseconds(30));
  event();
  watching.join();
  return batch;
}

TEST(SqliteStoreTest, TwoStoresOnOneFileSeeEachOthersWrites) {
  TempDir dir;
  SqliteStore a(dir.File("s.db"));
  SqliteStore b(dir.File("s.db"));
  a.Put("/x", "from a");
  EXPECT_EQ(b.Get("/x")->value, "from a");
  WatchResult batch = WatchThrough(b, "/w/", 2, [&] { a.Put("/w/1", "hello"); });
  ASSERT_EQ(batch.events.size(), 1u);
  EXPECT_EQ(batch.events[0].kv.value, "hello");
  EXPECT_EQ(batch.events[0].kv.mod_revision, 2);
  EXPECT_EQ(b.Put("/x", "from b"), 3);
  EXPECT_EQ(a.Get("/x")->create_revision, 1);
}

// A store that has seen no event for a while looks less often; it still sees the next one, and
// a lease that lapses meanwhile (the watch's only news without a write).
TEST(SqliteStoreTest, AQuietWatchStillSeesTheNextWriteAndAnExpiredLease) {
  TempDir dir;
  FakeClock clock;
  SqliteStoreOptions quiet{.poll_interval = milliseconds(2),
                           .idle_poll_interval = milliseconds(50),
                           .quiet_after = milliseconds(20),
                           .now_ms = clock.Function()};
  SqliteStore a(dir.File("s.db"), quiet);
  SqliteStore b(dir.File("s.db"), quiet);
  int64_t lease = a.GrantLease(seconds(5));
  a.Put("/w/leased", "up", lease);
  WatchResult nothing = b.Watch("/w/", 2, milliseconds(100));  // quiet for 100 ms
  EXPECT_TRUE(nothing.events.empty());

  WatchResult batch = WatchThrough(b, "/w/", 2, [&] { a.Put("/w/1", "hello"); });
  ASSERT_EQ(batch.events.size(), 1u);
  EXPECT_EQ(batch.events[0].kv.value, "hello");

  WatchResult more = b.Watch("/w/", batch.next_revision, milliseconds(100));  // quiet again
  EXPECT_TRUE(more.events.empty());
  batch = WatchThrough(b, "/w/", more.next_revision, [&] { clock.Advance(seconds(6)); });
  ASSERT_EQ(batch.events.size(), 1u);
  EXPECT_EQ(batch.events[0].type, Event::Type::kDelete);
  EXPECT_EQ(batch.events[0].kv.key, "/w/leased");
}

// An agent's lease lapses; another store on the file, which never wrote, sees the delete.
TEST(SqliteStoreTest, AnotherStoreSeesALeaseExpire) {
  TempDir dir;
  FakeClock clock;
  SqliteStore agent(dir.File("s.db"), {.now_ms = clock.Function()});
  SqliteStore observer(dir.File("s.db"), {.now_ms = clock.Function()});
  int64_t lease = agent.GrantLease(seconds(5));
  agent.Put("/agents/db", "up", lease);
  WatchResult batch = WatchThrough(observer, "/agents/", 2, [&] { clock.Advance(seconds(6)); });
  ASSERT_EQ(batch.events.size(), 1u);
  EXPECT_EQ(batch.events[0].type, Event::Type::kDelete);
  EXPECT_EQ(batch.events[0].kv.key, "/agents/db");
  EXPECT_FALSE(agent.KeepAlive(lease));
}

TEST(SqliteStoreTest, ReopeningKeepsKeysRevisionsAndLeases) {
  TempDir dir;
  FakeClock clock;
  int64_t lease = 0;
  {
    SqliteStore store(dir.File("s.db"), {.now_ms = clock.Function()});
    lease = store.GrantLease(seconds(10));
    store.Put("/a", "1", lease);
    store.Put("/b", "2");
  }
  SqliteStore store(dir.File("s.db"), {.now_ms = clock.Function()});
  EXPECT_EQ(store.Range("/").revision, 2);
  EXPECT_EQ(store.Get("/a")->lease, lease);
  EXPECT_TRUE(store.KeepAlive(lease));
  EXPECT_EQ(store.Put("/c", "3"), 3);
  EXPECT_NE(store.GrantLease(seconds(1)), lease);
}

TEST(SqliteStoreTest, ProcessesWritingAtOnceLoseNothing) {
  TempDir dir;
  const std::string path = dir.File("s.db");
  constexpr int kChildren = 4, kPuts = 50;
  std::vector<pid_t> children;
  for (int c = 0; c < kChildren; ++c) {
    children.push_back(Fork([&path, c] {
      SqliteStore store(path);
      for (int i = 0; i < kPuts; ++i) {
        store.Put("/p/" + std::to_string(c) + "/" + std::to_string(i), "x");
      }
    }));
  }
  for (pid_t child : children) EXPECT_EQ(WaitFor(child), 0);
  SqliteStore store(path);
  RangeResult range = store.Range("/p/");
  EXPECT_EQ(range.kvs.size(), size_t(kChildren * kPuts));
  EXPECT_EQ(range.revision, kChildren * kPuts);
  EXPECT_EQ(store.Watch("/p/", 1, milliseconds(0)).events.size(), size_t(kChildren * kPuts));
}

// The child acknowledges each put through a pipe once Put has returned; after SIGKILL every
// acknowledged put must be in the file, at its revision.
TEST(SqliteStoreTest, AKilledWriterKeepsEveryAcknowledgedPut) {
  TempDir dir;
  const std::string path = dir.File("s.db");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = Fork([&] {
    close(fds[0]);
    SqliteStore store(path);
    for (int64_t i = 0;; ++i) {
      int64_t ack[2] = {i, store.Put("/k/" + std::to_string(i), std::to_string(i))};
      if (write(fds[1], ack, sizeof ack) != sizeof ack) return;
    }
  });
  close(fds[1]);
  std::vector<std::pair<int64_t, int64_t>> acks;
  int64_t ack[2];
  while (acks.size() < 200 && ReadFull(fds[0], ack, sizeof ack)) acks.emplace_back(ack[0], ack[1]);
  kill(child, SIGKILL);
  while (ReadFull(fds[0], ack, sizeof ack)) acks.emplace_back(ack[0], ack[1]);
  close(fds[0]);
  int status = WaitFor(child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  ASSERT_GE(acks.size(), 200u);

  SqliteStore store(path);
  for (const auto& [i, revision] : acks) {
    std::optional<KeyValue> kv = store.Get("/k/" + std::to_string(i));
    ASSERT_TRUE(kv) << "acknowledged put " << i << " is lost";
    EXPECT_EQ(kv->mod_revision, revision);
  }
  EXPECT_GE(store.Range("/k/").revision, acks.back().second);
}

TEST(SqliteStoreTest, AWatchReturnsOneBatchAtATime) {
  TempDir dir;
  SqliteStore store(dir.File("s.db"));
  for (int i = 1; i <= 1200; ++i) store.Put("/b/" + std::to_string(i), "x");
  WatchResult first = store.Watch("/b/", 1, milliseconds(0));
  ASSERT_EQ(first.events.size(), 1000u);
  EXPECT_EQ(first.next_revision, 1001);
  WatchResult second = store.Watch("/b/", first.next_revision, milliseconds(0));
  ASSERT_EQ(second.events.size(), 200u);
  EXPECT_EQ(second.events.front().kv.key, "/b/1001");
  EXPECT_EQ(second.next_revision, 1201);
}

TEST(SqliteStoreTest, AMissingDirectoryIsNamed) {
  TempDir dir;
  const std::string path = dir.File("no/such/s.db");
  try {
    SqliteStore store(path);
    FAIL() << "opened " << path;
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()), "sqlite store '" + path + "': directory '" +
                                         dir.File("no/such") + "' does not exist");
  }
}

TEST(SqliteStoreTest, AFileThatIsNotADatabaseIsAStoreError) {
  TempDir dir;
  const std::string path = dir.File("junk.db");
  std::ofstream(path) << std::string(4096, 'x');
  try {
    SqliteStore store(path);
    FAIL() << "opened " << path;
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()), "sqlite store '" + path + "': file is not a database");
  }
}

TEST(SqliteStoreTest, ALockHeldPastTheBusyTimeoutIsAStoreError) {
  TempDir dir;
  const std::string path = dir.File("s.db");
  SqliteStore store(path, {.busy_timeout = milliseconds(50)});
  SqliteDb holder(path, milliseconds(50));
  SqliteTransaction transaction(holder, SqliteTransaction::Mode::kWrite);
  EXPECT_THAT([&] { store.Put("/k", "v"); },
              ::testing::ThrowsMessage<StoreError>(HasSubstr("database is locked")));
  // Readers are not blocked by a writer in WAL mode.
  EXPECT_EQ(store.Range("/").revision, 0);
}

}  // namespace
}  // namespace toscac::agent::store
