// The etcd store against a real etcd (Debian's etcd-server), started by the test on loopback
// ports: the key-value calls, watch from a revision, leases, compaction, namespaces,
// failover between members, and authentication.
#include "store/etcd_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "etcd_cluster.h"
#include "store/etcd_http.h"
#include "store/store.h"

namespace toscac::agent::store {
namespace {

using std::chrono::milliseconds;
using testing::EtcdCluster;
using ::testing::HasSubstr;

// One single-member cluster for the suite: starting etcd takes about a second.
class EtcdStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new EtcdCluster(1); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(cluster_->ok()) << cluster_->error();
    // Each test in a namespace of its own, so the tests do not see each other's keys.
    store_ = OpenStore(cluster_->Url(
        "prefix=/" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())));
  }
  static EtcdCluster* cluster_;
  std::unique_ptr<Store> store_;
};
EtcdCluster* EtcdStoreTest::cluster_ = nullptr;

TEST_F(EtcdStoreTest, GetPutCompareAndSwapDelete) {
  EXPECT_FALSE(store_->Get("/a").has_value());
  int64_t r1 = store_->Put("/a", std::string("x\0y", 3));
  auto kv = store_->Get("/a");
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->key, "/a");
  EXPECT_EQ(kv->value, std::string("x\0y", 3));
  EXPECT_EQ(kv->mod_revision, r1);
  EXPECT_EQ(kv->create_revision, r1);
  EXPECT_FALSE(store_->CompareAndSwap("/a", 0, "z"));
  EXPECT_FALSE(store_->CompareAndSwap("/a", r1 + 100, "z"));
  EXPECT_TRUE(store_->CompareAndSwap("/a", r1, "z"));
  EXPECT_EQ(store_->Get("/a")->value, "z");
  EXPECT_TRUE(store_->CompareAndSwap("/b", 0, "new"));
  int64_t created = store_->Create("/c", "first");
  ASSERT_GT(created, 0);
  EXPECT_EQ(store_->Get("/c")->mod_revision, created);
  EXPECT_EQ(store_->Create("/c", "second"), 0);
  EXPECT_EQ(store_->Get("/c")->value, "first");
  EXPECT_TRUE(store_->Delete("/a"));
  EXPECT_FALSE(store_->Delete("/a"));
  EXPECT_FALSE(store_->Get("/a"));
}

// One txn: one revision for every write; an if_absent write on a key that exists is skipped
// alone (a nested txn), the others land.
TEST_F(EtcdStoreTest, CommitIsOneTransactionThatSkipsKeysThatExist) {
  int64_t first = store_->Put("/n/a", "old");
  int64_t lease = store_->GrantLease(std::chrono::seconds(10));
  std::vector<int64_t> revisions =
      store_->Commit({{.key = "/n/b", .value = "1"},
                      {.key = "/n/a", .value = "new", .if_absent = true},
                      {.key = "/n/c", .value = "2", .lease = lease, .if_absent = true}});
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0], first + 1);
  EXPECT_EQ(revisions[1], 0);
  EXPECT_EQ(revisions[2], first + 1);
  EXPECT_EQ(store_->Get("/n/a")->value, "old");
  EXPECT_EQ(store_->Get("/n/c")->lease, lease);
  auto batch = store_->Watch("/n/", first + 1, milliseconds(2000));
  ASSERT_EQ(batch.events.size(), 2u);
  EXPECT_EQ(batch.events[0].kv.key, "/n/b");
  EXPECT_EQ(batch.events[1].kv.key, "/n/c");
  EXPECT_FALSE(store_->CommitRepeatsKeys());
  EXPECT_THROW(store_->Commit({{.key = "/n/d", .value = "1"}, {.key = "/n/d", .value = "2"}}),
               StoreError);
  EXPECT_THROW(store_->Commit(
                   {{.key = "/n/d", .value = "1"}, {.key = "/n/e", .value = "1", .lease = 12345}}),
               StoreError);
  EXPECT_FALSE(store_->Get("/n/d"));
  std::vector<Write> most(Store::kMaxCommitWrites);
  for (size_t i = 0; i < most.size(); ++i) {
    most[i] = {.key = "/m/" + std::to_string(i), .value = "v", .if_absent = i % 2 == 0};
  }
  EXPECT_GT(store_->Commit(most).back(), 0);
  EXPECT_EQ(store_->Range("/m/").kvs.size(), Store::kMaxCommitWrites);
  store_->RevokeLease(lease);
  EXPECT_FALSE(store_->Get("/n/c"));
}

