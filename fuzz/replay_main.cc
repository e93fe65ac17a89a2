// Replays inputs through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so that the
// inputs under fuzz/regressions/ run in every build, with any compiler:
//
//   fuzz_yaml_replay fuzz/regressions/yaml     # every file in the folder, in name order
//   fuzz_yaml_replay crash-0a1b2c              # one file
//
// A crash, a sanitizer report or an abort is the failure, as under libFuzzer; exits 2 when
// there was nothing to replay (a wrong path should not pass).
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> Inputs(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    fs::path arg = argv[i];
    if (!fs::is_directory(arg)) {
      files.push_back(arg);
      continue;
    }
    std::vector<fs::path> in_dir;
    for (const auto& e : fs::directory_iterator(arg)) {
      if (e.is_regular_file()) in_dir.push_back(e.path());
    }
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files = Inputs(argc, argv);
  if (files.empty()) {
    std::cerr << "usage: " << argv[0] << " FILE_OR_DIR...: no inputs found\n";
    return 2;
  }
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::cerr << "cannot read '" << f.string() << "'\n";
      return 2;
    }
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::cerr << "replaying " << f.filename().string() << " (" << bytes.size() << " bytes)\n";
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cerr << "replayed " << files.size() << " inputs\n";
  return 0;
}
