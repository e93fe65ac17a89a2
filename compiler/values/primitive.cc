#include "values/primitive.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace toscac::values {
namespace {

using yaml::Node;

constexpr std::array<std::pair<std::string_view, Primitive>, 14> kNames = {{
    {"string", Primitive::kString},
    {"integer", Primitive::kInteger},
    {"float", Primitive::kFloat},
    {"boolean", Primitive::kBoolean},
    {"timestamp", Primitive::kTimestamp},
    {"null", Primitive::kNull},
    {"version", Primitive::kVersion},
    {"range", Primitive::kRange},
    {"list", Primitive::kList},
    {"map", Primitive::kMap},
    {"scalar-unit.size", Primitive::kScalarSize},
    {"scalar-unit.time", Primitive::kScalarTime},
    {"scalar-unit.frequency", Primitive::kScalarFrequency},
    {"scalar-unit.bitrate", Primitive::kScalarBitrate},
}};

constexpr std::size_t kQuoteLimit = 60;
constexpr std::size_t kRenderLimit = 200;
constexpr int kCompareBudget = 100000;  // nodes visited when comparing two collections

std::nullopt_t Fail(std::string* why, std::string message) {
  *why = std::move(message);
  return std::nullopt;
}

std::string Expected(std::string_view what, const Node& node) {
  return "expected " + std::string(what) + ", got " + Found(node);
}

// --- YAML 1.2 core schema ------------------------------------------------------------------

constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

// Whether a scalar's type comes from its text: plain, or tagged !!int, !!float, !!bool, !!null.
bool Typed(const Node& node) {
  if (!node.IsScalar()) return false;
  if (node.plain) return true;
  std::string_view tag = node.tag();
  if (tag.substr(0, kCoreTag.size()) != kCoreTag) return false;
  tag.remove_prefix(kCoreTag.size());
  return tag == "int" || tag == "float" || tag == "bool" || tag == "null";
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// Whether a byte begins a UTF-8 character rather than continuing one.
bool StartsCharacter(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
std::optional<std::int64_t> CoreInteger(std::string_view s, bool* overflow) {
  int base = 10;
  std::string_view digits = s;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    base = s[1] == 'o' ? 8 : 16;
    digits = s.substr(2);
    if (!AllOf(digits, base == 8 ? IsOctal : IsHex)) return std::nullopt;
  } else {
    std::size_t sign = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (!AllOf(s.substr(sign), IsDigit)) return std::nullopt;
    if (s[0] == '+') digits = s.substr(1);  // from_chars takes '-' but not '+'
  }
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
  *overflow = ec == std::errc::result_out_of_range;
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return v;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
std::optional<double> CoreFloat(std::string_view s, bool* overflow) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::nan("");
  bool negative = !s.empty() && s[0] == '-';
  std::string_view body = !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  std::size_t i = 0, int_digits = 0, frac_digits = 0;
  for (; i < body.size() && IsDigit(body[i]); ++i) ++int_digits;
  if (i < body.size() && body[i] == '.') {
    for (++i; i < body.size() && IsDigit(body[i]); ++i) ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return std::nullopt;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < body.size() && (body[j] == '-' || body[j] == '+')) ++j;
    if (!AllOf(body.substr(j), IsDigit)) return std::nullopt;
    i = body.size();
  }
  if (i != body.size()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  *overflow = ec == std::errc::result_out_of_range;
  if (ec != std::errc() || end != body.data() + body.size()) return std::nullopt;
  return negative ? -v : v;
}

std::optional<bool> CoreBool(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

bool CoreNull(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// YAML 1.1 booleans that YAML 1.2 reads as strings; worth a hint.
bool OldBool(std::string_view s) {
  for (std::string_view b : {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off",
                             "OFF", "y", "Y", "n", "N"}) {
    if (s == b) return true;
  }
  return false;
}

// --- Comparison ------------------------------------------------------------------------------

template <typename T>
std::partial_ordering Order(const T& a, const T& b) {
  if (a < b) return std::partial_ordering::less;
  if (b < a) return std::partial_ordering::greater;
  return std::partial_ordering::equivalent;
}

// TOSCA 1.3, 3.3.2.2: components compare left to right; a version with a qualifier is older
// than the same version without one; equal qualifiers compare by build. The spec leaves
// different qualifiers unordered ("named branches"); they compare alphabetically here so that
// the order stays total and deterministic.
std::partial_ordering CompareVersions(const Version& a, const Version& b) {
  if (auto c = Order(a.major, b.major); c != 0) return c;
  if (auto c = Order(a.minor, b.minor); c != 0) return c;
  if (auto c = Order(a.fix, b.fix); c != 0) return c;
  if (a.qualifier.empty() != b.qualifier.empty()) {
    return a.qualifier.empty() ? std::partial_ordering::greater : std::partial_ordering::less;
  }
  if (auto c = Order(a.qualifier, b.qualifier); c != 0) return c;
  return Order(a.build, b.build);
}

std::partial_ordering CompareRanges(const Range& a, const Range& b) {
  if (auto c = Order(a.lower, b.lower); c != 0) return c;
  if (a.unbounded || b.unbounded) return Order(a.unbounded, b.unbounded);
  return Order(a.upper, b.upper);
}

// Structural equality; gives up (unequal) after `budget` nodes, since aliases can make a
// small document expand to a huge tree.
bool SameTree(const Node* a, const Node* b, int& budget) {
  if (--budget < 0) return false;
  if (a == nullptr || b == nullptr) return a == b;
  if (a->kind != b->kind) return false;
  if (a->IsScalar()) return a->value() == b->value() && Typed(*a) == Typed(*b);
  if (a->IsSequence()) {
    if (a->items().size() != b->items().size()) return false;
    for (std::size_t i = 0; i < a->items().size(); ++i) {
      if (!SameTree(a->items()[i], b->items()[i], budget)) return false;
    }
    return true;
  }
  if (a->entries().size() != b->entries().size()) return false;
  for (const yaml::Entry& e : a->entries()) {
    const yaml::Entry* other = b->FindEntry(e.key->value());
    if (other == nullptr || !SameTree(e.value, other->value, budget)) return false;
  }
  return true;
}

std::partial_ordering CompareData(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index()) return std::partial_ordering::unordered;
  return std::visit(
      [&b](const auto& x) -> std::partial_ordering {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b.data);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return std::partial_ordering::equivalent;
        } else if constexpr (std::is_same_v<T, Timestamp>) {
          return Order(std::pair(x.seconds, x.nanos), std::pair(y.seconds, y.nanos));
        } else if constexpr (std::is_same_v<T, Version>) {
          return CompareVersions(x, y);
        } else if constexpr (std::is_same_v<T, Range>) {
          return CompareRanges(x, y);
        } else if constexpr (std::is_same_v<T, Quantity>) {
          return x.base <=> y.base;
        } else if constexpr (std::is_same_v<T, Collection>) {
          int budget = kCompareBudget;
          if (SameTree(x.node, y.node, budget)) return std::partial_ordering::equivalent;
          return std::partial_ordering::unordered;
        } else {
          return x <=> y;  // bool, integer, float (NaN is unordered), string
        }
      },
      a.data);
}

// --- Rendering -------------------------------------------------------------------------------

void RenderTo(const Node* node, std::string& out) {
  if (out.size() > kRenderLimit) return;
  if (node == nullptr || node->IsNull()) {
    out += "null";
    return;
  }
  if (node->IsScalar()) {
    if (node->plain) {
      out += node->value();
      return;
    }
    out += '"';
    for (char c : node->value()) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
    return;
  }
  bool map = node->IsMap();
  out += map ? '{' : '[';
  std::size_t count = map ? node->entries().size() : node->items().size();
  for (std::size_t i = 0; i < count && out.size() <= kRenderLimit; ++i) {
    if (i > 0) out += ", ";
    if (!map) {
      RenderTo(node->items()[i], out);
      continue;
    }
    RenderTo(node->entries()[i].key, out);
    out += ": ";
    RenderTo(node->entries()[i].value, out);
  }
  out += map ? '}' : ']';
}

// --- Timestamps and versions ---------------------------------------------------------------

// Reads text left to right; every method consumes only on success.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;

