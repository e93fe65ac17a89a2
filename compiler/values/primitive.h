#pragma once
// TOSCA's built-in value types and the comparable values they hold (TOSCA Simple Profile in
// YAML 1.0-1.3, sections 3.2/3.3: primitive types, version, range, list, map, scalar-unit).
//
//   std::string why;
//   std::optional<Value> v = ParsePrimitive(Primitive::kInteger, node, &why);
//     node `42`          -> std::get<std::int64_t>(v->data) == 42
//     node `"42"`        -> nullopt, why == "expected an integer, got the string '42'"
//   ParsePrimitive(Primitive::kScalarSize, node, &why)
//     node `4 GX`        -> nullopt, why == "expected a scalar-unit.size such as '4 GB', got
//                           '4 GX': unknown unit 'GX' (known units: B, kB, KiB, ...)"
//
// Plain scalars are typed by the YAML 1.2 core schema (123 is an integer, true a boolean);
// quoted scalars are strings, so "123" is not an integer. Version, timestamp and scalar-unit
// values are text in YAML and may be quoted or not. The core tags !!int, !!float, !!bool and
// !!null ask for a quoted scalar to be typed as well; !!str makes a plain one a string.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "values/scalar_unit.h"
#include "yaml/node.h"

namespace toscac::values {

enum class Primitive {
  kString,
  kInteger,
  kFloat,
  kBoolean,
  kTimestamp,
  kNull,
  kVersion,
  kRange,
  kList,
  kMap,
  kScalarSize,
  kScalarTime,
  kScalarFrequency,
  kScalarBitrate,
};

// "integer", "scalar-unit.size"... The special types (version, range, list, map and the
// scalar-units) may also be named by their qualified names: "tosca:version".
std::optional<Primitive> PrimitiveByName(std::string_view name);
// The short name: "integer", "scalar-unit.size".
std::string_view PrimitiveName(Primitive p);
// kScalarSize -> UnitKind::kSize...; nullopt for the other types.
std::optional<UnitKind> ScalarUnitKind(Primitive p);

// major.minor[.fix[.qualifier[-build]]]: "2.1.3.beta-4".
struct Version {
  std::int64_t major = 0;
  std::int64_t minor = 0;
  std::int64_t fix = 0;
  std::string qualifier;  // empty when absent
  std::int64_t build = 0;
};

// An instant, normalised to UTC; the offset it was written with is kept for display.
struct Timestamp {
  std::int64_t seconds = 0;         // since 1970-01-01T00:00:00Z
  std::int32_t nanos = 0;           // 0 to 999999999
  std::int32_t offset_minutes = 0;  // east of UTC: -300 for "-05:00"
};

// [lower, upper], both inclusive; upper may be UNBOUNDED.
struct Range {
  std::int64_t lower = 0;
  std::int64_t upper = 0;
  bool unbounded = false;  // when true, `upper` is meaningless
};

// A list or map value: its entries are checked by the caller against the entry_schema.
// `node` points into the yaml::Document the value was parsed from, which must outlive it.
struct Collection {
  const yaml::Node* node = nullptr;
  std::size_t size = 0;
};

struct Value {
  Primitive type = Primitive::kNull;
  std::string text;  // as written, for messages: "4 GB", "1.0.0.alpha-10", "[1, 4]"
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Timestamp, Version, Range,
               Quantity, Collection>
      data;
};

// Orders two values of the same type: numbers numerically, timestamps chronologically,
// scalar-units by base value, versions per TOSCA (major, minor, fix; a version with a
// qualifier is older than the same one without; equal qualifiers order by build; different
// qualifiers, which the spec leaves unordered, compare alphabetically), strings by bytes,
// booleans false < true. Lists and maps are only equal or unordered. Values of different
// types, and NaN, are unordered.
std::partial_ordering Compare(const Value& a, const Value& b);

// Checks `node` against `p` and returns its value, or nullopt with a one-line *why.
std::optional<Value> ParsePrimitive(Primitive p, const yaml::Node& node, std::string* why);

// Helpers for messages, shared with the callers so that all value messages read alike.
// 'text' in single quotes, with newlines escaped and anything past 60 characters cut to "...".
std::string Quoted(std::string_view text);
// What a node is, for "got ...": "'abc'", "the string '123'" (quoted), "a map", "null".
std::string Found(const yaml::Node& node);
// A node in YAML flow style, cut short past 200 characters: "[1, \"two\", {a: b}]".
std::string Render(const yaml::Node& node);

}  // namespace toscac::values
