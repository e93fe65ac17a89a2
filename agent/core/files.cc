#include "core/files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/keys.h"

namespace toscac::agent {

namespace {
namespace fs = std::filesystem;

std::string FilesPrefix(const std::string& deployment) {
  return DeploymentPrefix(deployment) + "files/";
}

}  // namespace

bool StaysInside(const std::string& path) {
  if (path.empty() || path[0] == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

bool PublishFiles(store::Store& store, const std::string& deployment, const std::string& dir,
                  std::string& error) {
  std::vector<std::pair<std::string, std::string>> files;
  std::error_code ec;
  for (const char* top : {"index.json", "manifests", "artifacts"}) {
    fs::path root = fs::path(dir) / top;
    if (!fs::exists(root, ec)) continue;
    std::vector<fs::path> paths;
    if (fs::is_regular_file(root, ec)) {
      paths.push_back(root);
    } else {
      for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
        if (entry.is_regular_file()) paths.push_back(entry.path());
      }
    }
    for (const fs::path& p : paths) {
      if (fs::file_size(p, ec) > kMaxPublishedFile) {
        error = "'" + p.string() + "' is larger than " + std::to_string(kMaxPublishedFile) +
                " bytes: too large to publish in the store";
        return false;
      }
      std::ifstream in(p, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      if (!in) {
        error = "cannot read '" + p.string() + "'";
        return false;
      }
      files.emplace_back(fs::relative(p, dir).generic_string(), bytes.str());
    }
  }
  store.DeletePrefix(FilesPrefix(deployment));
  for (const auto& [path, bytes] : files) {
    store.Put(FilesPrefix(deployment) + EncodeKeyPart(path), bytes);
  }
  return true;
}

bool FetchFiles(store::Store& store, const std::string& deployment, const std::string& dir,
                std::string& error) {
  const std::string prefix = FilesPrefix(deployment);
  store::RangeResult range = store.Range(prefix);
  if (range.kvs.empty()) {
    error = "deployment '" + deployment + "' has no published files (run toscac deploy)";
    return false;
  }
  std::error_code ec;
  for (const store::KeyValue& kv : range.kvs) {
    std::string path = DecodeKeyPart(kv.key.substr(prefix.size()));
    if (!StaysInside(path)) {
      error = "refusing published file '" + path + "': it would leave '" + dir + "'";
      return false;
    }
    fs::path target = fs::path(dir) / path;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out << kv.value;
    if (!out) {
      error = "cannot write '" + target.string() + "'";
      return false;
    }
  }
  return true;
}

}  // namespace toscac::agent
