#include "csar/archive.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace toscac::csar {

namespace fs = std::filesystem;
using diag::Code;

namespace {

zip_t* Zip(void* p) { return static_cast<zip_t*>(p); }

constexpr const char* kTwice = "tools disagree on which copy counts: toscac reads neither";

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// libzip's messages start with a capital letter; ours do not.
std::string Lower(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string ZipErrorText(int code) {
  if (code == ZIP_ER_NOZIP) return "it is not a zip archive, or it is truncated";
  if (code == ZIP_ER_INCONS) return "it is corrupt: its directory does not match its entries";
  if (code == ZIP_ER_EOF) return "it is truncated";
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return Lower(text);
}

// Why an entry name could not be unpacked safely, or "" when it can.
std::string UnsafeName(const std::string& name) {
  if (name.empty()) return "has an empty name";
  if (name[0] == '/') return "is an absolute path";
  if (name.find('\\') != std::string::npos) return "contains a backslash";
  if (name.size() >= 2 && std::isalpha(static_cast<unsigned char>(name[0])) && name[1] == ':') {
    return "names a drive";
  }
  for (const auto& part : fs::path(name)) {
    if (part == "..") return "leaves the archive";
  }
  return "";
}

bool IsLink(zip_t* zip, zip_uint64_t i) {
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(zip, i, 0, &opsys, &attributes) != 0) return false;
  return opsys == ZIP_OPSYS_UNIX && S_ISLNK(attributes >> 16);
}

Problem Refused(Code code, std::string message, std::string note) {
  Problem p;
  p.code = code;
  p.message = std::move(message);
  p.note = std::move(note);
  return p;
}

// A zip bomb: more bytes than the limits allow, or a ratio only made-up data reaches.
bool CheckSize(const std::string& name, const zip_stat_t& st, const Limits& limits,
               Problem& problem) {
  std::string entry = "archive entry " + Quoted(name);
  if (st.size > limits.max_entry_bytes) {
    problem = Refused(Code::F012,
                      entry + " is " + std::to_string(st.size) + " bytes uncompressed, more than " +
                          "the limit of " + std::to_string(limits.max_entry_bytes),
                      "raise the limit with --max-file-size");
    return false;
  }
  std::uint64_t compressed = std::max<std::uint64_t>(st.comp_size, 1);
  if (st.size > kRatioFloor && st.size / compressed > limits.max_ratio) {
    problem = Refused(Code::F012,
                      entry + " expands " + std::to_string(st.comp_size) + " bytes to " +
                          std::to_string(st.size) + ", a ratio over the limit of " +
                          std::to_string(limits.max_ratio),
                      "raise the limit with --max-compression-ratio");
    return false;
  }
  return true;
}

}  // namespace

bool IsArchivePath(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    std::string_view tail = path.substr(path.size() - suffix.size());
    return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == b;
    });
  };
  return ends_with(".csar") || ends_with(".zip");
}

std::string JoinInside(std::string_view dir, std::string_view name) {
  if (name.empty() || name[0] == '/') return "";
  std::vector<std::string> parts;
  std::string joined = dir.empty() ? std::string(name) : std::string(dir) + "/" + std::string(name);
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = std::min(joined.find('/', start), joined.size());
    std::string part = joined.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part != "..") {
      parts.push_back(part);
      continue;
    }
    if (parts.empty()) return "";
    parts.pop_back();
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string DirOf(std::string_view entry) {
  std::size_t slash = entry.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(entry.substr(0, slash));
}

