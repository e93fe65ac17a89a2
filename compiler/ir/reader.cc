#include "ir/reader.h"

#include <algorithm>

#include "ir/read_internal.h"

namespace toscac::ir {

using diag::Code;

namespace {

constexpr std::string_view kVersionPrefix = "tosca_simple_yaml_1_";

std::vector<Import> ReadImports(ReadContext& ctx, const Node* node) {
  std::vector<Import> out;
  if (node == nullptr || node->IsNull()) return out;
  if (!ExpectSequence(ctx, node, "'imports'")) return out;
  for (const Node* item : node->items()) {
    Import imp;
    imp.location = item->location;
    if (item->IsScalar()) {
      imp.file = ReadName(ctx, item, "import");
      if (!imp.file.Empty()) out.push_back(std::move(imp));
      continue;
    }
    if (!ExpectMap(ctx, item, "an import")) continue;
    const Node* body = item;
    // TOSCA 1.0 also names imports: "- name: file.yaml" or "- name: {file: ...}".
    static const std::string_view kImportKeys[] = {"file", "repository", "namespace_prefix",
                                                   "namespace_uri"};
    bool named = item->entries().size() == 1 && item->entries()[0].key->IsScalar() &&
                 std::find(std::begin(kImportKeys), std::end(kImportKeys),
                           item->entries()[0].key->value()) == std::end(kImportKeys);
    if (named) {
      body = item->entries()[0].value;
      if (body != nullptr && body->IsScalar()) {
        imp.file = ReadName(ctx, body, "import");
        if (!imp.file.Empty()) out.push_back(std::move(imp));
        continue;
      }
      if (!ExpectMap(ctx, body, "import '" + std::string(item->entries()[0].key->value()) + "'"))
        continue;
    }
    Fields f(ctx, *body, "import definition");
    imp.file = ReadName(ctx, f.Require("file"), "'file'");
    imp.repository = ReadName(ctx, f.Take("repository"), "'repository'");
    imp.namespace_prefix = ReadName(ctx, f.Take("namespace_prefix"), "'namespace_prefix'");
    f.Take("namespace_uri", 0, 2);
    f.Finish();
    if (!imp.file.Empty()) out.push_back(std::move(imp));
  }
  return out;
}

std::vector<Repository> ReadRepositories(ReadContext& ctx, const Node* node) {
  std::vector<Repository> out;
  for (auto& [name, value] : ReadEntries(ctx, node, "'repositories'")) {
    Repository r;
    r.name = name;
    r.location = name.location;
    if (value != nullptr && value->IsScalar()) {
      r.url = value;
      out.push_back(std::move(r));
      continue;
    }
    if (!ExpectMap(ctx, value, "repository '" + name.text + "'")) continue;
    Fields f(ctx, *value, "repository definition");
    r.url = f.Require("url");
    ExpectScalar(ctx, r.url, "'url'");
    f.Take("description");
    if (const Node* cred = f.Take("credential")) ExpectMap(ctx, cred, "'credential'");
    f.Finish();
    out.push_back(std::move(r));
  }
  return out;
}

// Reads tosca_definitions_version first: it selects the grammar of everything else.
bool ReadVersion(ReadContext& ctx, const Node& root, ServiceTemplate& st) {
  const Node* v = root.Find("tosca_definitions_version");
  if (v == nullptr) {
    ctx.diags.Report(Code::S104, root.location, "missing 'tosca_definitions_version'")
        .AddNote(
            "the first line of a TOSCA file is e.g. 'tosca_definitions_version: "
            "tosca_simple_yaml_1_3'");
    return false;
  }
  if (!ExpectScalar(ctx, v, "'tosca_definitions_version'")) return false;
  st.version = Name{std::string(v->value()), v->location};
  st.minor = MinorOf(v->value());
  if (st.minor >= 0) {
    ctx.minor = st.minor;
    return true;
  }
  ctx.diags
      .Report(Code::S105, v->location, "unknown TOSCA version '" + std::string(v->value()) + "'")
      .AddNote(
          "known versions: tosca_simple_yaml_1_0, tosca_simple_yaml_1_1, "
          "tosca_simple_yaml_1_2, tosca_simple_yaml_1_3");
  return false;
}

}  // namespace

int MinorOf(std::string_view version) {
  if (version.substr(0, kVersionPrefix.size()) != kVersionPrefix) return -1;
  std::string_view rest = version.substr(kVersionPrefix.size());
  if (rest.size() != 1 || rest[0] < '0' + kMinMinor || rest[0] > '0' + kMaxMinor) return -1;
  return rest[0] - '0';
}

bool ReadServiceTemplate(const Node& root, diag::FileId file, diag::Diagnostics& diags,
                         ServiceTemplate& st, const ReadOptions& options) {
  ReadContext ctx{diags, kMaxMinor};
  st.file = file;
  if (!root.IsMap()) {
    diags.Report(Code::S101, root.location,
                 "expected a map of TOSCA keynames at the top of the file, got " +
                     std::string(yaml::Describe(root)));
    return false;
  }
  if (!ReadVersion(ctx, root, st)) return false;
  Fields f(ctx, root, "service template");
  f.Take("tosca_definitions_version");
  f.Take("namespace");
  st.metadata = f.Take("metadata");
  if (st.metadata != nullptr && !st.metadata->IsNull()) ExpectMap(ctx, st.metadata, "'metadata'");
  st.description = ReadString(ctx, f.Take("description"), "'description'");
  f.Take("dsl_definitions");
  // TOSCA 1.0 put these at the top; 1.1 moved them into metadata.
  f.Take("template_name", 0, 0);
  f.Take("template_author", 0, 0);
  f.Take("template_version", 0, 0);
  st.repositories = ReadRepositories(ctx, f.Take("repositories"));
  st.imports = ReadImports(ctx, f.Take("imports"));
  for (int k = 0; k < kTypeKindCount; ++k) {
    auto kind = static_cast<TypeKind>(k);
    ReadTypes(ctx, kind, f.Take(TypeKindSection(kind)), options.defer_type_bodies, st.types[k]);
  }
  if (const Node* topo = f.Take("topology_template")) {
    if (ExpectMap(ctx, topo, "'topology_template'")) st.topology = ReadTopology(ctx, *topo);
  }
  f.Finish();
  return true;
}

}  // namespace toscac::ir
