// The libm functions linked into toscac, each forwarding to the real one in libm.so.6, opened on
// the first call (lazy/library.h says why a library is opened on first use).
//
// With its dependencies linked statically (TOSCAC_STATIC_DEPS), toscac needs libm only for
// SQLite's SQL math functions (the state store of `toscac deploy`), `powl` in scalar-unit
// conversions, `remainder` in the manifest schema's multipleOf, and the rounding mode of
// std::from_chars. Naming libm.so.6 at link time made every run map and relocate it: 9 page
// faults, about 0.02 ms of a 1.5 ms `toscac validate` (docs/performance.md, sixth round). The
// executable is linked with --as-needed, so libm is named again if some new code calls a
// function missing here; a test (tests/cli/needed_libraries_test.py) says so.
//
// libm.so.6 belongs to libc6, like libc.so.6 itself: it is missing only on a broken system.
// Should it be, the functions return NaN (fegetround: FE_TONEAREST; fesetround: failure).
#include <cfenv>
#include <cmath>
#include <limits>

#include "lazy/library.h"

namespace {

using toscac::lazy::Library;

Library& Libm() { return Library::Get("libm.so.6"); }

// The real function `name`, looked up once; nullptr when libm is missing.
#define TOSCAC_REAL(name, type)                        \
  static const auto real = Libm().Symbol<type>(#name); \
  static_assert(true, "")

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

#define TOSCAC_UNARY(name)                   \
  double name(double x) noexcept {           \
    TOSCAC_REAL(name, double (*)(double));   \
    return real != nullptr ? real(x) : kNaN; \
  }
#define TOSCAC_BINARY(name)                        \
  double name(double x, double y) noexcept {       \
    TOSCAC_REAL(name, double (*)(double, double)); \
    return real != nullptr ? real(x, y) : kNaN;    \
  }

extern "C" {

TOSCAC_UNARY(acos)
TOSCAC_UNARY(acosh)
TOSCAC_UNARY(asin)
TOSCAC_UNARY(asinh)
TOSCAC_UNARY(atan)
TOSCAC_UNARY(atanh)
TOSCAC_UNARY(cos)
TOSCAC_UNARY(cosh)
TOSCAC_UNARY(exp)
TOSCAC_UNARY(log)
TOSCAC_UNARY(sin)
TOSCAC_UNARY(sinh)
TOSCAC_UNARY(sqrt)
TOSCAC_UNARY(tan)
TOSCAC_UNARY(tanh)
TOSCAC_UNARY(trunc)
TOSCAC_BINARY(atan2)
TOSCAC_BINARY(fmod)
TOSCAC_BINARY(pow)
TOSCAC_BINARY(remainder)

long double powl(long double x, long double y) noexcept {
  TOSCAC_REAL(powl, long double (*)(long double, long double));
  return real != nullptr ? real(x, y) : std::numeric_limits<long double>::quiet_NaN();
}

int fegetround() noexcept {
  TOSCAC_REAL(fegetround, int (*)());
  return real != nullptr ? real() : FE_TONEAREST;
}

int fesetround(int mode) noexcept {
  TOSCAC_REAL(fesetround, int (*)(int));
  return real != nullptr ? real(mode) : 1;
}

}  // extern "C"