std::unique_ptr<Archive> Archive::Open(const std::string& path, const std::string& name,
                                       const Limits& limits, Problem& problem) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::is_regular_file(status)) {  // a FIFO or a device would block or never end
    problem.code = Code::F001;
    problem.message = "cannot read " + Quoted(name) + ": " +
                      (fs::is_directory(status) ? "it is a directory"
                       : fs::exists(status)     ? "it is not a regular file"
                                                : "no such file");
    problem.io = true;
    return nullptr;
  }
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (zip == nullptr) {
    if (error == ZIP_ER_EXISTS) {  // with ZIP_CHECKCONS: two entries of the same name
      problem = Refused(Code::F011, "archive " + Quoted(name) + " has two entries of the same name",
                        kTwice);
      return nullptr;
    }
    bool io = error == ZIP_ER_OPEN || error == ZIP_ER_READ;
    problem = Refused(io ? Code::F001 : Code::F010,
                      "cannot read archive " + Quoted(name) + ": " + ZipErrorText(error), "");
    problem.io = io;
    return nullptr;
  }
  std::unique_ptr<Archive> archive(new Archive(zip));
  if (!archive->Index(name, limits, problem)) return nullptr;
  return archive;
}

// Checks every entry's name and size, and indexes the files by name.
bool Archive::Index(const std::string& name, const Limits& limits, Problem& problem) {
  zip_int64_t count = zip_get_num_entries(Zip(zip_), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    problem = Refused(Code::F012,
                      "archive " + Quoted(name) + " has " + std::to_string(count) +
                          " entries, more than the limit of " + std::to_string(limits.max_entries),
                      "raise the limit with --max-archive-entries");
    return false;
  }
  std::uint64_t total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    if (zip_stat_index(Zip(zip_), i, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0 ||
        (st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0) {
      problem = Refused(Code::F010, "cannot read archive " + Quoted(name) + ": it is corrupt", "");
      return false;
    }
    std::string entry = st.name;
    std::string why = UnsafeName(entry);
    if (why.empty() && IsLink(Zip(zip_), i)) why = "is a symbolic link";
    if (!why.empty()) {
      problem = Refused(Code::F011, "archive entry " + Quoted(entry) + " " + why,
                        "unpacked, it could overwrite files outside the archive's directory");
      return false;
    }
    if (!CheckSize(entry, st, limits, problem)) return false;
    total += st.size;
    if (total > limits.max_total_bytes) {
      problem = Refused(Code::F012,
                        "the entries of archive " + Quoted(name) + " expand to more than " +
                            std::to_string(limits.max_total_bytes) + " bytes",
                        "raise the limit with --max-archive-size");
      return false;
    }
    if (entry.back() == '/') continue;  // a directory
    std::string key = JoinInside("", entry);
    if (!index_.emplace(key, i).second) {
      problem = Refused(Code::F011, "archive entry " + Quoted(entry) + " appears twice", kTwice);
      return false;
    }
    sizes_[key] = st.size;
  }
  return true;
}

Archive::~Archive() { zip_discard(Zip(zip_)); }

std::vector<std::string> Archive::Names() const {
  std::vector<std::string> names;
  for (const auto& [entry, i] : index_) names.push_back(entry);
  return names;
}

bool Archive::Read(const std::string& entry, std::string& out, std::string& why, bool* too_large) {
  auto it = index_.find(entry);
  if (it == index_.end()) {
    why = "no such file in the archive";
    return false;
  }
  zip_file_t* file = zip_fopen_index(Zip(zip_), it->second, 0);
  if (file == nullptr) {
    why = "it is corrupt: " + Lower(zip_strerror(Zip(zip_)));
    return false;
  }
  // The header's size was checked against the limits; the data may still lie about it.
  std::uint64_t declared = sizes_[entry];
  std::string text;
  char buffer[1 << 16];
  zip_int64_t n = 0;
  while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > declared) break;
  }
  std::string error = n < 0 ? zip_file_strerror(file) : "";
  zip_fclose(file);
  if (text.size() > declared) {
    if (too_large != nullptr) *too_large = true;
    why = "it holds more than the " + std::to_string(declared) + " bytes its header declares";
    return false;
  }
  if (n < 0) {
    why = "it is corrupt: " + Lower(error);
    return false;
  }
  out = std::move(text);
  return true;
}

}  // namespace toscac::csar
