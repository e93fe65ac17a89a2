#include "values/constraint.h"

// Boost.Regex stops a match with an exception after BOOST_REGEX_MAX_STATE_COUNT steps, but
// only for iterators that are not random access: for pointers it allows about N*S^2 steps
// (N the length of the input, S the size of the pattern), which lets a hostile pattern run
// for seconds. Matching goes through the bidirectional Chars iterator below, instantiated in
// this file only, with this lower cap: a few milliseconds of work at most.
#undef BOOST_REGEX_MAX_STATE_COUNT
#define BOOST_REGEX_MAX_STATE_COUNT 2000000
#include <algorithm>
#include <array>
#include <boost/regex.hpp>
#include <iterator>
#include <utility>

#include "util/spelling.h"

namespace toscac::values {
namespace {

using yaml::Node;

constexpr std::array<std::pair<std::string_view, ConstraintOp>, 11> kOps = {{
    {"equal", ConstraintOp::kEqual},
    {"greater_than", ConstraintOp::kGreaterThan},
    {"greater_or_equal", ConstraintOp::kGreaterOrEqual},
    {"less_than", ConstraintOp::kLessThan},
    {"less_or_equal", ConstraintOp::kLessOrEqual},
    {"in_range", ConstraintOp::kInRange},
    {"valid_values", ConstraintOp::kValidValues},
    {"length", ConstraintOp::kLength},
    {"min_length", ConstraintOp::kMinLength},
    {"max_length", ConstraintOp::kMaxLength},
    {"pattern", ConstraintOp::kPattern},
}};

constexpr std::size_t kShownValues = 10;  // valid values listed in a message

// A bidirectional-only view of a char array; see BOOST_REGEX_MAX_STATE_COUNT above.
class Chars {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  Chars() = default;
  explicit Chars(const char* p) : p_(p) {}
  reference operator*() const { return *p_; }
  Chars& operator++() {
    ++p_;
    return *this;
  }
  Chars operator++(int) { return Chars(p_++); }
  Chars& operator--() {
    --p_;
    return *this;
  }
  Chars operator--(int) { return Chars(p_--); }
  friend bool operator==(Chars a, Chars b) { return a.p_ == b.p_; }

