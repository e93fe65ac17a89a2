#pragma once
// Constraint clauses (TOSCA Simple Profile in YAML 1.3, section 3.6.3): parsed once against
// the type they constrain, then checked against values of that type.
//
//   std::string why;
//   diag::Location where;
//   // clause `greater_than: 0` on an integer property
//   std::optional<Constraint> c = ParseConstraint(clause, Primitive::kInteger, &why, &where);
//   Satisfies(*c, value, Primitive::kInteger, &why);
//     value `-3` -> false, why == "'-3' is not greater than 0"
//   // clause `greater_than: abc` on an integer property
//   ParseConstraint(clause, Primitive::kInteger, &why, &where);
//     -> nullopt, why == "greater_than: expected an integer, got 'abc'", where: at `abc`
//
// Operators and the types they apply to:
//   equal, valid_values                      every type
//   greater_than, greater_or_equal,          integer, float, timestamp, version, scalar-unit.*
//   less_than, less_or_equal
//   in_range                                 the same, and range (whose value must then lie
//                                            within the operand range)
//   length, min_length, max_length           string (counted in characters), list, map
//   pattern                                  string; the whole value must match
// Patterns use Boost's Perl syntax. A match that takes too many steps stops and fails with a
// message instead of hanging: a pattern and a value are both untrusted input.
#include <boost/regex_fwd.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/location.h"
#include "values/primitive.h"
#include "yaml/node.h"

namespace toscac::values {

enum class ConstraintOp {
  kEqual,
  kGreaterThan,
  kGreaterOrEqual,
  kLessThan,
  kLessOrEqual,
  kInRange,
  kValidValues,
  kLength,
  kMinLength,
  kMaxLength,
  kPattern,
};

// "greater_than" -> kGreaterThan; nullopt for names the spec does not define.
std::optional<ConstraintOp> ConstraintOpByName(std::string_view name);
std::string_view ConstraintOpName(ConstraintOp op);
// The operator nearest to an unknown `name` ("greater_then" -> "greater_than"), or "".
std::string SuggestConstraintOp(std::string_view name);
// Whether `op` may constrain values of type `p` (see the table above).
bool Applies(ConstraintOp op, Primitive p);

struct Constraint {
  ConstraintOp op = ConstraintOp::kEqual;
  Primitive type = Primitive::kString;  // the type the operands were parsed against
  // equal and the comparisons: one value of `type`. in_range: the lower and upper bounds, or
  // for a range type one range value. valid_values: the values. length, min_length and
  // max_length: one integer. pattern: the pattern as a string. List and map operands point
  // into the clause's yaml::Document, which must outlive the constraint.
  std::vector<Value> operands;
  std::shared_ptr<const boost::regex> pattern;  // pattern only
  diag::Location location;                      // of the operator
};

// Parses a clause, a map with one entry {operator: operand}, for values of type `p`.
// On failure returns nullopt, sets *why and sets *where to the offending part: the clause,
// the operator, the operand or one item of it.
std::optional<Constraint> ParseConstraint(const yaml::Node& clause, Primitive p, std::string* why,
                                          diag::Location* where);

// Whether `value`, of type `p`, satisfies `c`; when not, *why says why. A value that is not
// of type `p` fails with ParsePrimitive's message.
bool Satisfies(const Constraint& c, const yaml::Node& value, Primitive p, std::string* why);

}  // namespace toscac::values
