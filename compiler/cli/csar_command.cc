#include "cli/csar_command.h"

#include <filesystem>
#include <iostream>

#include "csar/archive.h"
#include "csar/create.h"

namespace toscac::cli {

std::unique_ptr<CsarFlags> AddCsar(CLI::App& app) {
  auto owned = std::make_unique<CsarFlags>();
  CsarFlags& flags = *owned;
  flags.cmd = app.add_subcommand("csar", "Work with TOSCA Cloud Service Archives (CSAR)");
  flags.cmd->require_subcommand(1);
  CLI::App* create =
      flags.cmd->add_subcommand("create", "Pack a directory into a CSAR, then validate it");
  create->add_option("dir", flags.dir, "The directory to pack")->required();
  create->add_option("-o,--output", flags.output, "The archive to write (.csar or .zip)")
      ->required();
  create->add_option("--entry", flags.entry,
                     "The main template, relative to DIR (default: the single YAML file at the "
                     "root of DIR)");
  AddOutputFlags(create, flags.out, false);
  AddLoadFlags(create, flags.options.load);
  return owned;
}

// A CSAR that does not validate is not left behind: a build would ship it.
int RunCsar(const CsarFlags& flags) {
  if (!csar::IsArchivePath(flags.output)) {
    std::cerr << "toscac: the output '" << flags.output << "' must end in .csar or .zip\n";
    return kExitUsage;
  }
  std::string error;
  if (!csar::CreateArchive({flags.dir, flags.output, flags.entry}, &error)) {
    std::cerr << "toscac: " << error << "\n";
    return kExitUsage;
  }
  int code = kExitOk;
  Front(flags.output, flags.options, flags.out, code);
  if (code == kExitOk) return kExitOk;
  std::error_code ec;
  std::filesystem::remove(flags.output, ec);
  std::cerr << "toscac: removed '" << flags.output << "': it does not validate\n";
  return code;
}

}  // namespace toscac::cli
