#include "cli/front.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "cli/common.h"
#include "csar/archive.h"
#include "lazy/library.h"

namespace toscac::cli::front {

namespace {

constexpr std::string_view kHere[] = {"validate", "explain"};
constexpr std::string_view kTwin = "toscac-shared";

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

// Standard error without iostreams: a hand-off may happen before they are constructed.
void Say(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(STDERR_FILENO, text.data(), text.size());
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// "a/b/../c" -> "a/c", for a path made of an absolute directory and a relative tail.
std::string Normal(std::string_view path) {
  std::string out;
  while (!path.empty()) {
    std::size_t slash = path.find('/', 1);
    std::string_view part = path.substr(0, slash);  // "/name"
    path.remove_prefix(slash == std::string_view::npos ? path.size() : slash);
    if (part == "/." || part == "/") continue;
    if (part == "/..") {
      out.erase(out.empty() ? 0 : out.rfind('/'));
      continue;
    }
    out += part;
  }
  return out.empty() ? "/" : out;
}

char** kept_argv = nullptr;

void HandOffForLibrary(const char* /*soname*/) {
  if (kept_argv != nullptr) std::exit(HandOff(kept_argv));
}

// Runs before any constructor of the process (the executable's .preinit_array, which glibc
// calls with main's arguments): a command line of the twin's is handed over before the front
// spends anything on its own start (iostreams, locales, CLI11's validators).
void HandOffEarly(int argc, char** argv, char** /*envp*/) {
  if (argc > 0 && !RunsHere(argc, argv)) _exit(HandOff(argv));
}
[[gnu::section(".preinit_array"), gnu::used]] auto* const kHandOffEarly = &HandOffEarly;

}  // namespace

bool RunsHere(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--version") return true;
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
  char buffer[PATH_MAX];
  ssize_t size = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (size <= 0) {
    Say("toscac: cannot find its own executable (/proc/self/exe): ");
    Say(std::strerror(errno));
    Say("\n");
    return kExitUsage;
  }
  std::string self(buffer, static_cast<std::size_t>(size));
  std::string dir = self.substr(0, self.rfind('/'));
  std::string beside = dir + "/" + std::string(kTwin);
  std::string installed = Normal(dir + "/" + TOSCAC_TWIN_FROM_BIN);
  const std::string& twin = access(beside.c_str(), X_OK) == 0 ? beside : installed;
  if (access(twin.c_str(), X_OK) != 0) {
    Say("toscac: this command needs " + std::string(kTwin) + ", which is neither next to " + self +
        " nor at " + installed + "\n");
    return kExitUsage;
  }
  setenv("TOSCAC_FRONT_EXE", self.c_str(), 1);
  execv(twin.c_str(), argv);
  Say("toscac: cannot run " + twin + ": " + std::strerror(errno) + "\n");
  return kExitUsage;
}

void ArmFallback(char** argv) {
  kept_argv = argv;
  lazy::SetOpenFallback(HandOffForLibrary);
}

}  // namespace toscac::cli::front
