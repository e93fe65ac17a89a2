#pragma once
// A shared library opened on first use (dlopen) rather than by the dynamic loader at start-up.
//
// libcurl is needed only for URL imports and the etcd store, yet linking it normally makes every
// run of toscac map and relocate it and the 30-odd libraries it depends on (HTTP/2, IDN, SSH,
// LDAP, Kerberos...): most of the process start-up of `toscac validate`. lazy/curl.cc defines
// the few libcurl functions the project calls; each looks the real one up here on first call.
//
//   Library& curl = Library::Get("libcurl.so.4");
//   auto* init = curl.Symbol<decltype(&curl_easy_init)>("curl_easy_init");
//   if (init == nullptr) ... (curl.Error() says why when the library itself is missing)
#include <mutex>
#include <string>

namespace toscac::lazy {

class Library {
 public:
  // One instance per soname for the life of the process; opened on the first Symbol().
  static Library& Get(const char* soname);

  // nullptr when the library or the symbol cannot be found.
  template <typename Function>
  Function Symbol(const char* name) {
    return reinterpret_cast<Function>(Find(name));
  }
  // Whether the library could be opened (opens it if not done yet).
  bool Available();
  // dlerror()'s text when the library could not be opened, "" otherwise.
  const std::string& Error() const { return error_; }

 private:
  explicit Library(const char* soname) : soname_(soname) {}
  void* Find(const char* name);
  void Open();

  const char* soname_;
  std::once_flag opened_;
  void* handle_ = nullptr;
  std::string error_;
};

// Only in a statically linked executable (lazy/static_library.cc), which cannot open libraries:
// `fallback` runs when one is first wanted, before the library is reported missing. The static
// front of toscac (compiler/cli/front.h) hands the command to its dynamically linked twin there.
void SetOpenFallback(void (*fallback)(const char* soname));

}  // namespace toscac::lazy
