#pragma once
// "Did you mean" suggestions (after ninja's edit_distance.cc).
#include <string>
#include <string_view>
#include <vector>

namespace toscac::util {

// Edit distance counting insertions, deletions, substitutions and transpositions of two
// adjacent characters as one edit each ("optimal string alignment": no substring is edited
// twice, so "ca" -> "abc" is 3, not 2). Stops early once it exceeds `max_distance` and then
// returns max_distance + 1.
//   EditDistance("hots", "host", 3) == 1      EditDistance("kitten", "sitting", 5) == 3
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max_distance);

// The candidate closest to `word`, or "" when none is close enough (a distance of at most a
// third of the word's length, at least 1 for words of three letters or more, or a
// case-insensitive match).
std::string Suggest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace toscac::util
