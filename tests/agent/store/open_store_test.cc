// OpenStore: which store a URL names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "store/store.h"
#include "store_test_support.h"

namespace toscac::agent::store {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;
using ::testing::ThrowsMessage;

TEST(OpenStoreTest, MemoryStoresAreEachTheirOwn) {
  std::unique_ptr<Store> a = OpenStore("memory:");
  std::unique_ptr<Store> b = OpenStore("memory:");
  a->Put("/k", "v");
  EXPECT_TRUE(a->Get("/k"));
  EXPECT_FALSE(b->Get("/k"));
}

TEST(OpenStoreTest, SqliteUrlsAndPlainPathsOpenTheSameFile) {
  TempDir dir;
  const std::string path = dir.File("s.db");
  OpenStore("sqlite:" + path)->Put("/k", "1");
  EXPECT_EQ(OpenStore(path)->Get("/k")->value, "1");
  EXPECT_EQ(OpenStore("sqlite://" + path)->Get("/k")->value, "1");
}

TEST(OpenStoreTest, AnUnreachableEtcdIsAStoreErrorNamingTheEndpoint) {
  // Port 1 on the loopback: nothing listens, the connection is refused at once.
  EXPECT_THAT([] { OpenStore("etcd://127.0.0.1:1"); },
              ThrowsMessage<StoreError>(HasSubstr("no endpoint answered")));
  EXPECT_THAT([] { OpenStore("etcd://"); },
              ThrowsMessage<StoreError>(HasSubstr("no etcd endpoint")));
}

TEST(OpenStoreTest, UnknownUrlsAreErrors) {
  EXPECT_THAT([] { OpenStore("redis://host"); },
              ThrowsMessage<StoreError>("unknown store url 'redis://host': expected sqlite:PATH, "
                                        "memory: or a path"));
  EXPECT_THAT([] { OpenStore("memory:x"); }, ThrowsMessage<StoreError>(HasSubstr("'memory:x'")));
  EXPECT_THAT([] { OpenStore(""); }, ThrowsMessage<StoreError>(HasSubstr("empty store url")));
  EXPECT_THAT([] { OpenStore("sqlite:"); }, ThrowsMessage<StoreError>(HasSubstr("no file path")));
}

}  // namespace
}  // namespace toscac::agent::store
