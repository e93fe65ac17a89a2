#include "values/primitive.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <deque>

#include "diag/diagnostic.h"
#include "diag/source_manager.h"
#include "yaml/loader.h"

namespace toscac::values {
namespace {

// Parses `v: <text>` and hands out the value node; the trees live as long as the Yaml object.
class Yaml {
 public:
  const yaml::Node& operator()(const std::string& text) {
    diag::FileId id = sm_.Add("test.yaml", "v: " + text + "\n");
    diag::Diagnostics diags;
    yaml::Document& doc = docs_.emplace_back();
    if (!yaml::Load(sm_, id, yaml::Limits{}, doc, diags) || doc.root()->Find("v") == nullptr) {
      ADD_FAILURE() << "cannot load: " << text;
      return doc.NewNode();
    }
    return *doc.root()->Find("v");
  }

 private:
  diag::SourceManager sm_;
  std::deque<yaml::Document> docs_;
};

std::string Number(long double v) {
  char buf[64];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e30L) {
    std::snprintf(buf, sizeof buf, "%.0Lf", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6Lg", v);
  }
  return buf;
}

// Concatenates by appending: GCC 12 at -O2 warns falsely (-Wrestrict) on chains of
// "literal" + std::string + "literal".
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

// A one-line dump of a value, for table tests.
std::string Dump(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? " true" : " false"; }
    std::string operator()(std::int64_t i) const { return Cat({" ", std::to_string(i)}); }
    std::string operator()(double d) const { return Cat({" ", Number(d)}); }
    std::string operator()(const std::string& s) const { return Cat({" '", s, "'"}); }
    std::string operator()(const Timestamp& t) const {
      return Cat({" ", std::to_string(t.seconds), "s ", std::to_string(t.nanos), "ns ",
                  std::to_string(t.offset_minutes), "min"});
    }
    std::string operator()(const Version& v) const {
      return Cat({" ", std::to_string(v.major), ".", std::to_string(v.minor), ".",
                  std::to_string(v.fix), " '", v.qualifier, "' ", std::to_string(v.build)});
    }
    std::string operator()(const Range& r) const {
      return Cat({" ", std::to_string(r.lower), "..",
                  r.unbounded ? "UNBOUNDED" : std::to_string(r.upper)});
    }
    std::string operator()(const Quantity& q) const {
      return Cat({" ", Number(q.amount), " ", q.unit, " = ", Number(q.base)});
    }
    std::string operator()(const Collection& c) const {
      return Cat({" size ", std::to_string(c.size)});
    }
  };
  return Cat({PrimitiveName(v.type), std::visit(Visitor{}, v.data), " (", v.text, ")"});
}

struct Case {
  Primitive type;
  std::string yaml;
  std::string want;  // Dump() of the value, or "error: " and the message
};

std::string Run(Yaml& yaml, const Case& c) {
  std::string why;
  std::optional<Value> v = ParsePrimitive(c.type, yaml(c.yaml), &why);
  if (!v) return "error: " + why;
  EXPECT_EQ(why, "") << c.yaml;
  return Dump(*v);
}

void RunAll(const std::vector<Case>& cases) {
  Yaml yaml;
  for (const Case& c : cases) {
    EXPECT_EQ(Run(yaml, c), c.want) << PrimitiveName(c.type) << " <- " << c.yaml;
  }
}

using P = Primitive;

