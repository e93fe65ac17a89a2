#include "values/constraint.h"

#include <gtest/gtest.h>

#include <deque>

#include "diag/diagnostic.h"
#include "diag/source_manager.h"
#include "yaml/loader.h"

namespace toscac::values {
namespace {

using P = Primitive;

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

TEST(ConstraintTest, OperatorNames) {
  for (int i = 0; i <= static_cast<int>(ConstraintOp::kPattern); ++i) {
    auto op = static_cast<ConstraintOp>(i);
    EXPECT_EQ(ConstraintOpByName(ConstraintOpName(op)), op) << ConstraintOpName(op);
  }
  EXPECT_EQ(ConstraintOpName(ConstraintOp::kGreaterOrEqual), "greater_or_equal");
  EXPECT_EQ(ConstraintOpByName("Equal"), std::nullopt);
  EXPECT_EQ(ConstraintOpByName("schema"), std::nullopt);
}

TEST(ConstraintTest, Applies) {
  const std::vector<std::pair<ConstraintOp, std::vector<P>>> allowed = {
      {ConstraintOp::kGreaterThan,
       {P::kInteger, P::kFloat, P::kTimestamp, P::kVersion, P::kScalarSize, P::kScalarTime,
        P::kScalarFrequency, P::kScalarBitrate}},
      {ConstraintOp::kInRange,
       {P::kInteger, P::kFloat, P::kTimestamp, P::kVersion, P::kRange, P::kScalarSize,
        P::kScalarTime, P::kScalarFrequency, P::kScalarBitrate}},
      {ConstraintOp::kMinLength, {P::kString, P::kList, P::kMap}},
      {ConstraintOp::kPattern, {P::kString}},
  };
  for (const auto& [op, types] : allowed) {
    for (int i = 0; i <= static_cast<int>(P::kScalarBitrate); ++i) {
      auto p = static_cast<P>(i);
      bool want = std::find(types.begin(), types.end(), p) != types.end();
      EXPECT_EQ(Applies(op, p), want) << ConstraintOpName(op) << " on " << PrimitiveName(p);
      EXPECT_TRUE(Applies(ConstraintOp::kEqual, p));
      EXPECT_TRUE(Applies(ConstraintOp::kValidValues, p));
      EXPECT_EQ(Applies(ConstraintOp::kLessOrEqual, p), Applies(ConstraintOp::kGreaterThan, p));
      EXPECT_EQ(Applies(ConstraintOp::kMaxLength, p), Applies(ConstraintOp::kLength, p));
    }
  }
}

struct BadClause {
  P type;
  std::string clause;
  std::string why;
  std::string at;  // the clause text from where the location points; "" to skip
};

TEST(ConstraintTest, ParseErrors) {
  const std::string kSizeUnits = "(known units: B, kB, KiB, MB, MiB, GB, GiB, TB, TiB)";
  const std::vector<BadClause> cases = {
      {P::kInteger, "[greater_than, 1]",
       "expected a constraint such as 'greater_than: 0', got a sequence", "["},
      {P::kInteger, "greater_than",
       "expected a constraint such as 'greater_than: 0', got 'greater_than'", "greater_than"},
      {P::kInteger, "{}", "a constraint has exactly one operator, got 0", "{}"},
      {P::kInteger, "{min_length: 1, max_length: 2}",
       "a constraint has exactly one operator, got 2", "max_length"},
      {P::kInteger, "{greater_then: 1}",
       "unknown constraint operator 'greater_then', did you mean 'greater_than'?", "greater_then"},
      {P::kInteger, "{greater_equal: 1}",
       "unknown constraint operator 'greater_equal', did you mean 'greater_or_equal'?",
       "greater_equal"},
      {P::kString, "{max_lenght: 1}",
       "unknown constraint operator 'max_lenght', did you mean 'max_length'?", "max_lenght"},
      {P::kInteger, "{in-range: [1, 2]}",
       "unknown constraint operator 'in-range', did you mean 'in_range'?", "in-range"},
      {P::kInteger, "{foo: 1}", "unknown constraint operator 'foo'", "foo"},
      {P::kString, "{schema: x}", "unknown constraint operator 'schema'", "schema"},
      {P::kBoolean, "{greater_than: true}",
       "the operator 'greater_than' does not apply to the type 'boolean'", "greater_than"},
      {P::kString, "{less_than: b}", "the operator 'less_than' does not apply to the type 'string'",
       "less_than"},
      {P::kInteger, "{pattern: x}", "the operator 'pattern' does not apply to the type 'integer'",
       "pattern"},
      {P::kInteger, "{min_length: 1}",
       "the operator 'min_length' does not apply to the type 'integer'", "min_length"},
      {P::kList, "{in_range: [1, 2]}", "the operator 'in_range' does not apply to the type 'list'",
       "in_range"},
      {P::kInteger, "{greater_than: abc}", "greater_than: expected an integer, got 'abc'", "abc"},
      {P::kInteger, "{equal: '5'}", "equal: expected an integer, got the string '5'", "'5'"},
      {P::kScalarSize, "{less_than: 4 GX}",
       "less_than: expected a scalar-unit.size such as '4 GB', got '4 GX': unknown unit 'GX' " +
           kSizeUnits,
       "4 GX"},
      {P::kInteger, "{in_range: 5}", "in_range: expected a list of two values, got '5'", "5"},
      {P::kInteger, "{in_range: [1, 2, 3]}",
       "in_range: expected a list of two values, got 3 values", "[1, 2, 3]"},
      {P::kInteger, "{in_range: [5, 1]}",
       "in_range: the lower bound 5 is greater than the upper bound 1", "[5, 1]"},
      {P::kScalarTime, "{in_range: [2 s, 1000 ms]}",
       "in_range: the lower bound 2 s is greater than the upper bound 1000 ms", "[2 s"},
      {P::kInteger, "{in_range: [1, x]}", "in_range: expected an integer, got 'x'", "x"},
      {P::kInteger, "{in_range: [1, UNBOUNDED]}", "in_range: expected an integer, got 'UNBOUNDED'",
       "UNBOUNDED"},
      {P::kRange, "{in_range: [5, 1]}",
       "in_range: expected a range such as [1, 4], got '[5, 1]': the lower bound is greater "
       "than the upper bound",
       "[5, 1]"},
      {P::kInteger, "{valid_values: 1}", "valid_values: expected a list of values, got '1'", "1"},
      {P::kInteger, "{valid_values: []}", "valid_values: expected at least one value", "[]"},
      {P::kInteger, "{valid_values: [1, two]}", "valid_values: expected an integer, got 'two'",
       "two"},
      {P::kString, "{length: -1}", "length: expected a non-negative integer, got '-1'", "-1"},
      {P::kString, "{min_length: '3'}",
       "min_length: expected a non-negative integer, got the string '3'", "'3'"},
      {P::kString, "{max_length: 1.5}", "max_length: expected a non-negative integer, got '1.5'",
       "1.5"},
      {P::kList, "{max_length: [1]}", "max_length: expected a non-negative integer, got a sequence",
       "[1]"},
      {P::kString, "{min_length: }", "min_length: expected a non-negative integer, got null", ""},
      {P::kString, "{pattern: [a]}", "pattern: expected a regular expression, got a sequence",
       "[a]"},
      {P::kString, "{pattern: '('}",
       "pattern: invalid regular expression '(': unmatched parenthesis at offset 1", "'('"},
      {P::kString, "{pattern: 'a)'}",
       "pattern: invalid regular expression 'a)': unmatched parenthesis at offset 1", "'a)'"},
      {P::kString, "{pattern: '[a-'}",
       "pattern: invalid regular expression '[a-': unmatched '[' at offset 3", "'[a-'"},
      {P::kString, "{pattern: 'a{2,1}'}",
       "pattern: invalid regular expression 'a{2,1}': invalid repetition count at offset 4",
       "'a{2,1}'"},
      {P::kString, "{pattern: '*a'}",
       "pattern: invalid regular expression '*a': nothing to repeat at offset 0", "'*a'"},
      {P::kString, "{pattern: 'a\\'}",
       "pattern: invalid regular expression 'a\\': invalid escape at offset 2", "'a\\'"},
      {P::kString, "{pattern: '(?<x'}",
       "pattern: invalid regular expression '(?<x': invalid (?...) group at offset 0", "'(?<x'"},
      {P::kString, "{pattern: '[[:nope:]]'}",
       "pattern: invalid regular expression '[[:nope:]]': invalid character class or range at "
       "offset 3",
       "'[[:nope:]]'"},
      {P::kString, "{pattern: '" + std::string(500, '(') + std::string(500, ')') + "'}",
       "pattern: invalid regular expression '" + std::string(60, '(') +
           "...': too complex at offset 400",
       "'((("},
  };
  Yaml yaml;
  for (const BadClause& c : cases) {
    std::string why;
    diag::Location where;
    const yaml::Node& clause = yaml(c.clause);
    std::optional<Constraint> parsed = ParseConstraint(clause, c.type, &why, &where);
    EXPECT_FALSE(parsed) << c.clause;
    EXPECT_EQ(why, c.why) << c.clause;
    if (c.at.empty()) continue;
    EXPECT_EQ(where.line, 1u) << c.clause;
    ASSERT_GE(where.column, 4u) << c.clause;
    EXPECT_EQ(c.clause.substr(where.column - 4, c.at.size()), c.at) << c.clause;
  }
}

struct Check {
  P type;
  std::string clause;
  std::string value;
  std::string want;  // "ok", or why the value does not satisfy the clause
};

std::vector<Check> Checks() {
  return {
      {P::kInteger, "{greater_than: 5}", "6", "ok"},
      {P::kInteger, "{greater_than: 5}", "5", "'5' is not greater than 5"},
      {P::kInteger, "{greater_than: 5}", "3", "'3' is not greater than 5"},
      {P::kInteger, "{greater_or_equal: 5}", "5", "ok"},
      {P::kInteger, "{greater_or_equal: 5}", "4", "'4' is not greater than or equal to 5"},
      {P::kInteger, "{less_than: 5}", "4", "ok"},
      {P::kInteger, "{less_than: 5}", "7", "'7' is not less than 5"},
      {P::kInteger, "{less_or_equal: 5}", "5", "ok"},
      {P::kInteger, "{less_or_equal: 5}", "6", "'6' is not less than or equal to 5"},
      {P::kInteger, "{equal: 5}", "0x5", "ok"},
      {P::kInteger, "{equal: 5}", "6", "'6' is not equal to 5"},
      {P::kInteger, "{in_range: [1, 4]}", "1", "ok"},
      {P::kInteger, "{in_range: [1, 4]}", "4", "ok"},
      {P::kInteger, "{in_range: [1, 4]}", "5", "'5' is not in range [1, 4]"},
      {P::kInteger, "{greater_than: 5}", "abc", "expected an integer, got 'abc'"},
      {P::kInteger, "{greater_than: 5}", "'7'", "expected an integer, got the string '7'"},
      {P::kFloat, "{greater_than: 1}", "1.5", "ok"},
      {P::kFloat, "{greater_than: 1}", "1.0", "'1.0' is not greater than 1"},
      {P::kFloat, "{greater_than: 1}", ".nan", "'.nan' is not greater than 1"},
      {P::kFloat, "{less_than: .inf}", "1e308", "ok"},
      {P::kFloat, "{in_range: [0, 1.5]}", "1.5", "ok"},
      {P::kFloat, "{in_range: [0, 1.5]}", "-0.1", "'-0.1' is not in range [0, 1.5]"},
      {P::kScalarSize, "{in_range: [1 GB, 4 GB]}", "4000 MB", "ok"},
      {P::kScalarSize, "{in_range: [1 GB, 4 GB]}", "1 GiB", "ok"},
      {P::kScalarSize, "{in_range: [1 GB, 4 GB]}", "8 GB", "'8 GB' is not in range [1 GB, 4 GB]"},
      {P::kScalarSize, "{in_range: [1 GB, 4 GB]}", "4 GiB", "'4 GiB' is not in range [1 GB, 4 GB]"},
      {P::kScalarTime, "{less_than: 1 s}", "999 ms", "ok"},
      {P::kScalarTime, "{less_than: 1 s}", "1000 ms", "'1000 ms' is not less than 1 s"},
      {P::kScalarFrequency, "{greater_or_equal: 1 GHz}", "1000 MHz", "ok"},
      {P::kScalarFrequency, "{greater_or_equal: 1 GHz}", "900 MHz",
       "'900 MHz' is not greater than or equal to 1 GHz"},
      {P::kScalarBitrate, "{equal: 8 Kbps}", "1 KBps", "ok"},
      {P::kScalarBitrate, "{equal: 8 Kbps}", "1 Kbps", "'1 Kbps' is not equal to 8 Kbps"},
      {P::kTimestamp, "{greater_than: 2024-01-01}", "2024-01-01T00:00:01Z", "ok"},
      {P::kTimestamp, "{greater_than: 2024-01-01}", "2023-12-31T23:00:00-02:00", "ok"},
      {P::kTimestamp, "{greater_than: 2024-01-01}", "2024-01-01",
       "'2024-01-01' is not greater than 2024-01-01"},
      {P::kVersion, "{greater_or_equal: 1.2}", "1.10", "ok"},
      {P::kVersion, "{greater_or_equal: 1.2}", "1.2.0", "ok"},
      {P::kVersion, "{greater_or_equal: 1.2}", "1.2.0.beta",
       "'1.2.0.beta' is not greater than or equal to 1.2"},
      {P::kVersion, "{in_range: [1.0, 2.0]}", "2.0.0.rc1", "ok"},
      {P::kVersion, "{in_range: [1.0, 2.0]}", "2.0.1", "'2.0.1' is not in range [1.0, 2.0]"},
      {P::kRange, "{in_range: [1, 10]}", "[2, 8]", "ok"},
      {P::kRange, "{in_range: [1, 10]}", "[1, 10]", "ok"},
      {P::kRange, "{in_range: [1, 10]}", "[0, 5]", "'[0, 5]' is not in range [1, 10]"},
      {P::kRange, "{in_range: [1, 10]}", "[2, UNBOUNDED]",
       "'[2, UNBOUNDED]' is not in range [1, 10]"},
      {P::kRange, "{in_range: [1, UNBOUNDED]}", "[2, UNBOUNDED]", "ok"},
      {P::kRange, "{in_range: [1, UNBOUNDED]}", "[5, 100]", "ok"},
      {P::kRange, "{in_range: [1, UNBOUNDED]}", "[0, 1]",
       "'[0, 1]' is not in range [1, UNBOUNDED]"},
      {P::kRange, "{equal: [1, 4]}", "[1, 4]", "ok"},
      {P::kString, "{valid_values: [red, green]}", "red", "ok"},
      {P::kString, "{valid_values: [red, green]}", "blue",
       "'blue' is not one of the valid values [red, green]"},
      {P::kString, "{valid_values: [red, green]}", "Red",
       "'Red' is not one of the valid values [red, green]"},
      {P::kInteger, "{valid_values: [1, 2, 3]}", "0x2", "ok"},
      {P::kInteger, "{valid_values: [1, 2, 3]}", "4",
       "'4' is not one of the valid values [1, 2, 3]"},
      {P::kInteger, "{valid_values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}", "99",
       "'99' is not one of the valid values [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...]"},
      {P::kString, "{length: 4}", "abcd", "ok"},
      {P::kString, "{length: 4}", "abcdef", "length of 'abcdef' is 6, expected exactly 4"},
      {P::kString, "{length: 5}", "h\xC3\xA9llo", "ok"},
      {P::kString, "{length: 0}", "''", "ok"},
      {P::kString, "{min_length: 2}", "a", "length of 'a' is 1, expected at least 2"},
      {P::kString, "{max_length: 4}", "abcdef", "length of 'abcdef' is 6, expected at most 4"},
      {P::kString, "{max_length: 4}", "1234", "ok"},
      {P::kList, "{max_length: 2}", "[1]", "ok"},
      {P::kList, "{max_length: 2}", "[1, 2, 3]", "length of '[1, 2, 3]' is 3, expected at most 2"},
      {P::kMap, "{min_length: 1}", "{}", "length of '{}' is 0, expected at least 1"},
      {P::kMap, "{length: 2}", "{a: 1, b: 2}", "ok"},
      {P::kString, "{pattern: '^[a-z]+$'}", "abc", "ok"},
      {P::kString, "{pattern: '^[a-z]+$'}", "x1", "'x1' does not match the pattern '^[a-z]+$'"},
      {P::kString, "{pattern: '[a-z]+'}", "abc1", "'abc1' does not match the pattern '[a-z]+'"},
      {P::kString, "{pattern: 'a|b'}", "ab", "'ab' does not match the pattern 'a|b'"},
      {P::kString, "{pattern: 'a|b'}", "b", "ok"},
      {P::kString, "{pattern: '^a.*z$'}", "\"a\\nz\"",
       "'a\\nz' does not match the pattern '^a.*z$'"},
      {P::kString, "{pattern: '^a$'}", "\"a\\n\"", "'a\\n' does not match the pattern '^a$'"},
      {P::kString, "{pattern: '\\d+'}", "123", "ok"},
      {P::kString, "{pattern: '[0-9]+'}", "12", "ok"},
      {P::kList, "{equal: [1, 2]}", "[1, 2]", "ok"},
      {P::kList, "{equal: [1, 2]}", "[2, 1]", "'[2, 1]' is not equal to [1, 2]"},
      {P::kMap, "{valid_values: [{a: 1}, {b: 2}]}", "{b: 2}", "ok"},
      {P::kMap, "{valid_values: [{a: 1}, {b: 2}]}", "{b: 3}",
       "'{b: 3}' is not one of the valid values [{a: 1}, {b: 2}]"},
      {P::kBoolean, "{equal: true}", "true", "ok"},
      {P::kBoolean, "{equal: true}", "false", "'false' is not equal to true"},
      {P::kNull, "{equal: null}", "~", "ok"},
  };
}

TEST(ConstraintTest, Satisfies) {
  Yaml yaml;
  for (const Check& c : Checks()) {
    std::string why;
    diag::Location where;
    std::optional<Constraint> parsed = ParseConstraint(yaml(c.clause), c.type, &why, &where);
    ASSERT_TRUE(parsed) << c.clause << ": " << why;
    why.clear();
    bool ok = Satisfies(*parsed, yaml(c.value), c.type, &why);
    EXPECT_EQ(ok ? "ok" : why, c.want)
        << PrimitiveName(c.type) << " " << c.clause << " <- " << c.value;
    EXPECT_EQ(ok, c.want == "ok") << c.clause << " <- " << c.value;
  }
}

TEST(ConstraintTest, ParsedConstraint) {
  Yaml yaml;
  std::string why;
  diag::Location where;
  std::optional<Constraint> c =
      ParseConstraint(yaml("{in_range: [1 GB, 4 GB]}"), P::kScalarSize, &why, &where);
  ASSERT_TRUE(c) << why;
  EXPECT_EQ(c->op, ConstraintOp::kInRange);
  EXPECT_EQ(c->type, P::kScalarSize);
  ASSERT_EQ(c->operands.size(), 2u);
  EXPECT_EQ(c->operands[1].text, "4 GB");
  EXPECT_EQ(c->location.line, 1u);
  EXPECT_EQ(c->location.column, 5u);
  EXPECT_EQ(c->pattern, nullptr);

  c = ParseConstraint(yaml("{in_range: [1, UNBOUNDED]}"), P::kRange, &why, &where);
  ASSERT_TRUE(c) << why;
  ASSERT_EQ(c->operands.size(), 1u);
  EXPECT_TRUE(std::get<Range>(c->operands[0].data).unbounded);

  c = ParseConstraint(yaml("{pattern: '^a+$'}"), P::kString, &why, &where);
  ASSERT_TRUE(c) << why;
  EXPECT_NE(c->pattern, nullptr);
  EXPECT_EQ(c->operands[0].text, "^a+$");
}

TEST(ConstraintTest, HostilePatternsFailInsteadOfHanging) {
  Yaml yaml;
  std::string why;
  diag::Location where;
  std::string nested = "{pattern: '(a+)+$'}";
  std::optional<Constraint> c = ParseConstraint(yaml(nested), P::kString, &why, &where);
  ASSERT_TRUE(c) << why;
  std::string input = std::string(40, 'a') + "b";
  EXPECT_FALSE(Satisfies(*c, yaml(input), P::kString, &why));
  EXPECT_EQ(why, "matching '" + input +
                     "' against the pattern '(a+)+$' takes too long; simplify the pattern");

  // A long pattern over a long value: Boost's own limit would allow seconds of work here.
  std::string repeated;
  for (int i = 0; i < 200; ++i) repeated += "[ab]*";
  c = ParseConstraint(yaml("{pattern: '" + repeated + "c'}"), P::kString, &why, &where);
  ASSERT_TRUE(c) << why;
  EXPECT_FALSE(Satisfies(*c, yaml(std::string(2000, 'a')), P::kString, &why));
  EXPECT_EQ(why, "matching '" + std::string(60, 'a') + "...' against the pattern '" +
                     repeated.substr(0, 60) + "...' takes too long; simplify the pattern");

  // An ordinary pattern still matches a long value.
  c = ParseConstraint(yaml("{pattern: '[a-z]+(-[a-z]+)*'}"), P::kString, &why, &where);
  ASSERT_TRUE(c) << why;
  std::string long_value;
  for (int i = 0; i < 5000; ++i) long_value += "abcd-";
  EXPECT_TRUE(Satisfies(*c, yaml(long_value + "z"), P::kString, &why)) << why;
}

TEST(ConstraintTest, MisuseDoesNotCrash) {
  Yaml yaml;
  std::string why;
  diag::Location where;
  std::optional<Constraint> c =
      ParseConstraint(yaml("{greater_than: 1}"), P::kInteger, &why, &where);
  ASSERT_TRUE(c) << why;
  EXPECT_FALSE(Satisfies(*c, yaml("[1, 2]"), P::kRange, &why));
  EXPECT_EQ(why, "a constraint on the type 'integer' cannot check a value of the type 'range'");
  EXPECT_FALSE(Satisfies(Constraint{}, yaml("x"), P::kString, &why));
  EXPECT_EQ(why, "the constraint was not built by ParseConstraint");
  Constraint pattern;
  pattern.op = ConstraintOp::kPattern;
  pattern.operands.push_back(Value{P::kString, "x", std::string("x")});
  EXPECT_FALSE(Satisfies(pattern, yaml("x"), P::kString, &why));
  EXPECT_EQ(why, "the constraint was not built by ParseConstraint");
}

}  // namespace
}  // namespace toscac::values
