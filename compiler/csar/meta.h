#pragma once
// TOSCA-Metadata/TOSCA.meta and the choice of an archive's entry definitions (TOSCA Simple
// Profile 1.3, section 4). The file is "Name: value" lines in the manner of a JAR manifest; its
// first block, up to the first blank line, describes the archive:
//
//   TOSCA-Meta-File-Version: 1.1
//   CSAR-Version: 1.1
//   Created-By: toscac
//   Entry-Definitions: definitions/app.yaml
//
// Only Entry-Definitions is required. A line starting with a space continues the value of the
// line before it.
#include <string>
#include <string_view>

#include "csar/archive.h"
#include "diag/diagnostic.h"
#include "diag/source_manager.h"

namespace toscac::csar {

inline constexpr std::string_view kMetaPath = "TOSCA-Metadata/TOSCA.meta";

struct Meta {
  std::string entry_definitions;  // as written
  diag::Location entry_location;  // of the value
};

// Reads the text of TOSCA.meta (file `file` of the diagnostics). Reports F014 for every
// malformed line and a missing Entry-Definitions; false when there is no usable entry.
bool ReadMeta(std::string_view text, diag::FileId file, diag::Diagnostics& diags, Meta& meta);

// The entry definitions of `archive` (named `name`): TOSCA.meta's Entry-Definitions, else the
// single YAML file at the archive's root. Reports F010, F013, F014 or F015 and returns ""
// when there is none. TOSCA.meta's text is added to `sources` as "<name>!/TOSCA-Metadata/...";
// `archive_file` is the (empty) file that stands for the archive itself in diagnostics.
std::string FindEntryDefinitions(Archive& archive, const std::string& name,
                                 diag::FileId archive_file, diag::SourceManager& sources,
                                 diag::Diagnostics& diags);

}  // namespace toscac::csar