TEST(PrimitiveTest, Names) {
  for (int i = 0; i <= static_cast<int>(P::kScalarBitrate); ++i) {
    auto p = static_cast<P>(i);
    EXPECT_EQ(PrimitiveByName(PrimitiveName(p)), p) << PrimitiveName(p);
  }
  EXPECT_EQ(PrimitiveName(P::kScalarSize), "scalar-unit.size");
  EXPECT_EQ(PrimitiveByName("tosca:version"), P::kVersion);
  EXPECT_EQ(PrimitiveByName("tosca:range"), P::kRange);
  EXPECT_EQ(PrimitiveByName("tosca:list"), P::kList);
  EXPECT_EQ(PrimitiveByName("tosca:map"), P::kMap);
  EXPECT_EQ(PrimitiveByName("tosca:scalar-unit.bitrate"), P::kScalarBitrate);
  EXPECT_EQ(PrimitiveByName("tosca:string"), std::nullopt);
  EXPECT_EQ(PrimitiveByName("tosca:integer"), std::nullopt);
  EXPECT_EQ(PrimitiveByName("tosca.datatypes.version"), std::nullopt);
  EXPECT_EQ(PrimitiveByName("Integer"), std::nullopt);
  EXPECT_EQ(PrimitiveByName("scalar-unit"), std::nullopt);
  EXPECT_EQ(PrimitiveByName("tosca:"), std::nullopt);
  EXPECT_EQ(PrimitiveByName(""), std::nullopt);
  EXPECT_EQ(ScalarUnitKind(P::kScalarTime), UnitKind::kTime);
  EXPECT_EQ(ScalarUnitKind(P::kInteger), std::nullopt);
}

TEST(PrimitiveTest, Integer) {
  RunAll({
      {P::kInteger, "42", "integer 42 (42)"},
      {P::kInteger, "-17", "integer -17 (-17)"},
      {P::kInteger, "+5", "integer 5 (+5)"},
      {P::kInteger, "0", "integer 0 (0)"},
      {P::kInteger, "007", "integer 7 (007)"},
      {P::kInteger, "0o17", "integer 15 (0o17)"},
      {P::kInteger, "0x1F", "integer 31 (0x1F)"},
      {P::kInteger, "9223372036854775807", "integer 9223372036854775807 (9223372036854775807)"},
      {P::kInteger, "-9223372036854775808", "integer -9223372036854775808 (-9223372036854775808)"},
      {P::kInteger, "!!int '12'", "integer 12 (12)"},
      {P::kInteger, "9223372036854775808",
       "error: expected an integer, got '9223372036854775808': out of range"},
      {P::kInteger, "0xFFFFFFFFFFFFFFFF",
       "error: expected an integer, got '0xFFFFFFFFFFFFFFFF': out of range"},
      {P::kInteger, "'123'", "error: expected an integer, got the string '123'"},
      {P::kInteger, "\"123\"", "error: expected an integer, got the string '123'"},
      {P::kInteger, "!!str 12", "error: expected an integer, got the string '12'"},
      {P::kInteger, "abc", "error: expected an integer, got 'abc'"},
      {P::kInteger, "1.5", "error: expected an integer, got '1.5'"},
      {P::kInteger, "1e3", "error: expected an integer, got '1e3'"},
      {P::kInteger, "0x", "error: expected an integer, got '0x'"},
      {P::kInteger, "-0x10", "error: expected an integer, got '-0x10'"},
      {P::kInteger, "0o8", "error: expected an integer, got '0o8'"},
      {P::kInteger, "1_000", "error: expected an integer, got '1_000'"},
      {P::kInteger, "+-5", "error: expected an integer, got '+-5'"},
      {P::kInteger, "--5", "error: expected an integer, got '--5'"},
      {P::kInteger, "+", "error: expected an integer, got '+'"},
      {P::kInteger, "[1]", "error: expected an integer, got a sequence"},
      {P::kInteger, "{a: 1}", "error: expected an integer, got a map"},
      {P::kInteger, "~", "error: expected an integer, got null"},
      {P::kInteger, "", "error: expected an integer, got null"},
  });
}

