// HTTP to etcd's JSON gateway, with failover between endpoints and authentication.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/etcd_store.h"

namespace toscac::agent::store {

std::string Base64Encode(const std::string& bytes);
std::string Base64Decode(const std::string& text);
int64_t Int64(const nlohmann::json& j, const char* field);  // "123" or absent (0)

class EtcdHttp {
 public:
  explicit EtcdHttp(EtcdConfig config);
  ~EtcdHttp();
  EtcdHttp(const EtcdHttp&) = delete;
  EtcdHttp& operator=(const EtcdHttp&) = delete;
  // POSTs to `path` of the current endpoint, moving on to the next on a connection failure.
  // Throws StoreError when no endpoint answers or etcd reports an error.
  nlohmann::json Post(const std::string& path, const nlohmann::json& body);
  // Streams `path`: `on_line` gets each newline-delimited JSON document; returning false, or
  // `stop` becoming true, ends the stream. Returns normally when the stream ends; throws
  // StoreError when no endpoint could be reached.
  void Stream(const std::string& path, const nlohmann::json& body,
              const std::function<bool(const nlohmann::json&)>& on_line,
              const std::atomic<bool>& stop);
  const EtcdConfig& config() const { return config_; }

 private:
  struct Reply {
    long status = 0;
    std::string body;
    std::string error;  // transport failure
  };
  Reply Perform(const std::string& endpoint, const std::string& path, const std::string& body,
                const std::function<bool(const std::string&)>* on_data,
                const std::atomic<bool>* stop, bool streaming);
  // An easy handle for one request: an idle one when there is one, with its connection to the
  // endpoint it last talked to still open, so that the request skips TCP's handshake.
  void* Acquire(bool streaming);
  void Release(void* curl, bool reuse);
  std::string Token();
  std::string Authenticate(const std::string& endpoint);

  EtcdConfig config_;
  std::mutex mutex_;
  size_t current_ = 0;  // endpoint that answered last
  std::string token_;
  std::mutex idle_mutex_;
  std::vector<void*> idle_;  // CURL*, at most kIdleHandles
};

}  // namespace toscac::agent::store
