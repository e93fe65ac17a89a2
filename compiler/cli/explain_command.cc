#include "cli/explain_command.h"

#include <cctype>
#include <iostream>

#include "cli/common.h"
#include "diag/diagnostic.h"
#include "diag/explain.h"
#include "util/spelling.h"

namespace toscac::cli {

namespace {

// "F001  error    the file cannot be read", one line per code, in table order.
void PrintList() {
  for (const diag::CodeInfo& info : diag::AllCodes()) {
    std::string severity(diag::SeverityName(info.severity));
    severity.resize(8, ' ');
    std::cout << info.name << "  " << severity << ' ' << info.summary << '\n';
  }
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

int Unknown(const std::string& code) {
  std::vector<std::string_view> names;
  for (const diag::CodeInfo& info : diag::AllCodes()) names.push_back(info.name);
  std::cerr << "toscac: unknown diagnostic code '" << code << "'";
  std::string near = util::Suggest(Upper(code), names);
  if (!near.empty()) std::cerr << "; did you mean '" << near << "'?";
  std::cerr << "\ntoscac: 'toscac explain --list' lists every code\n";
  return kExitUsage;
}

}  // namespace

int RunExplain(const ExplainFlags& flags) {
  if (flags.list) {
    PrintList();
    return kExitOk;
  }
  if (flags.code.empty()) {
    std::cerr << "toscac: explain needs a diagnostic code (toscac explain T201) or --list\n";
    return kExitUsage;
  }
  // Codes are shown upper-case; "t201" is accepted as well.
  auto text = diag::Explain(Upper(flags.code));
  if (!text) return Unknown(flags.code);
  std::cout << *text;
  return kExitOk;
}

void AddExplain(CLI::App& app, ExplainFlags& flags, CLI::App*& cmd) {
  cmd =
      app.add_subcommand("explain", "Explain a diagnostic code, with a wrong and a right example");
  auto code = cmd->add_option("code", flags.code, "A diagnostic code, such as T201");
  cmd->add_flag("--list", flags.list, "List every diagnostic code with its summary")
      ->excludes(code);
}

}  // namespace toscac::cli