TEST(PrimitiveTest, Float) {
  RunAll({
      {P::kFloat, "1.5", "float 1.5 (1.5)"},
      {P::kFloat, "-2.5e3", "float -2500 (-2.5e3)"},
      {P::kFloat, "1E3", "float 1000 (1E3)"},
      {P::kFloat, "+.5", "float 0.5 (+.5)"},
      {P::kFloat, "5.", "float 5 (5.)"},
      {P::kFloat, "3", "float 3 (3)"},
      {P::kFloat, "0x10", "float 16 (0x10)"},
      {P::kFloat, ".inf", "float inf (.inf)"},
      {P::kFloat, "-.Inf", "float -inf (-.Inf)"},
      {P::kFloat, "+.INF", "float inf (+.INF)"},
      {P::kFloat, ".nan", "float nan (.nan)"},
      {P::kFloat, ".NaN", "float nan (.NaN)"},
      {P::kFloat, "1e999", "error: expected a float, got '1e999': out of range"},
      {P::kFloat, "'1.5'", "error: expected a float, got the string '1.5'"},
      {P::kFloat, "abc", "error: expected a float, got 'abc'"},
      {P::kFloat, "1.5.2", "error: expected a float, got '1.5.2'"},
      {P::kFloat, "e3", "error: expected a float, got 'e3'"},
      {P::kFloat, "1e", "error: expected a float, got '1e'"},
      {P::kFloat, ".", "error: expected a float, got '.'"},
      {P::kFloat, "inf", "error: expected a float, got 'inf'"},
      {P::kFloat, "-.nan", "error: expected a float, got '-.nan'"},
      {P::kFloat, "[1.5]", "error: expected a float, got a sequence"},
  });
}

TEST(PrimitiveTest, Boolean) {
  RunAll({
      {P::kBoolean, "true", "boolean true (true)"},
      {P::kBoolean, "True", "boolean true (True)"},
      {P::kBoolean, "TRUE", "boolean true (TRUE)"},
      {P::kBoolean, "false", "boolean false (false)"},
      {P::kBoolean, "False", "boolean false (False)"},
      {P::kBoolean, "FALSE", "boolean false (FALSE)"},
      {P::kBoolean, "tRUE", "error: expected a boolean, got 'tRUE'"},
      {P::kBoolean, "yes",
       "error: expected a boolean, got 'yes': YAML 1.2 booleans are true and false"},
      {P::kBoolean, "Off",
       "error: expected a boolean, got 'Off': YAML 1.2 booleans are true and false"},
      {P::kBoolean, "'true'", "error: expected a boolean, got the string 'true'"},
      {P::kBoolean, "'yes'", "error: expected a boolean, got the string 'yes'"},
      {P::kBoolean, "1", "error: expected a boolean, got '1'"},
      {P::kBoolean, "{}", "error: expected a boolean, got a map"},
  });
}

TEST(PrimitiveTest, Null) {
  RunAll({
      {P::kNull, "~", "null (null)"},
      {P::kNull, "null", "null (null)"},
      {P::kNull, "Null", "null (null)"},
      {P::kNull, "NULL", "null (null)"},
      {P::kNull, "", "null (null)"},
      {P::kNull, "!!null ''", "null (null)"},
      {P::kNull, "'null'", "error: expected null, got the string 'null'"},
      {P::kNull, "0", "error: expected null, got '0'"},
      {P::kNull, "nul", "error: expected null, got 'nul'"},
      {P::kNull, "[]", "error: expected null, got a sequence"},
  });
}

TEST(PrimitiveTest, String) {
  RunAll({
      {P::kString, "abc", "string 'abc' (abc)"},
      {P::kString, "123", "string '123' (123)"},
      {P::kString, "true", "string 'true' (true)"},
      {P::kString, "1.5", "string '1.5' (1.5)"},
      {P::kString, "'quoted text'", "string 'quoted text' (quoted text)"},
      {P::kString, "''", "string '' ()"},
      {P::kString, "~", "error: expected a string, got null"},
      {P::kString, "[a]", "error: expected a string, got a sequence"},
      {P::kString, "{a: b}", "error: expected a string, got a map"},
  });
}

