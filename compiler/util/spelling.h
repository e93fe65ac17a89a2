#pragma once
// "Did you mean" suggestions (after ninja's edit_distance.cc).
#include <string>
#include <string_view>
#include <vector>

namespace toscac::util {

// Levenshtein distance, stopping early once it exceeds `max_distance` (returns max + 1).
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max_distance);

// The candidate closest to `word`, or "" when none is close enough (a distance of at most a
// third of the word's length, at least 1 for words of three letters or more, or a
// case-insensitive match).
std::string Suggest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace toscac::util
