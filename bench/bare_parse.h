#pragma once
// The yardstick: yaml-cpp's event API over the same bytes with a handler that does nothing.
// No parser can feed the compiler faster than this, so compile time is measured against it.
#include <string>

namespace toscac::bench {

// Seconds for one parse of `text`, stream set-up included (the compiler pays it too).
// Returns a negative number when yaml-cpp rejects the text.
double BareParse(const std::string& text);

// The same with libyaml, the parser toscac itself uses, events created and freed: what the
// loader's own work is measured against (not a target of issue 7, which is set against
// yaml-cpp). Negative when libyaml rejects the text.
double BareLibyamlParse(const std::string& text);

}  // namespace toscac::bench
