// The deployment: every node's manifest, the index, the content hash, the IR document.
#include "emit/manifest.h"

#include "emit/builder.h"
#include "emit/instances.h"
#include "emit/json_writer.h"
#include "emit/sha256.h"
#include "emit/write.h"

namespace toscac::emit {

namespace {

// An empty object with room for `n` members. An ordered_json object is a vector of pairs whose
// keys are const: growing it copies every member, values and all (the index's node list, say).
Json ObjectWithRoom(std::size_t n) {
  Json object = Json::object();
  object.get_ref<Json::object_t&>().reserve(n);
  return object;
}

Json ArrayWithRoom(std::size_t n) {
  Json array = Json::array();
  array.get_ref<Json::array_t&>().reserve(n);
  return array;
}

Json Edges(const resolve::Topology& t) {
  Json out = ArrayWithRoom(t.edges.size());
  for (const resolve::Edge& e : t.edges) {
    Json edge = ObjectWithRoom(6);
    edge["source"] = t.nodes[e.source].name;
    edge["requirement"] = e.requirement;
    edge["target"] = t.nodes[e.target].name;
    edge["capability"] = e.capability;
    edge["relationship"] = e.relationship_type.empty() ? Json(nullptr) : Json(e.relationship_type);
    edge["family"] = std::string(resolve::FamilyName(e.family));
    out.push_back(std::move(edge));
  }
  return out;
}

// By node name; a scaled node's instances in its place.
Json Waves(const resolve::Topology& t, const std::map<std::string, int>& counts) {
  Json out = Json::array();
  for (const auto& wave : t.waves) {
    Json names = Json::array();
    for (int v : wave) {
      auto it = counts.find(t.nodes[v].name);
      if (it == counts.end()) {
        names.push_back(t.nodes[v].name);
        continue;
      }
      for (int i = 0; i < it->second; ++i) names.push_back(InstanceName(it->first, i));
    }
    out.push_back(std::move(names));
  }
  return out;
}

// The topology's outputs, evaluated with no SELF.
Json Outputs(const check::Model& model, eval::Evaluator& ev) {
  Json out = Json::object();
  if (model.ctx.topology == nullptr) return out;
  for (const ir::PropertyDef& def : model.ctx.topology->outputs) {
    const ir::Node* value = def.value != nullptr ? def.value : def.default_value;
    out[def.name.text] = value != nullptr ? ev.Evaluate(*value, eval::EvalScope{}) : Json(nullptr);
  }
  return out;
}

Json ArtifactIndex(const std::vector<ArtifactFile>& files) {
  Json out = Json::array();
  for (const ArtifactFile& f : files) {
    out.push_back(Json{{"path", f.path},
                       {"file", f.file},
                       {"sha256", f.sha256 ? Json(*f.sha256) : Json(nullptr)}});
  }
  return out;
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

Json Index(const check::Model& model, eval::Evaluator& ev, const Deployment& d,
           const std::map<std::string, int>& counts, std::string content_hash) {
  const resolve::Topology& t = model.topology;
  Json index = ObjectWithRoom(11);
  index["index_version"] = kIndexVersion;
  index["deployment"] = d.name;
  Json nodes = ArrayWithRoom(d.nodes.size());
  Json files = ObjectWithRoom(d.nodes.size());
  for (const std::string& name : d.nodes) {  // node names are unique
    nodes.push_back(name);
    AppendNew(files, name, ManifestPath(name));
  }
  index["nodes"] = std::move(nodes);
  index["manifests"] = std::move(files);
  index["edges"] = Edges(t);
  index["waves"] = Waves(t, counts);
  if (!counts.empty()) index["instances"] = counts;
  index["outputs"] = Outputs(model, ev);
  index["artifacts"] = ArtifactIndex(d.artifacts);
  index["content_hash"] = std::move(content_hash);
  return index;
}

}  // namespace

Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options,
                           const ManifestSink& sink) {
  Deployment d;
  d.name = options.deployment;
  ManifestBuilder builder(model, ev, d.name);
  std::map<std::string, int> counts = builder.InstanceCounts();
  Sha256 hash;
  Manifests(builder, model.topology.nodes, counts, [&](const std::string& node, std::string text) {
    hash.Update(text);
    d.nodes.push_back(node);
    sink(node, std::move(text));
  });
  d.artifacts = builder.AllArtifacts();
  d.index = Index(model, ev, d, counts, ContentHash(hash, d.artifacts));
  return d;
}

Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options) {
  std::vector<std::pair<std::string, std::string>> manifests;
  Deployment d =
      BuildDeployment(model, ev, options, [&](const std::string& node, std::string text) {
        text.shrink_to_fit();  // kept until the deployment is written
        manifests.emplace_back(node, std::move(text));
      });
  d.manifests = std::move(manifests);
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
    if (name != nullptr && name->IsScalar() && !name->value.empty()) return name->value;
  }
  const std::string& path = program.root->path;
  if (path.empty() || path[0] == '<') return "deployment";
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? "deployment" : stem;
}

}  // namespace toscac::emit
