// The deployment: every node's manifest, the index, the content hash, the IR document.
#include "emit/manifest.h"

#include "emit/builder.h"
#include "emit/instances.h"
#include "emit/sha256.h"
#include "emit/write.h"

namespace toscac::emit {

namespace {

Json Edges(const resolve::Topology& t) {
  Json out = Json::array();
  for (const resolve::Edge& e : t.edges) {
    Json edge = Json::object();
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

// SHA-256 over each manifest's bytes in node-name order, then one line per artifact in path
// order, as sha256sum prints it: "<sha256 or 'missing'>  <path>\n".
// Hashed piece by piece: the manifests of a large topology are many times its size.
std::string ContentHash(const Deployment& d) {
  Sha256 hash;
  for (const auto& [name, text] : d.manifests) hash.Update(text);
  for (const ArtifactFile& f : d.artifacts) {
    hash.Update(f.sha256.value_or("missing") + "  " + f.path + "\n");
  }
  return hash.Hex();
}

// A manifest's text, kept until the deployment is written: without the spare capacity that
// serialising left (up to half of it).
std::string Text(const Json& manifest) {
  std::string text = JsonText(manifest);
  text.shrink_to_fit();
  return text;
}

// Adds a key known to be new to an object. operator[] looks for the key first, and an
// ordered_json object is a vector: one entry per node made that quadratic.
void AppendNew(Json& object, const std::string& key, Json value) {
  object.get_ref<Json::object_t&>().Json::object_t::Container::emplace_back(key, std::move(value));
}

Json Index(const check::Model& model, eval::Evaluator& ev, const Deployment& d,
           const std::map<std::string, int>& counts) {
  const resolve::Topology& t = model.topology;
  Json index = Json::object();
  index["index_version"] = kIndexVersion;
  index["deployment"] = d.name;
  Json nodes = Json::array();
  Json files = Json::object();
  for (const auto& [name, text] : d.manifests) {  // node names are unique
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
  index["content_hash"] = ContentHash(d);
  return index;
}

}  // namespace

Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options) {
  Deployment d;
  d.name = options.deployment;
  ManifestBuilder builder(model, ev, d.name);
  std::map<std::string, int> counts = builder.InstanceCounts();
  const std::vector<resolve::NodeInfo>& nodes = model.topology.nodes;
  if (counts.empty()) {
    // Nothing to expand: each manifest becomes text as soon as it is built, so that one
    // manifest at a time is held as Json.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      d.manifests.emplace_back(nodes[i].name, Text(builder.Manifest(static_cast<int>(i))));
    }
  } else {
    // Instances refer to each other across manifests: expand them all, then make them text.
    std::vector<std::pair<std::string, Json>> manifests;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      manifests.emplace_back(nodes[i].name, builder.Manifest(static_cast<int>(i)));
    }
    ExpandInstances(manifests, counts);
    for (auto& [name, manifest] : manifests) {
      d.manifests.emplace_back(std::move(name), Text(manifest));
      manifest = Json();
    }
  }
  d.artifacts = builder.AllArtifacts();
  d.index = Index(model, ev, d, counts);
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
