#pragma once
// Fetching an imported file over http(s) with libcurl, for --allow-url-imports only. A fetch has
// a time limit for the whole transfer and a size limit checked as the bytes arrive (a server
// may lie about the length or send none). Redirects are followed, at most 5, and only to URLs of
// the same scheme: an https import never turns into http, nor into file:// or anything else.
//
//   std::string text, why;
//   if (Fetch("https://example.com/types.yaml", {10.0, 1 << 20}, text, why) != FetchStatus::kOk)
//     report(why);   // "no answer within 10 s", "HTTP status 404", ...
#include <cstdint>
#include <string>
#include <string_view>

namespace toscac::load {

struct FetchOptions {
  double timeout_s = 10;  // the whole transfer
  std::uint64_t max_bytes = 1 << 20;
};

enum class FetchStatus { kOk, kTooLarge, kFailed };

FetchStatus Fetch(const std::string& url, const FetchOptions& options, std::string& out,
                  std::string& why);

// "http://..." or "https://..." (the scheme in any case).
bool IsHttpUrl(std::string_view text);

// Resolves a relative import against the URL of the file that imports it:
// ("https://h/a/b.yaml", "../c.yaml") -> "https://h/c.yaml". A ".." never climbs above the host.
std::string JoinUrl(std::string_view base, std::string_view relative);

}  // namespace toscac::load