TEST_F(EtcdStoreTest, RangeAndDeletePrefixStayUnderThePrefix) {
  store_->Put("/p/b", "2");
  store_->Put("/p/a", "1");
  store_->Put("/pq", "outside");
  auto range = store_->Range("/p/");
  ASSERT_EQ(range.kvs.size(), 2u);
  EXPECT_EQ(range.kvs[0].key, "/p/a");
  EXPECT_EQ(range.kvs[1].key, "/p/b");
  EXPECT_GE(range.revision, range.kvs[0].mod_revision);
  EXPECT_EQ(store_->DeletePrefix("/p/"), 2);
  EXPECT_TRUE(store_->Get("/pq"));
}

TEST_F(EtcdStoreTest, WatchFromARevisionSeesEveryEventInOrder) {
  int64_t first = store_->Put("/w/a", "1");
  store_->Put("/w/b", "2");
  store_->Delete("/w/a");
  store_->Put("/other", "not watched");
  std::vector<Event> seen;
  int64_t next = first;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (seen.size() < 4 && std::chrono::steady_clock::now() < deadline) {
    if (seen.size() == 3) store_->Put("/w/c", "after the watch began");
    WatchResult batch = store_->Watch("/w/", next, milliseconds(500));
    ASSERT_FALSE(batch.compacted);
    for (const Event& e : batch.events) seen.push_back(e);
    next = batch.next_revision;
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].kv.key, "/w/a");
  EXPECT_EQ(seen[0].type, Event::Type::kPut);
  EXPECT_EQ(seen[1].kv.key, "/w/b");
  EXPECT_EQ(seen[2].kv.key, "/w/a");
  EXPECT_EQ(seen[2].type, Event::Type::kDelete);
  EXPECT_EQ(seen[3].kv.value, "after the watch began");
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_LT(seen[i - 1].kv.mod_revision, seen[i].kv.mod_revision);
  }
  WatchResult idle = store_->Watch("/w/", next, milliseconds(100));
  EXPECT_TRUE(idle.events.empty());
  EXPECT_EQ(idle.next_revision, next);
}

TEST_F(EtcdStoreTest, AnExpiredLeaseDeletesItsKeysAndWatchersSeeIt) {
  int64_t lease = store_->GrantLease(std::chrono::seconds(1));
  int64_t rev = store_->Put("/l/alive", "yes", lease);
  EXPECT_TRUE(store_->KeepAlive(lease));
  EXPECT_EQ(store_->Get("/l/alive")->lease, lease);
  bool deleted = false;
  int64_t next = rev + 1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!deleted && std::chrono::steady_clock::now() < deadline) {
    WatchResult batch = store_->Watch("/l/", next, milliseconds(500));
    for (const Event& e : batch.events) deleted |= e.type == Event::Type::kDelete;
    next = batch.next_revision;
  }
  EXPECT_TRUE(deleted);
  EXPECT_FALSE(store_->Get("/l/alive"));
  EXPECT_FALSE(store_->KeepAlive(lease));
  store_->RevokeLease(lease);  // already gone: not an error
}

TEST_F(EtcdStoreTest, RevokeDeletesTheLeasesKeys) {
  int64_t lease = store_->GrantLease(std::chrono::seconds(30));
  store_->Put("/r/k", "v", lease);
  store_->RevokeLease(lease);
  EXPECT_FALSE(store_->Get("/r/k"));
}

TEST_F(EtcdStoreTest, CompactionCancelsAWatchFromAnOlderRevision) {
  int64_t first = store_->Put("/c/a", "1");
  int64_t last = store_->Put("/c/a", "2");
  EtcdHttp http(ParseEtcdUrl(cluster_->Url()));
  http.Post("/v3/kv/compaction", {{"revision", std::to_string(last)}, {"physical", true}});
  WatchResult batch = store_->Watch("/c/", first, milliseconds(2000));
  EXPECT_TRUE(batch.compacted);
  // Re-list, then watch from the range's revision: it works again.
  auto range = store_->Range("/c/");
  ASSERT_EQ(range.kvs.size(), 1u);
  store_->Put("/c/b", "3");
  WatchResult after = store_->Watch("/c/", range.revision + 1, milliseconds(2000));
  EXPECT_FALSE(after.compacted);
  ASSERT_EQ(after.events.size(), 1u);
  EXPECT_EQ(after.events[0].kv.key, "/c/b");
}

TEST_F(EtcdStoreTest, NamespacesNeverSeeEachOthersKeys) {
  auto a = OpenStore(cluster_->Url("prefix=/tenant-a"));
  auto b = OpenStore(cluster_->Url("prefix=/tenant-b"));
  a->Put("/toscac/shop/desired", "up");
  EXPECT_FALSE(b->Get("/toscac/shop/desired"));
  EXPECT_TRUE(b->Range("/").kvs.empty());
  auto in_a = a->Range("/");
  ASSERT_EQ(in_a.kvs.size(), 1u);
  EXPECT_EQ(in_a.kvs[0].key, "/toscac/shop/desired");
}

