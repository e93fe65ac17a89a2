#pragma once
// The yardstick: yaml-cpp's event API over the same bytes with a handler that does nothing.
// No parser can feed the compiler faster than this, so compile time is measured against it.
#include <string>

namespace toscac::bench {

// Seconds for one parse of `text`, stream set-up included (the compiler pays it too).
// Returns a negative number when yaml-cpp rejects the text.
double BareParse(const std::string& text);

}  // namespace toscac::bench
