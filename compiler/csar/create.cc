#include "csar/create.h"

#include <sys/stat.h>
#include <zip.h>

#include <filesystem>
#include <map>

#include "csar/archive.h"
#include "csar/meta.h"

namespace toscac::csar {

namespace fs = std::filesystem;

namespace {

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// 1980-01-01 00:00:00, the earliest MS-DOS date: the same on every machine and in every zone.
constexpr zip_uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kDosTime = 0;

struct File {
  fs::path source;  // empty for the generated TOSCA.meta
  bool executable = false;
};

using Files = std::map<std::string, File>;  // by entry name: sorted

bool Fail(std::string* error, std::string text) {
  if (error != nullptr) *error = std::move(text);
  return false;
}

fs::path Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? fs::absolute(p, ec) : c;
}

bool IsInside(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

// One directory entry: a file (or a link to a file inside `dir`) is packed, a directory is
// walked, anything else is refused.
bool AddEntry(const fs::directory_entry& e, const fs::path& dir, const fs::path& skip, Files& files,
              std::string* error) {
  std::error_code ec;
  std::string name = e.path().lexically_relative(dir).generic_string();
  fs::path real = Canonical(e.path());
  if (real == skip) return true;
  if (e.is_symlink(ec) && !IsInside(real, Canonical(dir))) {
    return Fail(error,
                Quoted(name) + " is a symbolic link pointing outside " + Quoted(dir.string()));
  }
  if (e.is_directory(ec)) {
    if (e.is_symlink(ec)) return Fail(error, Quoted(name) + " is a link to a directory");
    return true;
  }
  if (!e.is_regular_file(ec)) return Fail(error, Quoted(name) + " is not a regular file");
  if (name.find('\\') != std::string::npos) {
    return Fail(error, Quoted(name) + " cannot be stored: its name holds a backslash");
  }
  auto perms = fs::status(e.path(), ec).permissions();
  files[name] = File{e.path(), (perms & fs::perms::owner_exec) != fs::perms::none};
  return true;
}

bool ListFiles(const CreateOptions& options, Files& files, std::string* error) {
  fs::path dir = options.dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Fail(error, Quoted(options.dir) + " is not a directory");
  fs::path skip = Canonical(options.output);
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!AddEntry(*it, dir, skip, files, error)) return false;
  }
  if (ec) return Fail(error, "cannot list " + Quoted(options.dir) + ": " + ec.message());
  return true;
}

bool IsRootYaml(const std::string& name) {
  if (name.find('/') != std::string::npos) return false;
  auto ends = [&](const std::string& s) {
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

// The Entry-Definitions: the --entry file, else the single YAML file at the root.
bool ChooseEntry(const CreateOptions& options, const Files& files, std::string& entry,
                 std::string* error) {
  if (!options.entry.empty()) {
    entry = JoinInside("", options.entry);
    if (!entry.empty() && files.count(entry) > 0) return true;
    return Fail(error,
                "--entry " + Quoted(options.entry) + " is not a file of " + Quoted(options.dir));
  }
  std::string found;
  for (const auto& [name, file] : files) {
    if (!IsRootYaml(name)) continue;
    if (!found.empty()) {
      return Fail(error, Quoted(options.dir) + " has several YAML files at its root (" +
                             Quoted(found) + ", " + Quoted(name) +
                             ", ...): name the main one with --entry");
    }
    found = name;
  }
  if (found.empty()) {
    return Fail(error,
                Quoted(options.dir) + " has no YAML file at its root: name one with --entry");
  }
  entry = found;
  return true;
}

// Adds one entry with the fixed time and permissions. The source is freed by libzip.
bool AddToZip(zip_t* zip, const std::string& name, zip_source_t* source, bool executable,
              std::string* error) {
  if (source == nullptr)
    return Fail(error, "cannot read " + Quoted(name) + ": " + zip_strerror(zip));
  zip_int64_t i = zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (i < 0) {
    zip_source_free(source);
    return Fail(error, "cannot add " + Quoted(name) + ": " + zip_strerror(zip));
  }
  auto index = static_cast<zip_uint64_t>(i);
  zip_uint32_t mode = S_IFREG | (executable ? 0755 : 0644);
  if (zip_file_set_dostime(zip, index, kDosTime, kDosDate, 0) != 0 ||
      zip_file_set_external_attributes(zip, index, 0, ZIP_OPSYS_UNIX, mode << 16) != 0) {
    return Fail(error, "cannot add " + Quoted(name) + ": " + zip_strerror(zip));
  }
  return true;
}

bool Write(const CreateOptions& options, const Files& files, const std::string& meta,
           std::string* error) {
  int code = 0;
  zip_t* zip = zip_open(options.output.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (zip == nullptr) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return Fail(error, "cannot write " + Quoted(options.output) + ": " + why);
  }
  for (const auto& [name, file] : files) {
    zip_source_t* source = file.source.empty() ? zip_source_buffer(zip, meta.data(), meta.size(), 0)
                                               : zip_source_file(zip, file.source.c_str(), 0, 0);
    if (!AddToZip(zip, name, source, file.executable, error)) {
      zip_discard(zip);
      return false;
    }
  }
  if (zip_close(zip) != 0) {
    std::string why = zip_strerror(zip);
    zip_discard(zip);
    return Fail(error, "cannot write " + Quoted(options.output) + ": " + why);
  }
  return true;
}

}  // namespace

bool CreateArchive(const CreateOptions& options, std::string* error) {
  Files files;
  if (!ListFiles(options, files, error)) return false;
  std::string meta_path(kMetaPath);
  std::string meta;
  if (files.count(meta_path) > 0) {
    if (!options.entry.empty()) {
      return Fail(error, Quoted(options.dir) + " has its own " + meta_path +
                             ": drop --entry, or remove that file");
    }
    return Write(options, files, meta, error);
  }
  std::string entry;
  if (!ChooseEntry(options, files, entry, error)) return false;
  meta =
      "TOSCA-Meta-File-Version: 1.1\nCSAR-Version: 1.1\nCreated-By: toscac\n"
      "Entry-Definitions: " +
      entry + "\n";
  files[meta_path] = File{};
  return Write(options, files, meta, error);
}

}  // namespace toscac::csar