TEST(PrimitiveTest, Timestamp) {
  const std::string kExpected = "error: expected a timestamp such as '2001-12-14T21:59:43Z', got ";
  RunAll({
      {P::kTimestamp, "2001-12-14t21:59:43.10-05:00",
       "timestamp 1008385183s 100000000ns -300min (2001-12-14t21:59:43.10-05:00)"},
      {P::kTimestamp, "2001-12-14 21:59:43.10 -5",
       "timestamp 1008385183s 100000000ns -300min (2001-12-14 21:59:43.10 -5)"},
      {P::kTimestamp, "2001-12-15T02:59:43.1Z",
       "timestamp 1008385183s 100000000ns 0min (2001-12-15T02:59:43.1Z)"},
      {P::kTimestamp, "2001-12-15 2:59:43.10",
       "timestamp 1008385183s 100000000ns 0min (2001-12-15 2:59:43.10)"},
      {P::kTimestamp, "2001-12-14T21:59:43+05:30",
       "timestamp 1008347383s 0ns 330min (2001-12-14T21:59:43+05:30)"},
      {P::kTimestamp, "2001-12-14T21:59:43.123456789123Z",
       "timestamp 1008367183s 123456789ns 0min (2001-12-14T21:59:43.123456789123Z)"},
      {P::kTimestamp, "2001-12-14T21:59:43.Z",
       "timestamp 1008367183s 0ns 0min (2001-12-14T21:59:43.Z)"},
      {P::kTimestamp, "2002-12-14", "timestamp 1039824000s 0ns 0min (2002-12-14)"},
      {P::kTimestamp, "'2002-12-14'", "timestamp 1039824000s 0ns 0min (2002-12-14)"},
      {P::kTimestamp, "2001-1-5T01:02:03Z", "timestamp 978656523s 0ns 0min (2001-1-5T01:02:03Z)"},
      {P::kTimestamp, "2024-02-29", "timestamp 1709164800s 0ns 0min (2024-02-29)"},
      {P::kTimestamp, "1969-12-31T23:59:59Z", "timestamp -1s 0ns 0min (1969-12-31T23:59:59Z)"},
      {P::kTimestamp, "0001-01-01", "timestamp -62135596800s 0ns 0min (0001-01-01)"},
      {P::kTimestamp, "9999-12-31T23:59:59Z",
       "timestamp 253402300799s 0ns 0min (9999-12-31T23:59:59Z)"},
      {P::kTimestamp, "2023-02-29", kExpected + "'2023-02-29': day 29 is out of range"},
      {P::kTimestamp, "2024-04-31", kExpected + "'2024-04-31': day 31 is out of range"},
      {P::kTimestamp, "2024-00-10", kExpected + "'2024-00-10': month 0 is out of range"},
      {P::kTimestamp, "2024-13-01", kExpected + "'2024-13-01': month 13 is out of range"},
      {P::kTimestamp, "2024-01-01T24:00:00Z",
       kExpected + "'2024-01-01T24:00:00Z': hour 24 is out of range"},
      {P::kTimestamp, "2024-01-01T23:60:00Z",
       kExpected + "'2024-01-01T23:60:00Z': minute 60 is out of range"},
      {P::kTimestamp, "2024-01-01T23:59:60Z",
       kExpected + "'2024-01-01T23:59:60Z': second 60 is out of range"},
      {P::kTimestamp, "2024-01-01T10:00:00+25:00",
       kExpected + "'2024-01-01T10:00:00+25:00': the time zone offset is out of range"},
      {P::kTimestamp, "2001-1-5", kExpected + "'2001-1-5'"},
      {P::kTimestamp, "2024-01-01T10:00", kExpected + "'2024-01-01T10:00'"},
      {P::kTimestamp, "2024-01-01T10:00:00z", kExpected + "'2024-01-01T10:00:00z'"},
      {P::kTimestamp, "2024-01-01T10:00:00+5:3", kExpected + "'2024-01-01T10:00:00+5:3'"},
      {P::kTimestamp, "'2024-01-01T10:00:00 '", kExpected + "'2024-01-01T10:00:00 '"},
      {P::kTimestamp, "24-01-01", kExpected + "'24-01-01'"},
      {P::kTimestamp, "yesterday", kExpected + "'yesterday'"},
      {P::kTimestamp, "[2024]", kExpected + "a sequence"},
  });
}

