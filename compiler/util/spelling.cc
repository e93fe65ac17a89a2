#include "util/spelling.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace toscac::util {

std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t max_distance) {
  if (a.size() > b.size() + max_distance || b.size() > a.size() + max_distance) {
    return max_distance + 1;
  }
  // Three rows of the table: a transposition looks two rows back. The smallest entry of a row
  // never decreases from one row to the next, so once it passes the limit the result will too.
  std::vector<std::size_t> before(b.size() + 1), above(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::swap(before, above);
    std::swap(above, row);
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > max_distance) return max_distance + 1;
  }
  return row[b.size()];
}

namespace {
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

std::string Suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
  // Words of one or two letters are too short for an edit to mean anything: only case counts.
  std::size_t limit = word.size() < 3 ? 0 : std::max<std::size_t>(1, word.size() / 3);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (std::string_view c : candidates) {
    if (c == word) continue;
    std::size_t d = EqualsIgnoreCase(c, word) ? 0 : EditDistance(word, c, limit);
    // Ties go to the smaller name so the suggestion does not depend on candidate order.
    if (d > limit) continue;
    if (d < best_distance || (d == best_distance && c < best)) {
      best = c;
      best_distance = d;
    }
  }
  return best_distance <= limit ? std::string(best) : std::string();
}

}  // namespace toscac::util
