#include "load/read_file.h"

#include <fstream>

namespace toscac::load {

namespace fs = std::filesystem;

ReadStatus ReadWholeFile(const fs::path& path, std::uint64_t limit, std::string& out,
                         std::string& why) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    why = ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file";
    return ReadStatus::kMissing;
  }
  if (fs::is_directory(status)) {
    why = "it is a directory";
    return ReadStatus::kNotFile;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open it";
    return ReadStatus::kUnreadable;
  }
  // Read in chunks so that pipes and special files work and the size limit holds for them.
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) {
      why = "it is larger than " + std::to_string(limit) + " bytes";
      return ReadStatus::kTooLarge;
    }
  }
  if (in.bad()) {
    why = "a read error";
    return ReadStatus::kUnreadable;
  }
  out = std::move(text);
  return ReadStatus::kOk;
}

}  // namespace toscac::load
