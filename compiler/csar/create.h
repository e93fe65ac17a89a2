#pragma once
// `toscac csar create`: packs a directory into a TOSCA Cloud Service Archive. The archive's
// bytes depend only on the files' names, contents and executable bits: entries are sorted by
// name, every timestamp is 1980-01-01 00:00, permissions are 0644 or 0755, and there are no
// directory entries and no extra fields.
//
//   std::string error;
//   if (!CreateArchive({"app", "app.csar", ""}, &error)) std::cerr << "toscac: " << error;
//
// Unless the directory has its own TOSCA-Metadata/TOSCA.meta, one is written whose
// Entry-Definitions names `entry`, or else the single YAML file at the directory's root.
#include <string>

namespace toscac::csar {

struct CreateOptions {
  std::string dir;     // the directory to pack
  std::string output;  // the archive to write; skipped when it lies inside `dir`
  std::string entry;   // relative to `dir`; "" for the single YAML file at its root
};

// Writes the archive. False, with `error` saying why, when nothing was written.
bool CreateArchive(const CreateOptions& options, std::string* error);

}  // namespace toscac::csar
