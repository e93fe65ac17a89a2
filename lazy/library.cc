// What every Library shares, whether it opens libraries (lazy/dlopen.cc) or cannot
// (lazy/static_library.cc, the static front of toscac).
#include "lazy/library.h"

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

bool Library::Available() {
  Open();
  return handle_ != nullptr;
}

}  // namespace toscac::lazy
