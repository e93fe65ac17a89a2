#include "lazy/library.h"

#include <dlfcn.h>

#include <map>
#include <memory>
#include <string_view>

namespace toscac::lazy {

Library& Library::Get(const char* soname) {
  static std::mutex mutex;
  static std::map<std::string_view, std::unique_ptr<Library>> libraries;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Library>& library = libraries[soname];
  if (library == nullptr) library.reset(new Library(soname));
  return *library;
}

void Library::Open() {
  std::call_once(opened_, [this] {
    // RTLD_LOCAL: the library's symbols stay its own, as they would be for a linked library
    // that the executable does not call by name.
    handle_ = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) error_ = dlerror();
  });
}

bool Library::Available() {
  Open();
  return handle_ != nullptr;
}

void* Library::Find(const char* name) {
  if (!Available()) return nullptr;
  return dlsym(handle_, name);
}

}  // namespace toscac::lazy
