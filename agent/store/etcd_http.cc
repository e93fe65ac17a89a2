#include "store/etcd_http.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <chrono>

namespace toscac::agent::store {

namespace {
using nlohmann::json;

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

void EnsureCurl() { static CurlGlobal global; }

struct Transfer {
  std::string body;
  std::string pending;  // streaming: bytes after the last newline
  const std::function<bool(const std::string&)>* on_data = nullptr;
  const std::atomic<bool>* stop = nullptr;
  bool aborted = false;
};

size_t OnWrite(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (!t->on_data) {
    t->body.append(data, n);
    return n;
  }
  t->pending.append(data, n);
  size_t start = 0, newline;
  while ((newline = t->pending.find('\n', start)) != std::string::npos) {
    std::string line = t->pending.substr(start, newline - start);
    start = newline + 1;
    if (line.empty()) continue;
    if (!(*t->on_data)(line)) {
      t->aborted = true;
      return 0;  // ends the transfer
    }
  }
  t->pending.erase(0, start);
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->stop && t->stop->load()) {
    t->aborted = true;
    return 1;
  }
  return 0;
}

// etcd's gRPC codes that mean "try another member": unavailable, deadline, no leader
// (internal), and canceled: this client cancels nothing, so a canceled request is a member
// shutting down ("grpc: the client connection is closing", from its gateway).
bool Retryable(const json& error) {
  int code = error.value("code", 0);
  return code == 14 || code == 4 || code == 13 || code == 1;
}
}  // namespace

std::string Base64Encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Base64Decode(const std::string& text) {
  if (text.empty()) return "";
  std::string out(3 * text.size() / 4 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) throw StoreError("etcd sent invalid base64");
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t padding = 0;
  if (text.size() >= 1 && text[text.size() - 1] == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

int64_t Int64(const json& j, const char* field) {
  if (!j.is_object() || !j.contains(field)) return 0;
  const json& v = j[field];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) return std::stoll(v.get<std::string>());
  return 0;
}

// Handles kept for reuse: one per thread that talks to etcd at the same time is enough.
constexpr std::size_t kIdleHandles = 4;

EtcdHttp::EtcdHttp(EtcdConfig config) : config_(std::move(config)) {
  EnsureCurl();
  if (config_.endpoints.empty()) throw StoreError("etcd: no endpoint given");
}

EtcdHttp::~EtcdHttp() {
  for (void* curl : idle_) curl_easy_cleanup(static_cast<CURL*>(curl));
}

void* EtcdHttp::Acquire(bool streaming) {
  if (!streaming) {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    if (!idle_.empty()) {
      void* curl = idle_.back();
      idle_.pop_back();
      curl_easy_reset(static_cast<CURL*>(curl));  // options go; the open connection stays
      return curl;
    }
  }
  return curl_easy_init();
}

// A watch's handle, and one whose transfer failed, are closed: their connection is no use.
void EtcdHttp::Release(void* curl, bool reuse) {
  if (reuse) {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    if (idle_.size() < kIdleHandles) {
      idle_.push_back(curl);
      return;
    }
  }
  curl_easy_cleanup(static_cast<CURL*>(curl));
}

EtcdHttp::Reply EtcdHttp::Perform(const std::string& endpoint, const std::string& path,
                                  const std::string& body,
                                  const std::function<bool(const std::string&)>* on_data,
                                  const std::atomic<bool>* stop, bool streaming) {
  Reply reply;
  // The token first: authenticating may throw, and nothing of curl's may be held then.
  std::string token = path == "/v3/auth/authenticate" ? "" : Token();
  auto* curl = static_cast<CURL*>(Acquire(streaming));
  if (!curl) {
    reply.error = "cannot initialise libcurl";
    return reply;
  }
  Transfer transfer;
  transfer.on_data = on_data;
  transfer.stop = stop;
  std::string url = endpoint + path;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  std::string auth = "Authorization: " + token;
  if (!token.empty()) headers = curl_slist_append(headers, auth.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnWrite);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
  if (!streaming) {
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.request_timeout.count()));
  } else {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    // A silent stream is fine; a dead connection is found by TCP keepalive.
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPIDLE, 5L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPINTVL, 2L);
  }
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.cert_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, config_.cert_file.c_str());
  }
  if (!config_.key_file.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, config_.key_file.c_str());
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  Release(curl, !streaming && rc == CURLE_OK);
  if (rc != CURLE_OK && !transfer.aborted) {
    reply.error = endpoint + ": " + curl_easy_strerror(rc);
  }
  reply.body = std::move(transfer.body);
  return reply;
}