TEST(EtcdUrlTest, ParsesEndpointsCredentialsAndOptions) {
  EtcdConfig c = ParseEtcdUrl("etcd://u:p@h1:2379,h2:2379/?prefix=/x&cacert=/ca.pem");
  EXPECT_THAT(c.endpoints, ::testing::ElementsAre("http://h1:2379", "http://h2:2379"));
  EXPECT_EQ(c.user, "u");
  EXPECT_EQ(c.password, "p");
  EXPECT_EQ(c.prefix, "/x");
  EXPECT_EQ(c.ca_file, "/ca.pem");
  EtcdConfig tls = ParseEtcdUrl("etcds://h:2379?cert=c.pem&key=k.pem");
  EXPECT_THAT(tls.endpoints, ::testing::ElementsAre("https://h:2379"));
  EXPECT_EQ(tls.cert_file, "c.pem");
  EXPECT_EQ(tls.key_file, "k.pem");
  EXPECT_THROW(ParseEtcdUrl("http://h:2379"), StoreError);
}

TEST(EtcdClusterTest, ThreeMembersSurviveOneStoppingAndLoseNothing) {
  EtcdCluster cluster(3);
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  auto store = OpenStore(cluster.Url());
  int64_t start = store->Put("/f/0", "0");
  // The first endpoint is the one the store uses: stop it.
  cluster.Stop(0);
  for (int i = 1; i <= 20; ++i) store->Put("/f/" + std::to_string(i), std::to_string(i));
  EXPECT_EQ(store->Range("/f/").kvs.size(), 21u);
  size_t seen = 0;
  int64_t next = start;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (seen < 21 && std::chrono::steady_clock::now() < deadline) {
    WatchResult batch = store->Watch("/f/", next, milliseconds(500));
    seen += batch.events.size();
    next = batch.next_revision;
  }
  EXPECT_EQ(seen, 21u);
  ASSERT_TRUE(cluster.Start(0));
  // The restarted member catches up: read through it alone.
  auto deadline2 = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  size_t count = 0;
  while (std::chrono::steady_clock::now() < deadline2) {
    try {
      count = OpenStore("etcd://" + cluster.Endpoint(0))->Range("/f/").kvs.size();
      if (count == 21) break;
    } catch (const StoreError&) {
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_EQ(count, 21u);
}

TEST(EtcdClusterTest, UserAndPasswordAuthentication) {
  EtcdCluster cluster(1);
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  std::string endpoint = "--endpoints=" + cluster.Endpoint(0);
  std::string setup = "ETCDCTL_API=3 etcdctl " + endpoint + " user add root:secret >/dev/null && " +
                      "ETCDCTL_API=3 etcdctl " + endpoint + " auth enable >/dev/null";
  ASSERT_EQ(std::system(setup.c_str()), 0) << "etcdctl (Debian's etcd-client) is needed";
  auto store = OpenStore("etcd://root:secret@" + cluster.Endpoint(0));
  store->Put("/secret", "v");
  EXPECT_EQ(store->Get("/secret")->value, "v");
  EXPECT_THAT([&] { OpenStore("etcd://root:wrong@" + cluster.Endpoint(0)); },
              ::testing::ThrowsMessage<StoreError>(HasSubstr("authentication")));
  EXPECT_THAT([&] { OpenStore("etcd://" + cluster.Endpoint(0))->Put("/x", "y"); },
              ::testing::Throws<StoreError>());
}

TEST(EtcdClusterTest, TlsWithACaFileAndAClientCertificate) {
  EtcdCluster cluster(1, /*tls=*/true);
  ASSERT_TRUE(cluster.ok()) << cluster.error();
  auto store = OpenStore(cluster.Url("prefix=/tls"));
  int64_t rev = store->Put("/k", "v");
  EXPECT_EQ(store->Get("/k")->value, "v");
  auto batch = store->Watch("/", rev, std::chrono::seconds(5));
  ASSERT_EQ(batch.events.size(), 1u);
  EXPECT_EQ(batch.events[0].kv.key, "/k");
  // Without the client certificate, or trusting another CA, nothing gets through.
  std::string endpoint = cluster.Endpoint(0);
  EXPECT_THAT(
      [&] {
        OpenStore("etcds://" + endpoint + "/?cacert=" + cluster.TlsFile("ca.crt"))->Put("/x", "y");
      },
      ::testing::Throws<StoreError>());
  EXPECT_THAT(
      [&] {
        OpenStore("etcds://" + endpoint + "/?cacert=" + cluster.TlsFile("client.crt") + "&cert=" +
                  cluster.TlsFile("client.crt") + "&key=" + cluster.TlsFile("client.key"))
            ->Put("/x", "y");
      },
      ::testing::Throws<StoreError>());
  // Plain HTTP to a TLS member fails too.
  EXPECT_THAT([&] { OpenStore("etcd://" + endpoint)->Put("/x", "y"); },
              ::testing::Throws<StoreError>());
}

}  // namespace
}  // namespace toscac::agent::store