TEST(PrimitiveTest, Version) {
  const std::string kExpected = "error: expected a version such as '1.0' or '2.1.3.beta-4', got ";
  RunAll({
      {P::kVersion, "1.0", "version 1.0.0 '' 0 (1.0)"},
      {P::kVersion, "2.1.3", "version 2.1.3 '' 0 (2.1.3)"},
      {P::kVersion, "1.0.0.alpha-10", "version 1.0.0 'alpha' 10 (1.0.0.alpha-10)"},
      {P::kVersion, "1.0.0.beta", "version 1.0.0 'beta' 0 (1.0.0.beta)"},
      {P::kVersion, "1.2.3.rc_1-2", "version 1.2.3 'rc_1' 2 (1.2.3.rc_1-2)"},
      {P::kVersion, "'1.2'", "version 1.2.0 '' 0 (1.2)"},
      {P::kVersion, "01.02", "version 1.2.0 '' 0 (01.02)"},
      {P::kVersion, "0", "version 0.0.0 '' 0 (0)"},
      {P::kVersion, "1", kExpected + "'1'"},
      {P::kVersion, "1.", kExpected + "'1.'"},
      {P::kVersion, "1.0.", kExpected + "'1.0.'"},
      {P::kVersion, "1.0.0.", kExpected + "'1.0.0.'"},
      {P::kVersion, "1.0.alpha", kExpected + "'1.0.alpha'"},
      {P::kVersion, "1.0.0.alpha-", kExpected + "'1.0.0.alpha-'"},
      {P::kVersion, "1.0.0.alpha-beta", kExpected + "'1.0.0.alpha-beta'"},
      {P::kVersion, "1.0.0.0.0", kExpected + "'1.0.0.0.0'"},
      {P::kVersion, "v1.0", kExpected + "'v1.0'"},
      {P::kVersion, "1234567890123456789.0", kExpected + "'1234567890123456789.0'"},
      {P::kVersion, "{a: 1}", kExpected + "a map"},
  });
}

TEST(PrimitiveTest, Range) {
  const std::string kExpected = "error: expected a range such as [1, 4], got ";
  RunAll({
      {P::kRange, "[1, 4]", "range 1..4 ([1, 4])"},
      {P::kRange, "[3, 3]", "range 3..3 ([3, 3])"},
      {P::kRange, "[-5, 0x10]", "range -5..16 ([-5, 0x10])"},
      {P::kRange, "[1, UNBOUNDED]", "range 1..UNBOUNDED ([1, UNBOUNDED])"},
      {P::kRange, "[1, 'UNBOUNDED']", "range 1..UNBOUNDED ([1, \"UNBOUNDED\"])"},
      {P::kRange, "[4, 1]",
       kExpected + "'[4, 1]': the lower bound is greater than the upper bound"},
      {P::kRange, "[1, 2, 3]", kExpected + "'[1, 2, 3]': a range has two bounds"},
      {P::kRange, "[]", kExpected + "'[]': a range has two bounds"},
      {P::kRange, "[a, 4]", kExpected + "'[a, 4]': the lower bound is not an integer"},
      {P::kRange, "[UNBOUNDED, 4]",
       kExpected + "'[UNBOUNDED, 4]': the lower bound is not an integer"},
      {P::kRange, "[1.5, 4]", kExpected + "'[1.5, 4]': the lower bound is not an integer"},
      {P::kRange, "[1, '4']",
       kExpected + "'[1, \"4\"]': the upper bound is neither an integer nor UNBOUNDED"},
      {P::kRange, "[1, unbounded]",
       kExpected + "'[1, unbounded]': the upper bound is neither an integer nor UNBOUNDED"},
      {P::kRange, "[1, [4]]",
       kExpected + "'[1, [4]]': the upper bound is neither an integer nor UNBOUNDED"},
      {P::kRange, "1", kExpected + "'1'"},
      {P::kRange, "{a: 1}", kExpected + "a map"},
  });
}

