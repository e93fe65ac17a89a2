#pragma once
// Reading one file of a template from disk, within a size limit (internal to load/).
#include <cstdint>
#include <filesystem>
#include <string>

namespace toscac::load {

enum class ReadStatus { kOk, kMissing, kNotFile, kTooLarge, kUnreadable };

// Reads the whole file into `out`; otherwise says why in `why` ("no such file", "it is a
// directory", "it is larger than N bytes", ...). Pipes and special files work.
ReadStatus ReadWholeFile(const std::filesystem::path& path, std::uint64_t limit, std::string& out,
                         std::string& why);

}  // namespace toscac::load
