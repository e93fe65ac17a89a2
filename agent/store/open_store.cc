#include <memory>
#include <string>
#include <string_view>

#include "store/etcd_store.h"
#include "store/memory_store.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace toscac::agent::store {

namespace {

constexpr std::string_view kSqlite = "sqlite:";
constexpr std::string_view kMemory = "memory:";

std::unique_ptr<Store> OpenSqlite(const std::string& url, std::string path) {
  // "sqlite:///var/lib/x.db" is the URL form of "sqlite:/var/lib/x.db".
  if (path.starts_with("//")) path.erase(0, 2);
  if (path.empty()) throw StoreError("store url '" + url + "' has no file path");
  return std::make_unique<SqliteStore>(path);
}

}  // namespace

std::unique_ptr<Store> OpenStore(const std::string& url) {
  if (url.empty()) throw StoreError("empty store url: expected sqlite:PATH, memory: or a path");
  if (url.starts_with(kSqlite)) return OpenSqlite(url, url.substr(kSqlite.size()));
  if (url == kMemory) return std::make_unique<MemoryStore>();
  if (url.starts_with("etcd://") || url.starts_with("etcds://")) {
    return OpenEtcdStore(ParseEtcdUrl(url));
  }
  // Any other "scheme://" names a store we do not know, and "memory:x" a typo: neither is
  // taken for a file name.
  if (url.find("://") != std::string::npos || url.starts_with(kMemory)) {
    throw StoreError("unknown store url '" + url + "': expected sqlite:PATH, memory: or a path");
  }
  return std::make_unique<SqliteStore>(url);
}

}  // namespace toscac::agent::store
