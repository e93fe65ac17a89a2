// The etcd v3 backend: the store shared by agents on several hosts. It speaks etcd's JSON
// gateway over HTTP(S) with libcurl: /v3/kv/range, put, txn (compare-and-swap),
// deleterange, a streamed /v3/watch, /v3/lease/grant, keepalive, revoke. Keys and values are
// base64 on the wire, 64-bit numbers arrive as strings, and zero fields are omitted.
//
//   etcd://127.0.0.1:2379,127.0.0.1:22379/?prefix=/team-a&user=u&password=p
//   etcds://h1:2379/?cacert=ca.pem&cert=client.pem&key=client-key.pem
//
// Several endpoints: a request that cannot reach one goes to the next. `prefix` puts every
// key under a namespace the caller never sees. A watch is one long-lived stream read by a
// thread of its own; Watch() hands out what it buffered and restarts the stream only when
// asked for another prefix or revision. A compaction cancels the stream: Watch then says
// `compacted` and the caller re-lists.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace toscac::agent::store {

struct EtcdConfig {
  std::vector<std::string> endpoints;  // "http://127.0.0.1:2379"
  std::string prefix;                  // prepended to every key
  std::string ca_file, cert_file, key_file;
  std::string user, password;
  std::chrono::milliseconds request_timeout{5000};
};

// Parses etcd:// and etcds:// URLs; throws StoreError on a malformed one.
EtcdConfig ParseEtcdUrl(const std::string& url);

std::unique_ptr<Store> OpenEtcdStore(const EtcdConfig& config);

}  // namespace toscac::agent::store
