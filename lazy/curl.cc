// The libcurl functions toscac and toscac-agent call, each forwarding to the real one in
// libcurl.so.4, opened on the first call (lazy/library.h says why). When the library cannot be
// opened, curl_global_init and curl_easy_init fail the way libcurl itself reports failure
// (CURLE_FAILED_INIT, a null handle), so callers need no special case; the functions that need
// a handle are then never reached.
#define CURL_DISABLE_TYPECHECK  // curl.h would make curl_easy_setopt a macro
#include <curl/curl.h>

#include <cstdarg>

#include "lazy/library.h"

namespace {

using toscac::lazy::Library;

Library& Curl() { return Library::Get("libcurl.so.4"); }

// The real function `name`, looked up once; nullptr when libcurl is missing.
#define TOSCAC_REAL(name)                                         \
  static const auto real = Curl().Symbol<decltype(&name)>(#name); \
  static_assert(true, "")

}  // namespace

extern "C" {

CURLcode curl_global_init(long flags) {
  TOSCAC_REAL(curl_global_init);
  return real != nullptr ? real(flags) : CURLE_FAILED_INIT;
}

void curl_global_cleanup(void) {
  TOSCAC_REAL(curl_global_cleanup);
  if (real != nullptr) real();
}

CURL* curl_easy_init(void) {
  TOSCAC_REAL(curl_easy_init);
  return real != nullptr ? real() : nullptr;
}

void curl_easy_cleanup(CURL* curl) {
  TOSCAC_REAL(curl_easy_cleanup);
  if (real != nullptr) real(curl);
}

void curl_easy_reset(CURL* curl) {
  TOSCAC_REAL(curl_easy_reset);
  if (real != nullptr) real(curl);
}

CURLcode curl_easy_perform(CURL* curl) {
  TOSCAC_REAL(curl_easy_perform);
  return real != nullptr ? real(curl) : CURLE_FAILED_INIT;
}

const char* curl_easy_strerror(CURLcode code) {
  TOSCAC_REAL(curl_easy_strerror);
  return real != nullptr ? real(code) : "libcurl.so.4 cannot be loaded";
}

// The variadic argument's type follows from the option's number, as in libcurl's own
// curl_easy_setopt: long, object pointer, function pointer or curl_off_t (blobs are pointers).
CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  TOSCAC_REAL(curl_easy_setopt);
  if (real == nullptr) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, option);
  CURLcode code;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    code = real(curl, option, va_arg(args, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    code = real(curl, option, va_arg(args, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    code = real(curl, option, va_arg(args, void (*)()));
  } else if (option < CURLOPTTYPE_BLOB) {
    code = real(curl, option, va_arg(args, curl_off_t));
  } else {
    code = real(curl, option, va_arg(args, void*));
  }
  va_end(args);
  return code;
}

// Every CURLINFO_* takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  TOSCAC_REAL(curl_easy_getinfo);
  if (real == nullptr) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, info);
  CURLcode code = real(curl, info, va_arg(args, void*));
  va_end(args);
  return code;
}

curl_slist* curl_slist_append(curl_slist* list, const char* text) {
  TOSCAC_REAL(curl_slist_append);
  return real != nullptr ? real(list, text) : nullptr;
}

void curl_slist_free_all(curl_slist* list) {
  TOSCAC_REAL(curl_slist_free_all);
  if (real != nullptr) real(list);
}

}  // extern "C"
