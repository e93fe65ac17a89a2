#include "values/scalar_unit.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>

namespace toscac::values {
namespace {

struct UnitDef {
  std::string_view name;
  long double factor;  // how many base units one of this unit is
};

// Base units are the smallest of each kind, so that every factor is a whole number and
// "1000 ms" and "1 s" reach the same base value exactly.
constexpr UnitDef kSizeUnits[] = {
    {"B", 1},
    {"kB", 1e3},
    {"KiB", 1024.0L},
    {"MB", 1e6},
    {"MiB", 1048576.0L},
    {"GB", 1e9},
    {"GiB", 1073741824.0L},
    {"TB", 1e12},
    {"TiB", 1099511627776.0L},
};
constexpr UnitDef kTimeUnits[] = {
    {"d", 86400e9}, {"h", 3600e9}, {"m", 60e9}, {"s", 1e9}, {"ms", 1e6}, {"us", 1e3}, {"ns", 1},
};
constexpr UnitDef kFrequencyUnits[] = {
    {"Hz", 1},
    {"kHz", 1e3},
    {"MHz", 1e6},
    {"GHz", 1e9},
};
constexpr UnitDef kBitrateUnits[] = {
    {"bps", 1},
    {"Kbps", 1e3},
    {"Kibps", 1024.0L},
    {"Mbps", 1e6},
    {"Mibps", 1048576.0L},
    {"Gbps", 1e9},
    {"Gibps", 1073741824.0L},
    {"Tbps", 1e12},
    {"Tibps", 1099511627776.0L},
    {"Bps", 8},
    {"KBps", 8e3},
    {"KiBps", 8 * 1024.0L},
    {"MBps", 8e6},
    {"MiBps", 8 * 1048576.0L},
    {"GBps", 8e9},
    {"GiBps", 8 * 1073741824.0L},
    {"TBps", 8e12},
    {"TiBps", 8 * 1099511627776.0L},
};

std::span<const UnitDef> Table(UnitKind kind) {
  switch (kind) {
    case UnitKind::kSize:
      return kSizeUnits;
    case UnitKind::kTime:
      return kTimeUnits;
    case UnitKind::kFrequency:
      return kFrequencyUnits;
    case UnitKind::kBitrate:
      return kBitrateUnits;
  }
  return {};
}

// TOSCA Simple Profile in YAML 1.3, 3.3.6.4 (size; 3.3.6.5 time and 3.3.6.6 frequency say
// the same of their units), paraphrased: TOSCA treats these unit values as case-insensitive
// (a value of 'kB', 'KB' or 'kb' is equivalent), though the spelling shown is best practice.
// 3.3.6.7 (bitrate) makes its units case-sensitive, and must: 'Mbps' (megabits) and 'MBps'
// (megabytes) differ only in case.
bool CaseSensitive(UnitKind kind) { return kind == UnitKind::kBitrate; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

const UnitDef* FindUnit(UnitKind kind, std::string_view name) {
  for (const UnitDef& u : Table(kind)) {
    if (u.name == name) return &u;
  }
  if (CaseSensitive(kind)) return nullptr;
  for (const UnitDef& u : Table(kind)) {
    if (EqualsIgnoreCase(u.name, name)) return &u;
  }
  return nullptr;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number split so that it can be scaled exactly: value = mantissa * 10^exponent.
struct Decimal {
  bool negative = false;
  std::uint64_t mantissa = 0;
  int exponent = 0;
  bool exact = true;       // false when the digits do not fit the mantissa
  long double approx = 0;  // strtold's reading, used when !exact
  std::size_t length = 0;  // characters consumed
};

// Reads [+-]?(digits[.digits?]|.digits)([eE][+-]?digits)? from the start of `text`.
std::optional<Decimal> ReadDecimal(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) d.negative = text[i++] == '-';
  int digits = 0, significant = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (!IsDigit(c)) break;
    ++digits;
    if (seen_point) --d.exponent;
    if (significant == 0 && c == '0') continue;
    if (++significant > 19) {
      d.exact = false;
      continue;
    }
    d.mantissa = d.mantissa * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool negative_exponent = j < text.size() && text[j] == '-';
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    int exponent = 0;
    std::size_t first = j;
    for (; j < text.size() && IsDigit(text[j]); ++j) {
      if (exponent < 100000) exponent = exponent * 10 + (text[j] - '0');
    }
    if (j > first) {
      d.exponent += negative_exponent ? -exponent : exponent;
      i = j;
    }
  }
  d.length = i;
  if (!d.exact) {
    // from_chars, unlike strtold, ignores the locale; it takes no leading '+'.
    std::size_t plus = text[0] == '+' ? 1 : 0;
    std::from_chars(text.data() + plus, text.data() + i, d.approx);
  }
  return d;
}

long double Pow10(int n) {
  if (n > 27) return std::pow(10.0L, static_cast<long double>(n));
  long double p = 1;
  for (int k = 0; k < n; ++k) p *= 10;  // exact up to 10^27 in a long double
  return p;
}

// mantissa * factor * 10^exponent, rounded once at the end when the product is exact.
long double Scale(const Decimal& d, long double factor) {
  long double v = d.exact ? static_cast<long double>(d.mantissa) * factor : d.approx * factor;
  if (d.exact && d.exponent > 0) v *= Pow10(d.exponent);
  if (d.exact && d.exponent < 0) v /= Pow10(-d.exponent);
  if (d.exact && d.negative) v = -v;
  return v;
}

std::string KnownUnits(UnitKind kind) {
  std::string list;
  for (const UnitDef& u : Table(kind)) {
    if (!list.empty()) list += ", ";
    list += u.name;
  }
  return list;
}

std::string_view Noun(UnitKind kind) {
  switch (kind) {
    case UnitKind::kSize:
      return "a size";
    case UnitKind::kTime:
      return "a time";
    case UnitKind::kFrequency:
      return "a frequency";
    case UnitKind::kBitrate:
      return "a bitrate";
  }
  return "a value";
}

std::string UnknownUnit(UnitKind kind, std::string_view unit) {
  std::string why = "unknown unit '" + std::string(unit) + "'";
  if (CaseSensitive(kind)) why += "; bitrate units are case-sensitive";
  return why + " (known units: " + KnownUnits(kind) + ")";
}

}  // namespace

std::optional<Quantity> ParseQuantity(UnitKind kind, std::string_view text, std::string* why) {
  std::optional<Decimal> number = ReadDecimal(text);
  if (!number) {
    *why = "the number is missing";
    return std::nullopt;
  }
  std::string_view unit = text.substr(number->length);
  while (!unit.empty() && (unit.front() == ' ' || unit.front() == '\t')) unit.remove_prefix(1);
  if (unit.empty()) {
    *why = "the unit is missing";
    return std::nullopt;
  }
  const UnitDef* def = FindUnit(kind, unit);
  if (def == nullptr) {
    *why = UnknownUnit(kind, unit);
    return std::nullopt;
  }
  Quantity q{Scale(*number, 1), def->name, Scale(*number, def->factor)};
  if (q.amount == 0) q = Quantity{0, def->name, 0};  // no negative zero
  if (!std::isfinite(q.base)) {
    *why = "the number is too large";
    return std::nullopt;
  }
  if (q.amount < 0 && kind != UnitKind::kTime) {
    *why = std::string(Noun(kind)) + " cannot be negative";
    return std::nullopt;
  }
  return q;
}

std::string_view BaseUnit(UnitKind kind) {
  switch (kind) {
    case UnitKind::kSize:
      return "B";
    case UnitKind::kTime:
      return "ns";
    case UnitKind::kFrequency:
      return "Hz";
    case UnitKind::kBitrate:
      return "bps";
  }
  return "";
}

std::vector<std::string_view> Units(UnitKind kind) {
  std::vector<std::string_view> names;
  for (const UnitDef& u : Table(kind)) names.push_back(u.name);
  return names;
}

std::string_view UnitKindName(UnitKind kind) {
  switch (kind) {
    case UnitKind::kSize:
      return "scalar-unit.size";
    case UnitKind::kTime:
      return "scalar-unit.time";
    case UnitKind::kFrequency:
      return "scalar-unit.frequency";
    case UnitKind::kBitrate:
      return "scalar-unit.bitrate";
  }
  return "scalar-unit";
}

}  // namespace toscac::values
