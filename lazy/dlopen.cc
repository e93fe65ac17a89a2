// Opening a Library (lazy/library.h) with dlopen, in a dynamically linked executable.
#include <dlfcn.h>

#include "lazy/library.h"

namespace toscac::lazy {

void Library::Open() {
  std::call_once(opened_, [this] {
    // RTLD_LOCAL: the library's symbols stay its own, as they would be for a linked library
    // that the executable does not call by name.
    handle_ = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) error_ = dlerror();
  });
}

void* Library::Find(const char* name) {
  if (!Available()) return nullptr;
  return dlsym(handle_, name);
}

}  // namespace toscac::lazy
