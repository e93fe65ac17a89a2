#pragma once
// A whole file's bytes, for the tests: "" when it cannot be read (the test's own assertions then
// say what was missing).
//
//   std::string text = test::ReadFile(dir / "index.json");
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace toscac::test {

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace toscac::test