TEST(PrimitiveTest, ListAndMap) {
  RunAll({
      {P::kList, "[1, two, {a: b}]", "list size 3 ([1, two, {a: b}])"},
      {P::kList, "[]", "list size 0 ([])"},
      {P::kList, "{a: 1}", "error: expected a list, got a map"},
      {P::kList, "abc", "error: expected a list, got 'abc'"},
      {P::kList, "~", "error: expected a list, got null"},
      {P::kMap, "{a: 1, b: [2]}", "map size 2 ({a: 1, b: [2]})"},
      {P::kMap, "{}", "map size 0 ({})"},
      {P::kMap, "[1]", "error: expected a map, got a sequence"},
      {P::kMap, "'a: 1'", "error: expected a map, got the string 'a: 1'"},
  });
}

TEST(PrimitiveTest, ScalarUnits) {
  const std::string kSize = "error: expected a scalar-unit.size such as '4 GB', got ";
  RunAll({
      {P::kScalarSize, "4 GB", "scalar-unit.size 4 GB = 4000000000 (4 GB)"},
      {P::kScalarSize, "'4 GB'", "scalar-unit.size 4 GB = 4000000000 (4 GB)"},
      {P::kScalarSize, "1.5KiB", "scalar-unit.size 1.5 KiB = 1536 (1.5KiB)"},
      {P::kScalarSize, "4 gb", "scalar-unit.size 4 GB = 4000000000 (4 gb)"},
      {P::kScalarSize, "4 GX",
       kSize + "'4 GX': unknown unit 'GX' (known units: B, kB, KiB, MB, MiB, GB, GiB, TB, TiB)"},
      {P::kScalarSize, "4", kSize + "'4': the unit is missing"},
      {P::kScalarSize, "GB", kSize + "'GB': the number is missing"},
      {P::kScalarSize, "-1 GB", kSize + "'-1 GB': a size cannot be negative"},
      {P::kScalarSize, "[4 GB]", kSize + "a sequence"},
      {P::kScalarSize, "~", kSize + "null"},
      {P::kScalarTime, "10 ms", "scalar-unit.time 10 ms = 10000000 (10 ms)"},
      {P::kScalarTime, "-5 s", "scalar-unit.time -5 s = -5000000000 (-5 s)"},
      {P::kScalarTime, "5 y",
       "error: expected a scalar-unit.time such as '30 s', got '5 y': unknown unit 'y' (known "
       "units: d, h, m, s, ms, us, ns)"},
      {P::kScalarFrequency, "2.5 GHz", "scalar-unit.frequency 2.5 GHz = 2500000000 (2.5 GHz)"},
      {P::kScalarFrequency, "-1 Hz",
       "error: expected a scalar-unit.frequency such as '2.5 GHz', got '-1 Hz': a frequency "
       "cannot be negative"},
      {P::kScalarBitrate, "100 Mbps", "scalar-unit.bitrate 100 Mbps = 100000000 (100 Mbps)"},
      {P::kScalarBitrate, "10 MBps", "scalar-unit.bitrate 10 MBps = 80000000 (10 MBps)"},
      {P::kScalarBitrate, "10 mbps",
       "error: expected a scalar-unit.bitrate such as '100 Mbps', got '10 mbps': unknown unit "
       "'mbps'; bitrate units are case-sensitive (known units: bps, Kbps, Kibps, Mbps, Mibps, "
       "Gbps, Gibps, Tbps, Tibps, Bps, KBps, KiBps, MBps, MiBps, GBps, GiBps, TBps, TiBps)"},
  });
}

