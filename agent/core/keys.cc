#include "core/keys.h"

namespace toscac::agent {

namespace {
bool Plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
}  // namespace

std::string EncodeKeyPart(std::string_view name) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    if (Plain(c)) {
      out += static_cast<char>(c);
      continue;
    }
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string DecodeKeyPart(std::string_view part) {
  std::string out;
  for (size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '%' && i + 2 < part.size()) {
      int hi = HexValue(part[i + 1]), lo = HexValue(part[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += part[i];
  }
  return out;
}

std::string DeploymentPrefix(std::string_view deployment) {
  return std::string(kRoot) + EncodeKeyPart(deployment) + "/";
}

std::string NodePrefix(std::string_view deployment, std::string_view node) {
  return DeploymentPrefix(deployment) + "nodes/" + EncodeKeyPart(node) + "/";
}

std::string NodeKey(std::string_view deployment, std::string_view node, std::string_view leaf) {
  return NodePrefix(deployment, node) + std::string(leaf);
}

std::string AttributeKey(std::string_view deployment, std::string_view node,
                         std::string_view attribute) {
  return NodePrefix(deployment, node) + "attributes/" + EncodeKeyPart(attribute);
}

std::string OutputKey(std::string_view deployment, std::string_view node,
                      std::string_view interface, std::string_view operation,
                      std::string_view name) {
  return NodePrefix(deployment, node) + "outputs/" + EncodeKeyPart(interface) + "/" +
         EncodeKeyPart(operation) + "/" + EncodeKeyPart(name);
}

std::string SettingsKey(std::string_view deployment, std::string_view node_template) {
  return DeploymentPrefix(deployment) + "settings/" + EncodeKeyPart(node_template);
}

std::string LeaderKey(std::string_view deployment, std::string_view node_template) {
  return DeploymentPrefix(deployment) + "leaders/" + EncodeKeyPart(node_template);
}

bool SplitKey(std::string_view key, KeyParts& parts) {
  if (key.substr(0, kRoot.size()) != kRoot) return false;
  key.remove_prefix(kRoot.size());
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return false;
  parts.deployment = DecodeKeyPart(key.substr(0, slash));
  key.remove_prefix(slash + 1);
  parts.node.clear();
  if (key.substr(0, 6) != "nodes/") {
    parts.leaf = std::string(key);
    return true;
  }
  key.remove_prefix(6);
  slash = key.find('/');
  if (slash == std::string_view::npos) return false;
  parts.node = DecodeKeyPart(key.substr(0, slash));
  key.remove_prefix(slash + 1);
  size_t sub = key.find('/');
  if (sub == std::string_view::npos) {
    parts.leaf = std::string(key);
    return true;
  }
  parts.leaf = std::string(key.substr(0, sub + 1));
  std::string_view rest = key.substr(sub + 1);
  // Decode each remaining segment; keep the slashes between them.
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = rest.find('/', start);
    if (end == std::string_view::npos) end = rest.size();
    if (start > 0) parts.leaf += '/';
    parts.leaf += DecodeKeyPart(rest.substr(start, end - start));
    start = end + 1;
  }
  return true;
}

}  // namespace toscac::agent