  bool Done() const { return pos == s.size(); }
  bool Eat(char c) {
    if (pos == s.size() || s[pos] != c) return false;
    ++pos;
    return true;
  }
  std::size_t Spaces() {
    std::size_t start = pos;
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    return pos - start;
  }
  // Reads up to `max` digits into *v; false when there are fewer than `min`.
  bool Digits(std::size_t min, std::size_t max, std::int64_t* v) {
    std::size_t start = pos;
    std::int64_t n = 0;
    while (pos < s.size() && pos - start < max && IsDigit(s[pos])) n = n * 10 + (s[pos++] - '0');
    if (pos - start < min) {
      pos = start;
      return false;
    }
    *v = n;
    return true;
  }
  std::string_view Word() {
    std::size_t start = pos;
    auto word = [](char c) {
      return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    while (pos < s.size() && word(s[pos])) ++pos;
    return s.substr(start, pos - start);
  }
};

bool LeapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::int64_t DaysInMonth(std::int64_t y, std::int64_t m) {
  constexpr std::int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && LeapYear(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Fields {
  std::int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, nanos = 0;
  std::int64_t zone_hour = 0, zone_minute = 0;
  bool zone_negative = false;
};

// [.fraction][[ \t]*(Z|[-+]H?H[:MM])]
bool ReadZone(Cursor& c, Fields& f) {
  std::int64_t digit = 0;
  if (c.Eat('.')) {
    for (int scale = 100000000; c.Digits(1, 1, &digit); scale /= 10) f.nanos += digit * scale;
  }
  std::size_t spaces = c.Spaces();
  if (c.Done()) return spaces == 0;
  if (c.Eat('Z')) return c.Done();
  f.zone_negative = c.Eat('-');
  if (!f.zone_negative && !c.Eat('+')) return false;
  if (!c.Digits(1, 2, &f.zone_hour)) return false;
  if (c.Eat(':') && !c.Digits(2, 2, &f.zone_minute)) return false;
  return c.Done();
}

// YAML 1.1 timestamps (yaml.org/type/timestamp.html): YYYY-MM-DD, or
// YYYY-M?M-D?D([Tt]|[ \t]+)H?H:MM:SS[.fraction][[ \t]*(Z|[-+]H?H[:MM])].
bool ReadFields(std::string_view text, Fields& f) {
  Cursor c{text};
  if (!c.Digits(4, 4, &f.year) || !c.Eat('-')) return false;
  std::size_t month_start = c.pos;
  if (!c.Digits(1, 2, &f.month) || !c.Eat('-')) return false;
  bool short_date = c.pos - month_start != 3;
  std::size_t day_start = c.pos;
  if (!c.Digits(1, 2, &f.day)) return false;
  short_date = short_date || c.pos - day_start != 2;
  if (c.Done()) return !short_date;
  if (!c.Eat('T') && !c.Eat('t') && c.Spaces() == 0) return false;
  if (!c.Digits(1, 2, &f.hour) || !c.Eat(':') || !c.Digits(2, 2, &f.minute)) return false;
  if (!c.Eat(':') || !c.Digits(2, 2, &f.second)) return false;
  return ReadZone(c, f);
}

std::string CheckFields(const Fields& f) {
  auto out_of_range = [](std::string_view what, std::int64_t v) {
    return std::string(what) + " " + std::to_string(v) + " is out of range";
  };
  if (f.month < 1 || f.month > 12) return out_of_range("month", f.month);
  if (f.day < 1 || f.day > DaysInMonth(f.year, f.month)) return out_of_range("day", f.day);
  if (f.hour > 23) return out_of_range("hour", f.hour);
  if (f.minute > 59) return out_of_range("minute", f.minute);
  if (f.second > 59) return out_of_range("second", f.second);
  if (f.zone_hour > 23 || f.zone_minute > 59) return "the time zone offset is out of range";
  return "";
}

// On failure *detail says which field is wrong, or stays empty when the shape is.
std::optional<Timestamp> ReadTimestamp(std::string_view text, std::string* detail) {
  Fields f;
  if (!ReadFields(text, f)) return std::nullopt;
  *detail = CheckFields(f);
  if (!detail->empty()) return std::nullopt;
  std::int64_t offset = (f.zone_hour * 60 + f.zone_minute) * (f.zone_negative ? -1 : 1);
  std::int64_t seconds = DaysFromCivil(f.year, f.month, f.day) * 86400 + f.hour * 3600 +
                         f.minute * 60 + f.second - offset * 60;
  return Timestamp{seconds, static_cast<std::int32_t>(f.nanos), static_cast<std::int32_t>(offset)};
}

// major.minor[.fix[.qualifier[-build]]] (3.3.2). '0' is also allowed: 3.3.2 reads "a version
// value of zero (i.e., '0', '0.0', or '0.0.0') SHALL indicate there no version provided".
std::optional<Version> ReadVersion(std::string_view text) {
  Version v;
  if (text == "0") return v;
  Cursor c{text};
  if (!c.Digits(1, 18, &v.major) || !c.Eat('.') || !c.Digits(1, 18, &v.minor)) return std::nullopt;
  if (c.Eat('.')) {
    if (!c.Digits(1, 18, &v.fix)) return std::nullopt;
    if (c.Eat('.')) {
      v.qualifier = c.Word();
      if (v.qualifier.empty()) return std::nullopt;
      if (c.Eat('-') && !c.Digits(1, 18, &v.build)) return std::nullopt;
    }
  }
  if (!c.Done()) return std::nullopt;
  return v;
}

// --- Parsing one primitive -------------------------------------------------------------------

// The user's text for types that are text in YAML, where quoting does not matter.
std::string Got(const Node& node) {
  return node.IsScalar() ? Quoted(node.value()) : std::string(yaml::Describe(node));
}

std::optional<Value> ParseString(const Node& node, std::string* why) {
  if (!node.IsScalar()) return Fail(why, Expected("a string", node));
  return Value{Primitive::kString, std::string(node.value()), std::string(node.value())};
}

std::optional<Value> ParseInteger(const Node& node, std::string* why) {
  bool overflow = false;
  std::optional<std::int64_t> v = Typed(node) ? CoreInteger(node.value(), &overflow) : std::nullopt;
  if (!v) return Fail(why, Expected("an integer", node) + (overflow ? ": out of range" : ""));
  return Value{Primitive::kInteger, std::string(node.value()), *v};
}

std::optional<Value> ParseFloat(const Node& node, std::string* why) {
  bool overflow = false;
  std::optional<double> v = Typed(node) ? CoreFloat(node.value(), &overflow) : std::nullopt;
  if (!v && !overflow && Typed(node)) {
    if (auto i = CoreInteger(node.value(), &overflow)) v = static_cast<double>(*i);
  }
  if (!v) return Fail(why, Expected("a float", node) + (overflow ? ": out of range" : ""));
  return Value{Primitive::kFloat, std::string(node.value()), *v};
}

std::optional<Value> ParseBoolean(const Node& node, std::string* why) {
  std::optional<bool> v = Typed(node) ? CoreBool(node.value()) : std::nullopt;
  if (v) return Value{Primitive::kBoolean, std::string(node.value()), *v};
  std::string hint =
      node.plain && OldBool(node.value()) ? ": YAML 1.2 booleans are true and false" : "";
  return Fail(why, Expected("a boolean", node) + hint);
}

std::optional<Value> ParseNull(const Node& node, std::string* why) {
  if (node.IsNull() || (Typed(node) && CoreNull(node.value()))) {
    return Value{Primitive::kNull, "null", std::monostate{}};
  }
  return Fail(why, Expected("null", node));
}

std::optional<Value> ParseTimestamp(const Node& node, std::string* why) {
  std::string message = "expected a timestamp such as '2001-12-14T21:59:43Z', got " + Got(node);
  if (!node.IsScalar()) return Fail(why, message);
  std::string detail;
  std::optional<Timestamp> t = ReadTimestamp(node.value(), &detail);
  if (!t) return Fail(why, detail.empty() ? message : message + ": " + detail);
  return Value{Primitive::kTimestamp, std::string(node.value()), *t};
}

std::optional<Value> ParseVersion(const Node& node, std::string* why) {
  std::optional<Version> v = node.IsScalar() ? ReadVersion(node.value()) : std::nullopt;
  if (!v) return Fail(why, "expected a version such as '1.0' or '2.1.3.beta-4', got " + Got(node));
  return Value{Primitive::kVersion, std::string(node.value()), *v};
}

std::optional<Value> ParseRange(const Node& node, std::string* why) {
  std::string message = "expected a range such as [1, 4], got ";
  if (!node.IsSequence()) return Fail(why, message + Got(node));
  message += Quoted(Render(node)) + ": ";
  if (node.items().size() != 2) return Fail(why, message + "a range has two bounds");
  const Node& lower = *node.items()[0];
  const Node& upper = *node.items()[1];
  bool overflow = false;
  Range r;
  std::optional<std::int64_t> low =
      Typed(lower) ? CoreInteger(lower.value(), &overflow) : std::nullopt;
  if (!low) return Fail(why, message + "the lower bound is not an integer");
  r.lower = *low;
  r.unbounded = upper.IsScalar() && upper.value() == "UNBOUNDED";
  std::optional<std::int64_t> high =
      Typed(upper) ? CoreInteger(upper.value(), &overflow) : std::nullopt;
  if (!r.unbounded && !high) {
    return Fail(why, message + "the upper bound is neither an integer nor UNBOUNDED");
  }
  if (high) r.upper = *high;
  if (!r.unbounded && r.lower > r.upper) {
    return Fail(why, message + "the lower bound is greater than the upper bound");
  }
  return Value{Primitive::kRange, Render(node), r};
}

std::optional<Value> ParseCollection(Primitive p, const Node& node, std::string* why) {
  bool list = p == Primitive::kList;
  if (list ? !node.IsSequence() : !node.IsMap()) {
    return Fail(why, Expected(list ? "a list" : "a map", node));
  }
  std::size_t size = list ? node.items().size() : node.entries().size();
  return Value{p, Render(node), Collection{&node, size}};
}

std::string_view Example(UnitKind kind) {
  switch (kind) {
    case UnitKind::kSize:
      return "4 GB";
    case UnitKind::kTime:
      return "30 s";
    case UnitKind::kFrequency:
      return "2.5 GHz";
    case UnitKind::kBitrate:
      return "100 Mbps";
  }
  return "";
}

std::optional<Value> ParseScalarUnit(Primitive p, UnitKind kind, const Node& node,
                                     std::string* why) {
  std::string message = "expected a " + std::string(UnitKindName(kind)) + " such as " +
                        Quoted(Example(kind)) + ", got " + Got(node);
  if (!node.IsScalar()) return Fail(why, message);
  std::string detail;
  std::optional<Quantity> q = ParseQuantity(kind, node.value(), &detail);
  if (!q) return Fail(why, message + ": " + detail);
  return Value{p, std::string(node.value()), *q};
}

}  // namespace

std::optional<Primitive> PrimitiveByName(std::string_view name) {
  // The qualified "tosca:" names exist for the special types only (3.3.2 onwards); the
  // primitive types are YAML's own and have none.
  constexpr std::string_view kPrefix = "tosca:";
  bool qualified = name.substr(0, kPrefix.size()) == kPrefix;
  if (qualified) name.remove_prefix(kPrefix.size());
  for (const auto& [n, p] : kNames) {
    if (n != name) continue;
    if (qualified && p < Primitive::kVersion) return std::nullopt;
    return p;
  }
  return std::nullopt;
}

std::string_view PrimitiveName(Primitive p) { return kNames[static_cast<std::size_t>(p)].first; }

std::optional<UnitKind> ScalarUnitKind(Primitive p) {
  switch (p) {
    case Primitive::kScalarSize:
      return UnitKind::kSize;
    case Primitive::kScalarTime:
      return UnitKind::kTime;
    case Primitive::kScalarFrequency:
      return UnitKind::kFrequency;
    case Primitive::kScalarBitrate:
      return UnitKind::kBitrate;
    default:
      return std::nullopt;
  }
}

std::partial_ordering Compare(const Value& a, const Value& b) {
  if (a.type != b.type) return std::partial_ordering::unordered;
  return CompareData(a, b);
}

std::string Quoted(std::string_view text) {
  std::string out = "'";
  std::size_t shown = 0;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (StartsCharacter(ch) && shown++ == kQuoteLimit) return out + "...'";
    if (c >= 0x20 && c != 0x7F) {
      out += ch;
      continue;
    }
    // Control characters would garble a terminal line: write them as escapes.
    char escape[8];
    std::snprintf(escape, sizeof escape, "\\x%02X", c);
    out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : escape;
  }
  return out + "'";
}

std::string Found(const Node& node) {
  if (node.IsScalar()) return (Typed(node) ? "" : "the string ") + Quoted(node.value());
  return std::string(yaml::Describe(node));
}

std::string Render(const Node& node) {
  std::string out;
  RenderTo(&node, out);
  if (out.size() <= kRenderLimit) return out;
  std::size_t cut = kRenderLimit;
  while (cut > 0 && !StartsCharacter(out[cut])) --cut;  // keep UTF-8 whole
  return out.substr(0, cut) + "...";
}

std::optional<Value> ParsePrimitive(Primitive p, const Node& node, std::string* why) {
  if (std::optional<UnitKind> kind = ScalarUnitKind(p)) {
    return ParseScalarUnit(p, *kind, node, why);
  }
  switch (p) {
    case Primitive::kString:
      return ParseString(node, why);
    case Primitive::kInteger:
      return ParseInteger(node, why);
    case Primitive::kFloat:
      return ParseFloat(node, why);
    case Primitive::kBoolean:
      return ParseBoolean(node, why);
    case Primitive::kTimestamp:
      return ParseTimestamp(node, why);
    case Primitive::kNull:
      return ParseNull(node, why);
    case Primitive::kVersion:
      return ParseVersion(node, why);
    case Primitive::kRange:
      return ParseRange(node, why);
    default:
      return ParseCollection(p, node, why);
  }
}

}  // namespace toscac::values
