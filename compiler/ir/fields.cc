#include "ir/fields.h"

#include "util/spelling.h"

namespace toscac::ir {

using diag::Code;

namespace {

std::string VersionName(int minor) { return "tosca_simple_yaml_1_" + std::to_string(minor); }

std::string Got(const Node& node) {
  if (!node.IsScalar()) return std::string(yaml::Describe(node));
  std::string text = std::string(node.value());
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "'" + text + "'";
}

}  // namespace

Name KeyName(const Entry& e) { return Name{std::string(e.key->value()), e.key->location}; }

Fields::Fields(ReadContext& ctx, const Node& node, std::string_view what)
    : ctx_(ctx), node_(node), what_(what) {
  if (node.entries().size() > 64) taken_more_.resize(node.entries().size() - 64);
}

std::vector<std::string_view> Fields::Known() const {
  std::vector<std::string_view> known(known_.begin(), known_.begin() + known_count_);
  known.insert(known.end(), known_more_.begin(), known_more_.end());
  return known;
}

const Node* Fields::Take(std::string_view key, int min_minor, int max_minor) {
  if (known_count_ < known_.size()) {
    known_[known_count_++] = key;
  } else {
    known_more_.push_back(key);
  }
  for (std::size_t i = 0; i < node_.entries().size(); ++i) {
    const Entry& e = node_.entries()[i];
    if (Taken(i) || !e.key->IsScalar() || e.key->value() != key) continue;
    SetTaken(i);
    if (ctx_.minor < min_minor || ctx_.minor > max_minor) {
      std::string range = ctx_.minor < min_minor ? "from " + VersionName(min_minor) + " on"
                                                 : "up to " + VersionName(max_minor);
      ctx_.diags
          .Report(Code::S108, e.key->location,
                  "keyname '" + std::string(key) + "' of " + std::string(what_) +
                      " is not available in " + VersionName(ctx_.minor))
          .AddNote("it is available " + range);
      return nullptr;
    }
    return e.value;
  }
  return nullptr;
}

const Node* Fields::Require(std::string_view key, int min_minor) {
  const Node* value = Take(key, min_minor);
  if (value != nullptr || ctx_.minor < min_minor) return value;
  for (std::size_t i = 0; i < node_.entries().size(); ++i) {
    const Entry& e = node_.entries()[i];
    if (e.key->IsScalar() && e.key->value() == key) return value;  // present but refused
  }
  for (const Entry& e : node_.entries()) {
    // "typ:" for "type:" is one mistake: the unknown keyname with its suggestion says it all.
    if (e.key->IsScalar() && !util::Suggest(e.key->value(), {key}).empty()) return nullptr;
  }
  ctx_.diags.Report(Code::S103, node_.location,
                    "missing required keyname '" + std::string(key) + "' in " + std::string(what_));
  return nullptr;
}

std::vector<const Entry*> Fields::Rest() {
  std::vector<const Entry*> rest;
  for (std::size_t i = 0; i < node_.entries().size(); ++i) {
    if (Taken(i)) continue;
    SetTaken(i);
    rest.push_back(&node_.entries()[i]);
  }
  return rest;
}

void Fields::Finish() {
  for (std::size_t i = 0; i < node_.entries().size(); ++i) {
    if (Taken(i)) continue;
    const Node* key = node_.entries()[i].key;
    if (!key->IsScalar()) {
      ctx_.diags.Report(Code::Y009, key->location,
                        "expected a keyname of " + std::string(what_) + ", got " + Got(*key));
      continue;
    }
    auto& d = ctx_.diags.Report(
        Code::S102, key->location,
        "unknown keyname '" + std::string(key->value()) + "' in " + std::string(what_));
    std::string near = util::Suggest(key->value(), Known());
    if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
  }
}

bool ExpectMap(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return false;
  if (node->IsMap()) return true;
  ctx.diags.Report(Code::S101, node->location,
                   "expected a map for " + std::string(what) + ", got " + Got(*node));
  return false;
}

bool ExpectMap(ReadContext& ctx, const Node* node, std::string_view what, std::string_view name) {
  if (node == nullptr) return false;
  if (node->IsMap()) return true;
  return ExpectMap(ctx, node, std::string(what) + " '" + std::string(name) + "'");
}

bool ExpectSequence(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return false;
  if (node->IsSequence()) return true;
  ctx.diags.Report(Code::S101, node->location,
                   "expected a sequence for " + std::string(what) + ", got " + Got(*node));
  return false;
}

bool ExpectScalar(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return false;
  if (node->IsScalar()) return true;
  ctx.diags.Report(Code::S101, node->location,
                   "expected a scalar for " + std::string(what) + ", got " + Got(*node));
  return false;
}

const Entry* ExpectSingleEntry(ReadContext& ctx, const Node* node, diag::Code code,
                               std::string_view expected) {
  if (node == nullptr) return nullptr;
  if (node->IsMap() && node->entries().size() == 1 && node->entries()[0].key->IsScalar()) {
    return &node->entries()[0];
  }
  std::string got = Got(*node);
  if (node->IsMap() && node->entries().empty()) got = "an empty map";
  if (node->IsMap() && node->entries().size() > 1) {
    got = "a map with " + std::to_string(node->entries().size()) + " entries";
  }
  if (node->IsMap() && node->entries().size() == 1) got = "a map whose key is not a name";
  ctx.diags.Report(code, node->location, "expected " + std::string(expected) + ", got " + got);
  return nullptr;
}

Name ReadName(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return {};
  if (!ExpectScalar(ctx, node, what)) return {};
  if (node->value().empty()) {
    ctx.diags.Report(Code::S106, node->location,
                     "expected a name for " + std::string(what) + ", got an empty string");
    return {};
  }
  return Name{std::string(node->value()), node->location};
}

std::string ReadString(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr || node->IsNull()) return "";
  if (!ExpectScalar(ctx, node, what)) return "";
  return std::string(node->value());
}

