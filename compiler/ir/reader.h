#pragma once
// Reads a located YAML tree into the typed IR of one TOSCA file, reporting every shape problem:
// wrong shapes (S101), unknown keynames with a near spelling (S102), missing required keynames
// (S103), bad values of keynames (S106) and keynames the file's version lacks (S108).
//
//   ServiceTemplate st;
//   ReadServiceTemplate(*doc.root(), file_id, diags, st);
#include "diag/diagnostic.h"
#include "ir/ir.h"

namespace toscac::ir {

// The TOSCA versions we know: tosca_simple_yaml_1_0 .. tosca_simple_yaml_1_3.
inline constexpr int kMinMinor = 0;
inline constexpr int kMaxMinor = 3;
// The minor version for a tosca_definitions_version value, or -1.
int MinorOf(std::string_view version);

struct ReadOptions {
  // Type definitions are read up to their name; the rest, derived_from included, waits in
  // `unread_body` for ReadTypeBody. For the embedded profiles: a template uses a few of their
  // ~70 types.
  bool defer_type_bodies = false;
};

// Returns false when the file cannot be read at all (not a map, no or unknown version);
// `st` then holds whatever could be read.
bool ReadServiceTemplate(const Node& root, diag::FileId file, diag::Diagnostics& diags,
                         ServiceTemplate& st, const ReadOptions& options = {});

// Reads a deferred type's body (see ReadOptions) in the grammar of TOSCA 1.`minor`, as
// ReadServiceTemplate would have; does nothing when there is none left to read. `doc` is the
// tree it is in, which may have parts left to decode (Document::Expand).
void ReadTypeBody(diag::Diagnostics& diags, int minor, yaml::Document& doc, TypeDef& type);

}  // namespace toscac::ir