std::partial_ordering CompareText(P type, const std::string& a, const std::string& b) {
  static Yaml yaml;
  std::string why;
  std::optional<Value> va = ParsePrimitive(type, yaml(a), &why);
  std::optional<Value> vb = ParsePrimitive(type, yaml(b), &why);
  if (!va || !vb) ADD_FAILURE() << why;
  if (!va || !vb) return std::partial_ordering::unordered;
  return Compare(*va, *vb);
}

constexpr auto kLess = std::partial_ordering::less;
constexpr auto kEqual = std::partial_ordering::equivalent;
constexpr auto kGreater = std::partial_ordering::greater;
constexpr auto kUnordered = std::partial_ordering::unordered;

TEST(PrimitiveTest, CompareWithinATypes) {
  struct Pair {
    P type;
    std::string a, b;
    std::partial_ordering want;
  };
  const std::vector<Pair> pairs = {
      {P::kInteger, "1", "2", kLess},
      {P::kInteger, "0x10", "16", kEqual},
      {P::kFloat, "1.5", "1.25", kGreater},
      {P::kFloat, "1", "1.0", kEqual},
      {P::kFloat, ".nan", ".nan", kUnordered},
      {P::kFloat, "-.inf", "-1e308", kLess},
      {P::kBoolean, "false", "true", kLess},
      {P::kString, "abc", "abd", kLess},
      {P::kString, "10", "9", kLess},
      {P::kTimestamp, "2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.1Z", kEqual},
      {P::kTimestamp, "2001-12-14", "2001-12-14T00:00:00.000000001Z", kLess},
      {P::kTimestamp, "2001-12-14T10:00:00+02:00", "2001-12-14T09:00:00Z", kLess},
      {P::kVersion, "1.0", "1.0.0", kEqual},
      {P::kVersion, "1.9", "1.10", kLess},
      {P::kVersion, "2.0", "1.99.99", kGreater},
      {P::kVersion, "1.0.1", "1.0.0", kGreater},
      {P::kVersion, "1.0.0.alpha", "1.0.0", kLess},
      {P::kVersion, "1.0.0", "1.0.0.beta-3", kGreater},
      {P::kVersion, "1.0.0.alpha-1", "1.0.0.alpha-2", kLess},
      {P::kVersion, "1.0.0.alpha", "1.0.0.alpha-0", kEqual},
      {P::kVersion, "1.0.0.alpha-9", "1.0.0.beta-1", kLess},
      {P::kVersion, "1.0.1.alpha", "1.0.0", kGreater},
      {P::kRange, "[1, 4]", "[1, 4]", kEqual},
      {P::kRange, "[1, 4]", "[1, UNBOUNDED]", kLess},
      {P::kScalarSize, "1 GB", "1000 MB", kEqual},
      {P::kScalarSize, "0.1 GB", "100 MB", kEqual},
      {P::kScalarSize, "1 GiB", "1 GB", kGreater},
      {P::kScalarSize, "1 kb", "1000 B", kEqual},
      {P::kScalarTime, "1000 ms", "1 s", kEqual},
      {P::kScalarTime, "1 d", "24 h", kEqual},
      {P::kScalarTime, "90 m", "1.5 h", kEqual},
      {P::kScalarTime, "0.000000001 s", "1 ns", kEqual},
      {P::kScalarFrequency, "1 GHz", "999 MHz", kGreater},
      {P::kScalarBitrate, "1 KBps", "8 Kbps", kEqual},
      {P::kScalarBitrate, "1 KiBps", "8 Kibps", kEqual},
      {P::kList, "[1, 2]", "[1, 2]", kEqual},
      {P::kList, "[1, 2]", "[2, 1]", kUnordered},
      {P::kList, "[1, 2]", "[1, '2']", kUnordered},
      {P::kMap, "{a: 1, b: [x]}", "{b: [x], a: 1}", kEqual},
      {P::kMap, "{a: 1}", "{a: 2}", kUnordered},
  };
  for (const Pair& p : pairs) {
    EXPECT_EQ(CompareText(p.type, p.a, p.b), p.want) << p.a << " vs " << p.b;
  }
}