 private:
  const char* p_ = nullptr;
};

bool Fail(std::string* why, std::string message) {
  *why = std::move(message);
  return false;
}

std::string Name(ConstraintOp op) { return std::string(ConstraintOpName(op)); }

// The text of a value inside a message, where it is not the subject: no quotes, cut short.
std::string Bare(const Value& v) {
  std::string q = Quoted(v.text);
  return q.substr(1, q.size() - 2);
}

std::string UnknownOperator(std::string_view name) {
  std::string message = "unknown constraint operator " + Quoted(name);
  std::string suggestion = SuggestConstraintOp(name);
  if (suggestion.empty()) return message;
  return message + ", did you mean '" + suggestion + "'?";
}

bool Comparable(Primitive p) {
  switch (p) {
    case Primitive::kInteger:
    case Primitive::kFloat:
    case Primitive::kTimestamp:
    case Primitive::kVersion:
      return true;
    default:
      return ScalarUnitKind(p).has_value();
  }
}

// --- Parsing operands ------------------------------------------------------------------------

bool ParseValue(ConstraintOp op, Primitive p, const Node& node, std::vector<Value>& out,
                std::string* why, diag::Location* where) {
  std::optional<Value> v = ParsePrimitive(p, node, why);
  if (!v) {
    *where = node.location;
    return Fail(why, Name(op) + ": " + *why);
  }
  out.push_back(std::move(*v));
  return true;
}

bool ParseBounds(Constraint& c, const Node& node, std::string* why, diag::Location* where) {
  if (c.type == Primitive::kRange) return ParseValue(c.op, c.type, node, c.operands, why, where);
  if (!node.IsSequence()) {
    return Fail(why, "in_range: expected a list of two values, got " + Found(node));
  }
  if (node.items().size() != 2) {
    return Fail(why, "in_range: expected a list of two values, got " +
                         std::to_string(node.items().size()) + " values");
  }
  for (const Node* item : node.items()) {
    if (!ParseValue(c.op, c.type, *item, c.operands, why, where)) return false;
  }
  if (Compare(c.operands[0], c.operands[1]) > 0) {
    return Fail(why, "in_range: the lower bound " + Bare(c.operands[0]) +
                         " is greater than the upper bound " + Bare(c.operands[1]));
  }
  return true;
}

bool ParseValidValues(Constraint& c, const Node& node, std::string* why, diag::Location* where) {
  if (!node.IsSequence()) {
    return Fail(why, "valid_values: expected a list of values, got " + Found(node));
  }
  if (node.items().empty()) return Fail(why, "valid_values: expected at least one value");
  for (const Node* item : node.items()) {
    if (!ParseValue(c.op, c.type, *item, c.operands, why, where)) return false;
  }
  return true;
}

bool ParseLength(Constraint& c, const Node& node, std::string* why) {
  std::string ignored;
  std::optional<Value> v = ParsePrimitive(Primitive::kInteger, node, &ignored);
  if (!v || std::get<std::int64_t>(v->data) < 0) {
    return Fail(why, Name(c.op) + ": expected a non-negative integer, got " + Found(node));
  }
  c.operands.push_back(std::move(*v));
  return true;
}

std::string_view RegexError(boost::regex_constants::error_type code) {
  namespace rc = boost::regex_constants;
  switch (code) {
    case rc::error_collate:
      return "invalid collating element";
    case rc::error_ctype:
    case rc::error_range:
      return "invalid character class or range";
    case rc::error_escape:
      return "invalid escape";
    case rc::error_backref:
      return "invalid back reference";
    case rc::error_brack:
      return "unmatched '['";
    case rc::error_paren:
      return "unmatched parenthesis";
    case rc::error_right_paren:
      return "unmatched ')'";
    case rc::error_brace:
      return "unmatched '{'";
    case rc::error_badbrace:
      return "invalid repetition count";
    case rc::error_badrepeat:
      return "nothing to repeat";
    case rc::error_perl_extension:
      return "invalid (?...) group";
    case rc::error_space:
    case rc::error_size:
    case rc::error_complexity:
    case rc::error_stack:
      return "too complex";
    default:
      return "invalid syntax";
  }
}

bool ParsePattern(Constraint& c, const Node& node, std::string* why) {
  if (!node.IsScalar()) {
    return Fail(why, "pattern: expected a regular expression, got " + Found(node));
  }
  std::string prefix = "pattern: invalid regular expression " + Quoted(node.value()) + ": ";
  try {
    // As in Perl, JavaScript and Python: ^ and $ match at the ends only, . not a newline.
    auto flags = boost::regex::perl | boost::regex::no_mod_m | boost::regex::no_mod_s;
    c.pattern = std::make_shared<const boost::regex>(std::string(node.value()), flags);
  } catch (const boost::regex_error& e) {
    std::string at = e.position() >= 0 ? " at offset " + std::to_string(e.position()) : "";
    return Fail(why, prefix + std::string(RegexError(e.code())) + at);
  } catch (const std::exception&) {
    return Fail(why, prefix + "too complex");
  }
  c.operands.push_back(
      Value{Primitive::kString, std::string(node.value()), std::string(node.value())});
  return true;
}

bool ParseOperands(Constraint& c, const Node& node, std::string* why, diag::Location* where) {
  switch (c.op) {
    case ConstraintOp::kInRange:
      return ParseBounds(c, node, why, where);
    case ConstraintOp::kValidValues:
      return ParseValidValues(c, node, why, where);
    case ConstraintOp::kLength:
    case ConstraintOp::kMinLength:
    case ConstraintOp::kMaxLength:
      return ParseLength(c, node, why);
    case ConstraintOp::kPattern:
      return ParsePattern(c, node, why);
    default:
      return ParseValue(c.op, c.type, node, c.operands, why, where);
  }
}

// --- Checking values -------------------------------------------------------------------------

bool Holds(ConstraintOp op, std::partial_ordering order) {
  switch (op) {
    case ConstraintOp::kGreaterThan:
      return order > 0;
    case ConstraintOp::kGreaterOrEqual:
      return order >= 0;
    case ConstraintOp::kLessThan:
      return order < 0;
    case ConstraintOp::kLessOrEqual:
      return order <= 0;
    default:
      return order == 0;
  }
}

std::string_view Relation(ConstraintOp op) {
  switch (op) {
    case ConstraintOp::kGreaterThan:
      return "greater than";
    case ConstraintOp::kGreaterOrEqual:
      return "greater than or equal to";
    case ConstraintOp::kLessThan:
      return "less than";
    case ConstraintOp::kLessOrEqual:
      return "less than or equal to";
    default:
      return "equal to";
  }
}

bool CheckComparison(const Constraint& c, const Value& v, std::string* why) {
  if (Holds(c.op, Compare(v, c.operands[0]))) return true;
  return Fail(
      why, Quoted(v.text) + " is not " + std::string(Relation(c.op)) + " " + Bare(c.operands[0]));
}

bool CheckInRange(const Constraint& c, const Value& v, std::string* why) {
  bool ok = false;
  std::string bounds;
  if (c.type == Primitive::kRange) {
    const auto& outer = std::get<Range>(c.operands[0].data);
    const auto& inner = std::get<Range>(v.data);
    ok = inner.lower >= outer.lower &&
         (outer.unbounded || (!inner.unbounded && inner.upper <= outer.upper));
    bounds = Bare(c.operands[0]);
  } else {
    ok = Compare(v, c.operands[0]) >= 0 && Compare(v, c.operands[1]) <= 0;
    bounds = "[" + Bare(c.operands[0]) + ", " + Bare(c.operands[1]) + "]";
  }
  if (ok) return true;
  return Fail(why, Quoted(v.text) + " is not in range " + bounds);
}

bool CheckValidValues(const Constraint& c, const Value& v, std::string* why) {
  for (const Value& allowed : c.operands) {
    if (Compare(v, allowed) == 0) return true;
  }
  std::string list;
  for (std::size_t i = 0; i < c.operands.size() && i < kShownValues; ++i) {
    list += (i > 0 ? ", " : "") + Bare(c.operands[i]);
  }
  if (c.operands.size() > kShownValues) list += ", ...";
  return Fail(why, Quoted(v.text) + " is not one of the valid values [" + list + "]");
}

std::int64_t Length(const Value& v) {
  if (const auto* collection = std::get_if<Collection>(&v.data)) {
    return static_cast<std::int64_t>(collection->size);
  }
  // Characters, not bytes: count the bytes that start a UTF-8 sequence.
  return std::count_if(v.text.begin(), v.text.end(),
                       [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; });
}

bool CheckLength(const Constraint& c, const Value& v, std::string* why) {
  std::int64_t length = Length(v);
  std::int64_t limit = std::get<std::int64_t>(c.operands[0].data);
  bool ok = c.op == ConstraintOp::kMinLength   ? length >= limit
            : c.op == ConstraintOp::kMaxLength ? length <= limit
                                               : length == limit;
  if (ok) return true;
  std::string_view expected = c.op == ConstraintOp::kMinLength   ? "at least "
                              : c.op == ConstraintOp::kMaxLength ? "at most "
                                                                 : "exactly ";
  return Fail(why, "length of " + Quoted(v.text) + " is " + std::to_string(length) + ", expected " +
                       std::string(expected) + std::to_string(limit));
}

bool CheckPattern(const Constraint& c, const Value& v, std::string* why) {
  const std::string& s = v.text;
  std::string pattern = Quoted(c.operands[0].text);
  try {
    if (boost::regex_match(Chars(s.data()), Chars(s.data() + s.size()), *c.pattern)) return true;
  } catch (const std::exception&) {
    return Fail(why, "matching " + Quoted(s) + " against the pattern " + pattern +
                         " takes too long; simplify the pattern");
  }
  return Fail(why, Quoted(s) + " does not match the pattern " + pattern);
}

}  // namespace

std::optional<ConstraintOp> ConstraintOpByName(std::string_view name) {
  for (const auto& [op_name, op] : kOps) {
    if (op_name == name) return op;
  }
  return std::nullopt;
}

std::string_view ConstraintOpName(ConstraintOp op) {
  return kOps[static_cast<std::size_t>(op)].first;
}

std::string SuggestConstraintOp(std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& entry : kOps) names.push_back(entry.first);
  return util::Suggest(name, names);
}

