#pragma once
// A located YAML tree as compact bytes, so that the embedded normative profiles are parsed
// once, at build time, and not by libyaml on every run (tosca-profiles/digest_main.cc).
//
//   std::string bytes = Digest(doc);              // at build time, after Load() succeeded
//   Document copy;
//   if (Undigest(bytes, file_id, copy)) use(copy.root());   // the same tree, node for node
//   Undigest(bytes, file_id, lazy, Undigesting::kLazily);     // decoded as it is used:
//   lazy.Expand(*node);                                       // node's subtree, in full
//
// The copy has the same kinds, values, tags and locations (with `file_id` as their file) and
// the same sharing of aliased nodes. Nothing about the source text is kept: the caller adds
// the text to the SourceManager itself, for the caret lines of diagnostics.
#include <cstdint>
#include <string>
#include <string_view>

#include "diag/location.h"
#include "yaml/node.h"

namespace toscac::yaml {

// What Load() would have checked against its Limits (loader.h): the document's deepest
// nesting of maps and sequences, the nodes its aliases add, and its nodes. A caller whose limits
// are tighter must parse the text instead, to report what Load() reports.
struct DigestInfo {
  std::uint64_t depth = 0;
  std::uint64_t alias_nodes = 0;
  std::uint64_t nodes = 0;  // distinct nodes: an alias adds none
};

std::string Digest(const Document& doc);

// Reads the header only; false for bytes that are not a digest.
bool ReadDigestInfo(std::string_view bytes, DigestInfo& info);

enum class Undigesting {
  kFully,
  // Type definitions (the entries of the root's "*_types" sections) are decoded when
  // Document::Expand() reaches them: `bytes` must then outlive `doc`.
  kLazily,
};

// Rebuilds the tree into the empty `doc`. Returns false, leaving `doc` unusable, for bytes
// that are not a well-formed digest.
bool Undigest(std::string_view bytes, diag::FileId file, Document& doc,
              Undigesting how = Undigesting::kFully);

}  // namespace toscac::yaml
