#include "load/fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

namespace toscac::load {

namespace {

struct Sink {
  std::string* out;
  std::uint64_t max_bytes;
  bool too_large = false;
};

size_t Write(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->out->size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->out->append(data, n);
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string SchemeOf(std::string_view url) { return Lower(url.substr(0, url.find("://"))); }

std::string Seconds(double s) {
  std::string text = std::to_string(s);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string Failure(CURLcode code, long status, const std::string& url, const FetchOptions& o) {
  if (code == CURLE_OPERATION_TIMEDOUT) return "no answer within " + Seconds(o.timeout_s) + " s";
  if (code == CURLE_UNSUPPORTED_PROTOCOL) {
    return "redirected to another scheme than " + SchemeOf(url) + ", which is not followed";
  }
  if (code == CURLE_TOO_MANY_REDIRECTS) return "more than 5 redirects";
  if (code == CURLE_OK) return "HTTP status " + std::to_string(status);
  std::string text = curl_easy_strerror(code);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool IsHttpUrl(std::string_view text) {
  std::string scheme = SchemeOf(text);
  return text.find("://") != std::string_view::npos && (scheme == "http" || scheme == "https");
}

std::string JoinUrl(std::string_view base, std::string_view relative) {
  if (relative.find("://") != std::string_view::npos) return std::string(relative);
  std::size_t host_start = base.find("://") + 3;
  std::size_t path_start = std::min(base.find('/', host_start), base.size());
  std::string origin(base.substr(0, path_start));
  std::string_view base_path = base.substr(path_start);  // "" or "/a/b.yaml"
  std::string path =
      !relative.empty() && relative[0] == '/'
          ? std::string(relative)
          : std::string(base_path.substr(0, base_path.rfind('/') + 1)) + std::string(relative);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    std::string part = path.substr(start, end - start);
    start = end + 1;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
  }
  for (const std::string& p : parts) origin += "/" + p;
  return origin;
}

FetchStatus Fetch(const std::string& url, const FetchOptions& options, std::string& out,
                  std::string& why) {
  GlobalInit();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    why = "cannot start libcurl";
    return FetchStatus::kFailed;
  }
  std::string body;
  Sink sink{&body, options.max_bytes};
  std::string scheme = SchemeOf(url);
  auto timeout_ms = static_cast<long>(options.timeout_s * 1000);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, scheme.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, std::max(timeout_ms, 1L));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "toscac");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    why = "it is larger than " + std::to_string(options.max_bytes) + " bytes";
    return FetchStatus::kTooLarge;
  }
  if (code != CURLE_OK || status < 200 || status > 299) {
    why = Failure(code, status, url, options);
    return FetchStatus::kFailed;
  }
  out = std::move(body);
  return FetchStatus::kOk;
}

}  // namespace toscac::load
