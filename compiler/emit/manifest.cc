// The deployment: every node's manifest, the index, the content hash, the IR document.
#include "emit/manifest.h"

#include "emit/builder.h"
#include "emit/instances.h"
#include "emit/json_writer.h"
#include "emit/sha256.h"
#include "emit/write.h"

namespace toscac::emit {

namespace {

void Edges(const resolve::Topology& t, JsonWriter& w) {
  w.BeginArray();
  for (const resolve::Edge& e : t.edges) {
    w.BeginObject();
    w.Key("source");
    w.String(t.nodes[e.source].name);
    w.Key("requirement");
    w.String(e.requirement);
    w.Key("target");
    w.String(t.nodes[e.target].name);
    w.Key("capability");
    w.String(e.capability);
    w.Key("relationship");
    w.StringOrNull(e.relationship_type);
    w.Key("family");
    w.String(resolve::FamilyName(e.family));
    w.EndObject();
  }
  w.EndArray();
}

// By node name; a scaled node's instances in its place.
void Waves(const resolve::Topology& t, const std::map<std::string, int>& counts, JsonWriter& w) {
  w.BeginArray();
  for (const auto& wave : t.waves) {
    w.BeginArray();
    for (int v : wave) {
      auto it = counts.find(t.nodes[v].name);
      if (it == counts.end()) {
        w.String(t.nodes[v].name);
        continue;
      }
      for (int i = 0; i < it->second; ++i) w.String(InstanceName(it->first, i));
    }
    w.EndArray();
  }
  w.EndArray();
}

void Instances(const std::map<std::string, int>& counts, JsonWriter& w) {
  w.BeginObject();
  for (const auto& [name, count] : counts) {
    w.Key(name);
    w.Int(count);
  }
  w.EndObject();
}

// The topology's outputs, evaluated with no SELF.
void Outputs(const check::Model& model, eval::Evaluator& ev, JsonWriter& w) {
  Members out;
  if (model.ctx.topology != nullptr) {
    for (const ir::PropertyDef& def : model.ctx.topology->outputs) {
      const ir::Node* value = def.value != nullptr ? def.value : def.default_value;
      out.Set(def.name.text,
              value != nullptr ? ev.Evaluate(*value, eval::EvalScope{}) : Json(nullptr));
    }
  }
  out.Write(w);
}

void ArtifactIndex(const std::vector<ArtifactFile>& files, JsonWriter& w) {
  w.BeginArray();
  for (const ArtifactFile& f : files) {
    w.BeginObject();
    w.Key("path");
    w.String(f.path);
    w.Key("file");
    w.String(f.file);
    w.Key("sha256");
    if (f.sha256) {
      w.String(*f.sha256);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
}

// The artifacts' part of the content hash: one line per artifact in path order, as sha256sum
// prints it: "<sha256 or 'missing'>  <path>\n". The manifests' bytes come first, in node-name
// order, hashed as each is built: the manifests of a large topology are many times its size.
std::string ContentHash(Sha256& manifests, const std::vector<ArtifactFile>& artifacts) {
  for (const ArtifactFile& f : artifacts) {
    manifests.Update(f.sha256.value_or("missing") + "  " + f.path + "\n");
  }
  return manifests.Hex();
}

// Builds each manifest in node order and hands it on; with instance counts, expands them first.
void Manifests(ManifestBuilder& builder, const std::vector<resolve::NodeInfo>& nodes,
               const std::map<std::string, int>& counts, const ManifestSink& sink) {
  JsonWriter w;
  if (counts.empty()) {
    // Nothing to expand: each manifest is written as text and handed on as soon as it is built.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      builder.Manifest(static_cast<int>(i), w);
      sink(nodes[i].name, w.Finish());
    }
    return;
  }
  // Instances refer to each other across manifests: expand them all as Json, then write them.
  // Parsing the text back gives the same document (its strings already valid UTF-8).
  std::vector<std::pair<std::string, Json>> manifests;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    builder.Manifest(static_cast<int>(i), w);
    manifests.emplace_back(nodes[i].name, Json::parse(w.Finish(), nullptr, false));
  }
  ExpandInstances(manifests, counts);
  for (auto& [name, manifest] : manifests) {
    sink(name, JsonText(manifest));
    manifest = Json();
  }
}

// Adds a key known to be new to an object. operator[] looks for the key first, and an
// ordered_json object is a vector: one entry per node made that quadratic.
void AppendNew(Json& object, const std::string& key, Json value) {
  object.get_ref<Json::object_t&>().Json::object_t::Container::emplace_back(key, std::move(value));
}

// A little more than the index will take, most of which is its edges: the buffer grown by
// doubling held one and a half times the index at once, at the compiler's peak of memory.
std::size_t IndexBytes(const resolve::Topology& t) {
  constexpr std::size_t kPerEdge = 160, kPerNode = 64;  // keys, quotes, indentation
  std::size_t bytes = 4096;
  for (const resolve::NodeInfo& n : t.nodes) bytes += kPerNode + 4 * n.name.size();
  for (const resolve::Edge& e : t.edges) {
    bytes += kPerEdge + t.nodes[e.source].name.size() + t.nodes[e.target].name.size() +
             e.requirement.size() + e.capability.size() + e.relationship_type.size();
  }
  return bytes;
}

// The index as text: at 20,000 nodes it is 14 MB, and building it as Json first cost more
// than writing it.
std::string IndexText(const check::Model& model, eval::Evaluator& ev, const Deployment& d,
                      const std::map<std::string, int>& counts, const std::string& content_hash) {
  JsonWriter w;
  w.Reserve(IndexBytes(model.topology));
  w.BeginObject();
  w.Key("index_version");
  w.Int(kIndexVersion);
  w.Key("deployment");
  w.String(d.name);
  w.Key("nodes");
  w.BeginArray();
  for (const std::string& name : d.nodes) w.String(name);
  w.EndArray();
  w.Key("manifests");
  w.BeginObject();
  for (const std::string& name : d.nodes) {  // node names are unique
    w.Key(name);
    w.String(ManifestPath(name));
  }
  w.EndObject();
  w.Key("edges");
  Edges(model.topology, w);
  w.Key("waves");
  Waves(model.topology, counts, w);
  if (!counts.empty()) {
    w.Key("instances");
    Instances(counts, w);
  }
  w.Key("outputs");
  Outputs(model, ev, w);
  w.Key("artifacts");
  ArtifactIndex(d.artifacts, w);
  w.Key("content_hash");
  w.String(content_hash);
  w.EndObject();
  return w.FinishString();
}

}  // namespace

Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options,
                           const ManifestSink& sink) {
  Deployment d;
  d.name = options.deployment;
  std::map<std::string, int> counts;
  Sha256 hash;
  {
    // The builder's tables (per node, per edge) are gone before the index is written, when the
    // compiler's memory peaks.
    ManifestBuilder builder(model, ev, d.name);
    counts = builder.InstanceCounts();
    Manifests(builder, model.topology.nodes, counts,
              [&](const std::string& node, std::string_view text) {
                hash.Update(text);
                d.nodes.push_back(node);
                sink(node, text);
              });
    d.artifacts = builder.AllArtifacts();
  }
  d.index_text = IndexText(model, ev, d, counts, ContentHash(hash, d.artifacts));
  return d;
}

Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options) {
  std::vector<std::pair<std::string, std::string>> manifests;
  Deployment d =
      BuildDeployment(model, ev, options, [&](const std::string& node, std::string_view text) {
        manifests.emplace_back(node, std::string(text));
      });
  d.manifests = std::move(manifests);
  d.index = Json::parse(d.index_text, nullptr, false);
  return d;
}

Json IrDocument(const Deployment& d) {
  Json doc = Json::object();
  doc["ir_version"] = kIrVersion;
  doc["index"] = d.index;
  Json nodes = Json::object();
  for (const auto& [name, text] : d.manifests) AppendNew(nodes, name, Json::parse(text));
  doc["nodes"] = std::move(nodes);
  return doc;
}

std::string JsonText(const Json& doc) {
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string DefaultDeploymentName(const load::Program& program) {
  if (program.root == nullptr) return "deployment";
  const ir::ServiceTemplate& st = *program.root->st;
  if (st.metadata != nullptr) {
    const ir::Node* name = st.metadata->Find("template_name");
    if (name != nullptr && name->IsScalar() && !std::string(name->value()).empty())
      return std::string(name->value());
  }
  const std::string& path = program.root->path;
  if (path.empty() || path[0] == '<') return "deployment";
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? "deployment" : stem;
}

}  // namespace toscac::emit