TEST(PrimitiveTest, CompareAcrossTypesIsUnordered) {
  Yaml yaml;
  std::string why;
  std::optional<Value> i = ParsePrimitive(P::kInteger, yaml("1"), &why);
  std::optional<Value> f = ParsePrimitive(P::kFloat, yaml("1"), &why);
  std::optional<Value> s = ParsePrimitive(P::kString, yaml("1"), &why);
  ASSERT_TRUE(i && f && s);
  EXPECT_EQ(Compare(*i, *f), kUnordered);
  EXPECT_EQ(Compare(*i, *s), kUnordered);
}

TEST(PrimitiveTest, CollectionsWithManyAliasesStayCheap) {
  // Every level doubles the expanded size: 2^17 nodes, more than the comparison budget.
  std::string text = "[&a0 [x, y]";
  for (int i = 1; i <= 16; ++i) {
    text += ", &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" +
            std::to_string(i - 1) + "]";
  }
  text += "]";
  Yaml yaml;
  std::string why;
  std::optional<Value> a = ParsePrimitive(P::kList, yaml(text), &why);
  std::optional<Value> b = ParsePrimitive(P::kList, yaml(text), &why);
  ASSERT_TRUE(a && b) << why;
  EXPECT_EQ(Compare(*a, *b), kUnordered);  // gave up: too large to compare
  EXPECT_LE(a->text.size(), 203u);
}

TEST(PrimitiveTest, Quoted) {
  EXPECT_EQ(Quoted("abc"), "'abc'");
  EXPECT_EQ(Quoted(""), "''");
  EXPECT_EQ(Quoted("a\nb\tc"), "'a\\nb\\tc'");
  EXPECT_EQ(Quoted(std::string("a\x01\x7F\0b", 5)), "'a\\x01\\x7F\\x00b'");
  const std::string sixty_x(60, 'x');
  EXPECT_EQ(Quoted(sixty_x), Cat({"'", sixty_x, "'"}));
  EXPECT_EQ(Quoted(sixty_x + "x"), Cat({"'", sixty_x, "...'"}));
  std::string accents;
  for (int i = 0; i < 61; ++i) accents += "\xC3\xA9";  // é, two bytes each
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "\xC3\xA9";
  EXPECT_EQ(Quoted(accents), Cat({"'", sixty, "...'"}));
}

TEST(PrimitiveTest, FoundAndRender) {
  Yaml yaml;
  EXPECT_EQ(Found(yaml("abc")), "'abc'");
  EXPECT_EQ(Found(yaml("'abc'")), "the string 'abc'");
  EXPECT_EQ(Found(yaml("!!int '5'")), "'5'");
  EXPECT_EQ(Found(yaml("[1]")), "a sequence");
  EXPECT_EQ(Found(yaml("{a: 1}")), "a map");
  EXPECT_EQ(Found(yaml("~")), "null");
  EXPECT_EQ(Render(yaml("[1, 'two', \"t\\\"3\", {a: b}, ~, []]")),
            "[1, \"two\", \"t\\\"3\", {a: b}, null, []]");
  EXPECT_EQ(Render(yaml("abc")), "abc");
  std::string text = "[";
  for (int i = 0; i < 100; ++i) text += (i ? ", " : "") + std::to_string(1000 + i);
  std::string rendered = Render(yaml(text + "]"));
  EXPECT_EQ(rendered.size(), 203u);
  EXPECT_EQ(rendered.substr(0, 11), "[1000, 1001");
  EXPECT_EQ(rendered.substr(200), "...");
  // A cut never splits a UTF-8 character.
  std::string accents = "[";
  for (int i = 0; i < 150; ++i) accents += "\xC3\xA9";
  rendered = Render(yaml(accents + "]"));
  EXPECT_EQ(rendered, Cat({"[", accents.substr(1, 198), "..."}));
}

}  // namespace
}  // namespace toscac::values
