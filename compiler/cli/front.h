#pragma once
// The static front of toscac (TOSCAC_STATIC_FRONT, docs/architecture.md "Two executables").
//
// A statically linked executable starts faster than a dynamically linked one: no dynamic loader,
// no relocation of libc, no symbol lookups (about 0.3 ms of a 1.5 ms `toscac validate`,
// docs/performance.md, seventh round). But it cannot open shared libraries, and libcurl, libzip
// and Graphviz are shared-only on Debian. So `toscac` is a static front that runs the commands
// an editor or a CI lint step runs, validate and explain, and replaces itself (execv, same pid,
// same arguments) with its dynamically linked twin, toscac-shared, for every other command line.
// `compile` is the twin's too: it alone needs libcrypto (SHA-256 of artifacts), whose start-up
// probe of the CPU (OPENSSL_cpuid_setup) cost the front 0.05 ms on every run.
//
//
//   if (!front::RunsHere(argc, argv)) return front::HandOff(argv);
//   front::ArmFallback(argv);  // a library wanted after all: hand off then
//
// front.cc makes the same test before any constructor of the process runs (.preinit_array), so
// that a command line of the twin's costs one exec of the front and not its whole start: 0.45
// instead of 0.6 ms more than running the twin directly (docs/performance.md, seventh round).
//
// The twin is found next to the front (the build tree), else at TOSCAC_TWIN_FROM_BIN relative
// to the front's directory (an installation: ../libexec/toscac/toscac-shared).
namespace toscac::cli::front {

// Whether the front runs this command line itself: `validate` or `explain`, with no
// CSAR or zip input (libzip) and without --allow-url-imports (libcurl), and `toscac --version`.
// Anything else, --help included, is the twin's. Safe to call before constructors run.
bool RunsHere(int argc, char** argv);

// Replaces the process with the twin, given the same arguments, and tells it where the front
// is ($TOSCAC_FRONT_EXE: `toscac up` looks for toscac-agent next to it). Returns only when the
// twin cannot be run, after saying so on standard error: the exit code to return then. Uses
// no iostream, so that it may run before constructors.
int HandOff(char** argv);

// Keeps argv for a hand-off from lazy::Library, should a command that RunsHere() kept want a
// shared library after all (lazy/static_library.cc). Nothing has been written by then: the
// libraries are opened while the template is loaded.
void ArmFallback(char** argv);

}  // namespace toscac::cli::front
