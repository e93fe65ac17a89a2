#pragma once
// Shape-checking helpers the reader uses on every map it reads. A Fields object hands out the
// values of known keynames; Finish() reports every keyname nobody asked for as unknown, with a
// "did you mean" drawn from the keynames that were asked for.
//
//   Fields f(ctx, node, "node template");
//   const Node* type = f.Require("type");
//   const Node* props = f.Take("properties");
//   f.Finish();
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "ir/ir.h"

namespace toscac::ir {

struct ReadContext {
  diag::Diagnostics& diags;
  int minor = 3;  // TOSCA 1.x minor version of the file being read
};

class Fields {
 public:
  // `node` must be a map (check with ExpectMap first); `what` names the construct in messages
  // and must outlive the Fields (a literal, as a rule: this runs for every map read).
  Fields(ReadContext& ctx, const Node& node, std::string_view what);
  // The value of `key`, or nullptr. A keyname that the file's version does not have is
  // reported (S108) when present and then treated as absent.
  const Node* Take(std::string_view key, int min_minor = 0, int max_minor = 99);
  // Like Take, but reports a missing keyname (S103).
  const Node* Require(std::string_view key, int min_minor = 0);
  // Entries not taken so far, for constructs whose other keys are names (pre-1.3 interfaces).
  std::vector<const Entry*> Rest();
  // Reports every entry not taken as an unknown keyname (S102).
  void Finish();

 private:
  bool Taken(std::size_t i) const { return i < 64 ? (taken_ >> i & 1) != 0 : taken_more_[i - 64]; }
  void SetTaken(std::size_t i) {
    if (i < 64) {
      taken_ |= std::uint64_t{1} << i;
    } else {
      taken_more_[i - 64] = true;
    }
  }
  std::vector<std::string_view> Known() const;

  // This runs for every map read: the usual map (under 64 entries, under 24 keynames asked
  // for) is read without allocating.
  ReadContext& ctx_;
  const Node& node_;
  std::string_view what_;
  std::uint64_t taken_ = 0;                 // entries 0 to 63
  std::vector<bool> taken_more_;            // entries 64 on
  std::array<std::string_view, 24> known_;  // the first keynames asked for
  std::size_t known_count_ = 0;
  std::vector<std::string_view> known_more_;  // the others
};

// Shape checks: each reports S101 ("expected a map for 'properties', got a sequence") and
// returns false (or nullptr) when the node has the wrong shape.
bool ExpectMap(ReadContext& ctx, const Node* node, std::string_view what);
// The same for a named construct: "expected a map for node template 'web', got ...". The
// message is made only when reported.
bool ExpectMap(ReadContext& ctx, const Node* node, std::string_view what, std::string_view name);
bool ExpectSequence(ReadContext& ctx, const Node* node, std::string_view what);
bool ExpectScalar(ReadContext& ctx, const Node* node, std::string_view what);

// The one entry of a single-entry map with a scalar key ("- host: server" in a requirements
// list), or nullptr after reporting `code` with "expected <expected>, got ...": a sequence, a
// scalar's text, an empty map, "a map with 2 entries" or a map whose key is not a scalar.
const Entry* ExpectSingleEntry(ReadContext& ctx, const Node* node, diag::Code code,
                               std::string_view expected);

// A scalar read as a name (non-empty); reports S101/S106.
Name ReadName(ReadContext& ctx, const Node* node, std::string_view what);
// A scalar's text; "" with S101 reported when not a scalar. Null reads as "".
std::string ReadString(ReadContext& ctx, const Node* node, std::string_view what);
// A boolean (true/false in any YAML 1.2 spelling).
std::optional<bool> ReadBool(ReadContext& ctx, const Node* node, std::string_view what);
// A sequence of names; a single scalar is accepted as a one-element list when `allow_single`.
std::vector<Name> ReadNameList(ReadContext& ctx, const Node* node, std::string_view what,
                               bool allow_single = false);
// [lower, upper] where upper may be UNBOUNDED; lower <= upper.
std::optional<Bounds> ReadBounds(ReadContext& ctx, const Node* node, std::string_view what);
// The scalar-keyed entries of a map; a non-scalar key is reported (Y009) and skipped.
std::vector<std::pair<Name, const Node*>> ReadEntries(ReadContext& ctx, const Node* node,
                                                      std::string_view what);

// The name of a map key, located.
Name KeyName(const Entry& e);

}  // namespace toscac::ir
