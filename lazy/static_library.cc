// Opening a Library (lazy/library.h) in a static executable, which cannot: dlopen there would
// map a second libc beside the one linked in. The static front of toscac (compiler/cli/front.h)
// hands every command line that needs libcurl, libzip or Graphviz to its dynamically linked
// twin before doing any work, so this file is a safety net: when a library is wanted all the
// same, the fallback set below runs first (the front's replaces the process with the twin), and
// if it returns the library counts as missing, which every caller reports.
//
// Linked into the front as an object file in place of lazy/dlopen.cc: the linker takes these
// definitions and never pulls dlopen.cc's out of libtoscac_lazy.a.
#include <string>

#include "lazy/library.h"

namespace toscac::lazy {

namespace {
void (*open_fallback)(const char* soname) = nullptr;
}  // namespace

void SetOpenFallback(void (*fallback)(const char* soname)) { open_fallback = fallback; }

void Library::Open() {
  std::call_once(opened_, [this] {
    if (open_fallback != nullptr) open_fallback(soname_);
    error_ = std::string(soname_) + " cannot be opened by a statically linked executable";
  });
}

void* Library::Find(const char* /*name*/) {
  Open();
  return nullptr;
}

}  // namespace toscac::lazy
