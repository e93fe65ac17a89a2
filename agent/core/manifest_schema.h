// schemas/manifest.schema.json, compiled into the agent so an installed agent validates every
// manifest before it runs anything, with no data files.
#pragma once

#include <string>

#include "core/manifest.h"

namespace toscac::agent {

const char* ManifestSchemaText();

// Empty when the document is a valid manifest; else the first problems, one per line, each
// with the JSON pointer of the offending value.
std::string ValidateManifestSchema(const Json& doc);

}  // namespace toscac::agent