std::string EtcdHttp::Token() {
  if (config_.user.empty()) return "";
  std::lock_guard<std::mutex> lock(mutex_);
  if (token_.empty()) token_ = Authenticate(config_.endpoints[current_]);
  return token_;
}

std::string EtcdHttp::Authenticate(const std::string& endpoint) {
  json body = {{"name", config_.user}, {"password", config_.password}};
  Reply r = Perform(endpoint, "/v3/auth/authenticate", body.dump(), nullptr, nullptr, false);
  if (!r.error.empty()) throw StoreError("etcd: " + r.error);
  json reply = json::parse(r.body, nullptr, false);
  if (r.status != 200 || !reply.is_object() || !reply["token"].is_string()) {
    throw StoreError("etcd: authentication of '" + config_.user +
                     "' failed: " + (reply.is_object() ? reply.value("message", r.body) : r.body));
  }
  return reply["token"].get<std::string>();
}

json EtcdHttp::Post(const std::string& path, const json& body) {
  std::string text = body.dump();
  std::string errors;
  size_t n = config_.endpoints.size();
  size_t start;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    start = current_;
  }
  for (size_t i = 0; i < n; ++i) {
    size_t index = (start + i) % n;
    Reply r = Perform(config_.endpoints[index], path, text, nullptr, nullptr, false);
    if (!r.error.empty()) {
      errors += "\n  " + r.error;
      continue;
    }
    json reply = json::parse(r.body, nullptr, false);
    if (reply.is_discarded()) {
      errors +=
          "\n  " + config_.endpoints[index] + ": not JSON (HTTP " + std::to_string(r.status) + ")";
      continue;
    }
    if (r.status != 200 && reply.is_object() && reply.contains("code")) {
      std::string message = reply.value("message", reply.value("error", "error"));
      if (message.find("invalid auth token") != std::string::npos) {
        std::lock_guard<std::mutex> lock(mutex_);
        token_.clear();
      }
      if (Retryable(reply)) {
        errors += "\n  " + config_.endpoints[index] + ": " + message;
        continue;
      }
      throw StoreError("etcd: " + message);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = index;
    return reply;
  }
  throw StoreError("etcd: no endpoint answered " + path + ":" + errors);
}

void EtcdHttp::Stream(const std::string& path, const json& body,
                      const std::function<bool(const json&)>& on_line,
                      const std::atomic<bool>& stop) {
  std::string text = body.dump();
  bool ended_by_reader = false;
  std::function<bool(const std::string&)> on_data = [&](const std::string& line) {
    json doc = json::parse(line, nullptr, false);
    if (doc.is_discarded()) return true;
    if (!on_line(doc)) {
      ended_by_reader = true;
      return false;
    }
    return true;
  };
  std::string errors;
  size_t n = config_.endpoints.size();
  size_t start;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    start = current_;
  }
  for (size_t i = 0; i < n && !stop; ++i) {
    size_t index = (start + i) % n;
    bool got_data = false;
    std::function<bool(const std::string&)> counted = [&](const std::string& line) {
      got_data = true;
      return on_data(line);
    };
    Reply r = Perform(config_.endpoints[index], path, text, &counted, &stop, true);
    if (ended_by_reader || stop) return;
    if (r.error.empty()) return;  // the server ended the stream
    errors += "\n  " + r.error;
    {
      // The next attempt, ours or the caller's, starts at another member.
      std::lock_guard<std::mutex> lock(mutex_);
      current_ = (index + 1) % n;
    }
    // The caller resumes from what it has seen; retrying this body would repeat events.
    if (got_data) return;
  }
  if (stop) return;
  throw StoreError("etcd: no endpoint answered " + path + ":" + errors);
}

}  // namespace toscac::agent::store
