#pragma once
// Scalar-unit values: a number with a unit, such as "4 GB", "30 s", "2.5 GHz" or "100 Mbps"
// (TOSCA Simple Profile in YAML 1.3, section 3.3.6; scalar-unit.bitrate is new in 1.3).
//
//   std::string why;
//   std::optional<Quantity> q = ParseQuantity(UnitKind::kSize, "1.5 gib", &why);
//   q->unit == "GiB";        // the canonical spelling
//   q->base == 1610612736;   // in bytes
//
//   ParseQuantity(UnitKind::kSize, "4 GX", &why);  // nullopt
//   why == "unknown unit 'GX' (known units: B, kB, KiB, MB, MiB, GB, GiB, TB, TiB)"
//
// Units of size, time and frequency match case-insensitively, units of bitrate exactly
// (see scalar_unit.cc for the spec's words). Values compare through `base`, which is exact
// whenever the true value is a whole number of base units ("0.1 GB" == "100 MB").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toscac::values {

enum class UnitKind { kSize, kTime, kFrequency, kBitrate };

struct Quantity {
  long double amount = 0;  // the number as written: 1.5 in "1.5 GiB"
  std::string_view unit;   // the canonical spelling of the unit, from a static table
  long double base = 0;    // the value in BaseUnit(kind)
};

// Parses "<number> <unit>". The number is an integer or a decimal with an optional exponent;
// spaces between number and unit are optional. Negative numbers are accepted for time only.
// On failure returns nullopt and sets *why to the reason alone, for the caller to prefix
// with what it expected.
std::optional<Quantity> ParseQuantity(UnitKind kind, std::string_view text, std::string* why);

// The unit `base` is counted in: "B", "ns", "Hz" or "bps".
std::string_view BaseUnit(UnitKind kind);

// The units of a kind in the order the spec lists them ("B", "kB", "KiB", ...).
std::vector<std::string_view> Units(UnitKind kind);

// "scalar-unit.size", "scalar-unit.time", "scalar-unit.frequency", "scalar-unit.bitrate".
std::string_view UnitKindName(UnitKind kind);

}  // namespace toscac::values
