// How untrusted bytes (a variable name from a manifest, a line a script wrote) appear in an
// error message: on one line, short, without terminal control sequences.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace toscac::agent::exec {

// Printable ASCII is kept, every other byte becomes \xNN; past max_bytes of input, "...".
//   Printable("a\nb") == "a\\x0ab"
std::string Printable(std::string_view text, std::size_t max_bytes = 64);

}  // namespace toscac::agent::exec
