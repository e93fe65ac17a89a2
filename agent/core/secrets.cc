#include "core/secrets.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/values.h"

namespace toscac::agent {

namespace {

constexpr off_t kMaxSecretsFile = 1 << 20;

// Reads the whole file through one descriptor, so the checks and the read see the same file.
std::optional<std::string> ReadChecked(const std::string& path, std::string& error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    error = "cannot open the secrets file '" + path + "': " + std::strerror(errno) +
            (errno == ELOOP ? " (it is a symbolic link)" : "");
    return std::nullopt;
  }
  struct stat st {};
  std::string problem;
  if (fstat(fd, &st) != 0) {
    problem = std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    problem = "it is not a regular file";
  } else if (st.st_uid != geteuid()) {
    problem = "it is owned by uid " + std::to_string(st.st_uid) + ", not by this agent's user";
  } else if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    problem = std::string("others can read or change it (mode ") + mode + "): chmod 600 it";
  } else if (st.st_size > kMaxSecretsFile) {
    problem = "it is larger than 1 MiB";
  }
  std::string text;
  if (problem.empty()) {
    text.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < text.size()) {
      ssize_t n = read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    text.resize(got);
  }
  close(fd);
  if (!problem.empty()) {
    error = "refusing the secrets file '" + path + "': " + problem;
    return std::nullopt;
  }
  return text;
}

void Collect(const Json& value, std::set<std::string>& out) {
  if (value.is_object() && value.size() == 1 && value.contains("get_secret")) {
    const Json& args = value["get_secret"];
    if (args.is_array() && !args.empty() && args[0].is_string()) {
      out.insert(args[0].get<std::string>());
    }
    return;
  }
  if (value.is_object() || value.is_array()) {
    for (const Json& v : value) Collect(v, out);
  }
}

void CollectOperations(const std::vector<Operation>& ops, std::set<std::string>& out) {
  for (const Operation& op : ops) {
    if (op.run) Collect(op.run->env, out);
    if (op.check) Collect(op.check->env, out);
  }
}

}  // namespace

std::optional<Secrets> LoadSecrets(const std::string& path, std::string& error) {
  auto text = ReadChecked(path, error);
  if (!text) return std::nullopt;
  Json doc = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    // Never quote the file: it holds secrets.
    error = "the secrets file '" + path + "' is not a JSON object of input name to value";
    return std::nullopt;
  }
  Secrets out;
  for (const auto& [name, value] : doc.items()) {
    out.values[name] = value;
    std::string shown = EnvText(value);
    if (!shown.empty()) out.texts.push_back(shown);
  }
  std::sort(out.texts.begin(), out.texts.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  out.texts.erase(std::unique(out.texts.begin(), out.texts.end()), out.texts.end());
  return out;
}

std::set<std::string> SecretNames(const Manifest& manifest) {
  std::set<std::string> out;
  Collect(manifest.properties, out);
  CollectOperations(manifest.steps, out);
  CollectOperations(manifest.teardown, out);
  CollectOperations(manifest.relationship_operations, out);
  CollectOperations(manifest.operations, out);
  return out;
}

std::string MissingSecrets(const Manifest& manifest, const Secrets& secrets) {
  std::string out;
  for (const std::string& name : SecretNames(manifest)) {
    if (secrets.values.count(name) == 0) {
      out += "  node '" + manifest.node + "' needs secret '" + name + "'\n";
    }
  }
  return out;
}

}  // namespace toscac::agent
