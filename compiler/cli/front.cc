#include "cli/front.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/common.h"
#include "csar/archive.h"
#include "lazy/library.h"

namespace toscac::cli::front {

namespace {

constexpr std::string_view kHere[] = {"validate", "explain"};
constexpr const char* kTwin = "toscac-shared";

// The first word that is not an option: the subcommand, as main() finds it.
std::string_view Subcommand(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.empty() && arg[0] == '-') continue;
    return arg;
  }
  return {};
}

bool NeedsSharedLibrary(std::string_view arg) {
  if (arg == "--allow-url-imports" || arg.substr(0, 20) == "--allow-url-imports=") return true;
  return csar::IsArchivePath(arg);
}

// The twin next to the front, else where an installation puts it; "" when neither exists.
std::string TwinPath(const std::filesystem::path& self) {
  std::error_code ec;
  for (const std::filesystem::path& candidate :
       {self.parent_path() / kTwin, self.parent_path() / TOSCAC_TWIN_FROM_BIN}) {
    if (std::filesystem::exists(candidate, ec)) return candidate.lexically_normal().string();
  }
  return "";
}

char** kept_argv = nullptr;

void HandOffForLibrary(const char* /*soname*/) {
  if (kept_argv != nullptr) std::exit(HandOff(kept_argv));
}

}  // namespace

bool RunsHere(int argc, char** argv) {
  std::string_view command = Subcommand(argc, argv);
  bool known = false;
  for (std::string_view name : kHere) known = known || command == name;
  if (!known) return false;
  for (int i = 1; i < argc; ++i) {
    if (NeedsSharedLibrary(argv[i])) return false;
  }
  return true;
}

int HandOff(char** argv) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    std::cerr << "toscac: cannot find its own executable (/proc/self/exe): " << ec.message()
              << "\n";
    return kExitUsage;
  }
  std::string twin = TwinPath(self);
  if (twin.empty()) {
    std::cerr << "toscac: this command needs " << kTwin << ", which is neither next to "
              << self.string() << " nor at "
              << (self.parent_path() / TOSCAC_TWIN_FROM_BIN).lexically_normal().string() << "\n";
    return kExitUsage;
  }
  setenv("TOSCAC_FRONT_EXE", self.c_str(), 1);
  execv(twin.c_str(), argv);
  std::cerr << "toscac: cannot run " << twin << ": " << std::strerror(errno) << "\n";
  return kExitUsage;
}

void ArmFallback(char** argv) {
  kept_argv = argv;
  lazy::SetOpenFallback(HandOffForLibrary);
}

}  // namespace toscac::cli::front