std::optional<bool> ReadBool(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return std::nullopt;
  if (node->IsScalar() && node->plain) {
    const std::string& v = std::string(node->value());
    if (v == "true" || v == "True" || v == "TRUE") return true;
    if (v == "false" || v == "False" || v == "FALSE") return false;
  }
  ctx.diags.Report(Code::S106, node->location,
                   "expected a boolean for " + std::string(what) + ", got " + Got(*node));
  return std::nullopt;
}

std::vector<Name> ReadNameList(ReadContext& ctx, const Node* node, std::string_view what,
                               bool allow_single) {
  std::vector<Name> out;
  if (node == nullptr) return out;
  if (allow_single && node->IsScalar()) {
    Name n = ReadName(ctx, node, what);
    if (!n.Empty()) out.push_back(n);
    return out;
  }
  if (!ExpectSequence(ctx, node, what)) return out;
  for (const Node* item : node->items()) {
    Name n = ReadName(ctx, item, what);
    if (!n.Empty()) out.push_back(std::move(n));
  }
  return out;
}

namespace {

std::optional<std::uint64_t> ReadBound(const Node* node, bool allow_unbounded) {
  if (!node->IsScalar() || !node->plain) return std::nullopt;
  if (allow_unbounded && node->value() == "UNBOUNDED") return kUnbounded;
  const std::string& v = std::string(node->value());
  if (v.empty() || v.size() > 18) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

}  // namespace

std::optional<Bounds> ReadBounds(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return std::nullopt;
  if (!node->IsSequence() || node->items().size() != 2) {
    ctx.diags.Report(Code::S106, node->location,
                     "expected [lower, upper] for " + std::string(what) + ", got " + Got(*node));
    return std::nullopt;
  }
  auto lower = ReadBound(node->items()[0], false);
  auto upper = ReadBound(node->items()[1], true);
  if (!lower || !upper) {
    const Node* bad = lower ? node->items()[1] : node->items()[0];
    ctx.diags.Report(Code::S106, bad->location,
                     "expected a non-negative integer" + std::string(lower ? " or UNBOUNDED" : "") +
                         " in " + std::string(what) + ", got " + Got(*bad));
    return std::nullopt;
  }
  if (*lower > *upper) {
    ctx.diags.Report(
        Code::S106, node->location,
        "the lower bound of " + std::string(what) + " is greater than its upper bound");
    return std::nullopt;
  }
  return Bounds{*lower, *upper, node->location};
}

std::vector<std::pair<Name, const Node*>> ReadEntries(ReadContext& ctx, const Node* node,
                                                      std::string_view what) {
  std::vector<std::pair<Name, const Node*>> out;
  if (node == nullptr || node->IsNull()) return out;
  if (!ExpectMap(ctx, node, what)) return out;
  out.reserve(node->entries().size());
  for (const Entry& e : node->entries()) {
    if (!e.key->IsScalar()) {
      ctx.diags.Report(Code::Y009, e.key->location,
                       "expected a name in " + std::string(what) + ", got " + Got(*e.key));
      continue;
    }
    out.emplace_back(KeyName(e), e.value);
  }
  return out;
}

}  // namespace toscac::ir