bool Applies(ConstraintOp op, Primitive p) {
  switch (op) {
    case ConstraintOp::kEqual:
    case ConstraintOp::kValidValues:
      return true;
    case ConstraintOp::kInRange:
      return Comparable(p) || p == Primitive::kRange;
    case ConstraintOp::kLength:
    case ConstraintOp::kMinLength:
    case ConstraintOp::kMaxLength:
      return p == Primitive::kString || p == Primitive::kList || p == Primitive::kMap;
    case ConstraintOp::kPattern:
      return p == Primitive::kString;
    default:
      return Comparable(p);
  }
}

std::optional<Constraint> ParseConstraint(const Node& clause, Primitive p, std::string* why,
                                          diag::Location* where) {
  *where = clause.location;
  if (!clause.IsMap()) {
    *why = "expected a constraint such as 'greater_than: 0', got " + Found(clause);
    return std::nullopt;
  }
  if (clause.entries().size() != 1) {
    if (clause.entries().size() > 1) *where = clause.entries()[1].key->location;
    *why = "a constraint has exactly one operator, got " + std::to_string(clause.entries().size());
    return std::nullopt;
  }
  const yaml::Entry& entry = clause.entries()[0];
  *where = entry.key->location;
  std::optional<ConstraintOp> op = ConstraintOpByName(entry.key->value());
  if (!op) {
    *why = UnknownOperator(entry.key->value());
    return std::nullopt;
  }
  if (!Applies(*op, p)) {
    *why = "the operator '" + Name(*op) + "' does not apply to the type '" +
           std::string(PrimitiveName(p)) + "'";
    return std::nullopt;
  }
  Constraint c{*op, p, {}, nullptr, entry.key->location};
  static const Node kMissing;  // a clause "min_length:" has a null node, but be safe
  const Node& operand = entry.value != nullptr ? *entry.value : kMissing;
  *where = operand.location;
  if (!ParseOperands(c, operand, why, where)) return std::nullopt;
  return c;
}

bool Satisfies(const Constraint& c, const Node& value, Primitive p, std::string* why) {
  // The next two are callers' mistakes, not users': checked so that they cannot crash.
  if (p != c.type) {
    return Fail(why, "a constraint on the type '" + std::string(PrimitiveName(c.type)) +
                         "' cannot check a value of the type '" + std::string(PrimitiveName(p)) +
                         "'");
  }
  if (c.operands.empty() || (c.op == ConstraintOp::kPattern && !c.pattern)) {
    return Fail(why, "the constraint was not built by ParseConstraint");
  }
  std::optional<Value> v = ParsePrimitive(p, value, why);
  if (!v) return false;
  switch (c.op) {
    case ConstraintOp::kInRange:
      return CheckInRange(c, *v, why);
    case ConstraintOp::kValidValues:
      return CheckValidValues(c, *v, why);
    case ConstraintOp::kLength:
    case ConstraintOp::kMinLength:
    case ConstraintOp::kMaxLength:
      return CheckLength(c, *v, why);
    case ConstraintOp::kPattern:
      return CheckPattern(c, *v, why);
    default:
      return CheckComparison(c, *v, why);
  }
}

}  // namespace toscac::values
