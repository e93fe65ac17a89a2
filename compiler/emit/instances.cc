// Instances: counting them (the `scalable` capability) and expanding the manifests.
#include "emit/instances.h"

#include "emit/builder.h"

namespace toscac::emit {

namespace {

constexpr std::string_view kScalable = "tosca.capabilities.Scalable";
constexpr int kMaxInstances = 1000;

struct Expander {
  const std::map<std::string, int>& counts;
  std::map<std::string, std::string> host;  // node template -> its HostedOn target

  int Count(const std::string& node) const {
    auto it = counts.find(node);
    return it == counts.end() ? 1 : it->second;
  }
  // True when one of the two is on the other's HostedOn chain.
  bool Paired(const std::string& a, const std::string& b) const {
    return OnChain(a, b) || OnChain(b, a);
  }
  bool OnChain(const std::string& node, const std::string& other) const {
    std::string at = node;
    for (std::size_t hops = 0; hops <= host.size(); ++hops) {
      if (at == other) return true;
      auto it = host.find(at);
      if (it == host.end()) return false;
      at = it->second;
    }
    return false;
  }
  // The instance of `target` a reference from instance `index` of `self` means.
  std::string One(const std::string& self, int index, const std::string& target) const {
    int n = Count(target);
    if (n <= 1) return target;
    if (target == self || Paired(self, target)) return InstanceName(target, index % n);
    return InstanceName(target, 0);
  }
  // The instances of `target` a wait from instance `index` of `self` waits for.
  std::vector<std::string> All(const std::string& self, int index,
                               const std::string& target) const {
    int n = Count(target);
    if (n <= 1 || Paired(self, target)) return {One(self, index, target)};
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(InstanceName(target, i));
    return out;
  }

  void Value(Json& value, const std::string& self, int index) const {
    if (value.is_array()) {
      for (Json& v : value) Value(v, self, index);
      return;
    }
    if (!value.is_object()) return;
    for (const char* fn : {"get_attribute", "get_operation_output"}) {
      if (value.size() != 1 || !value.contains(fn)) continue;
      Json& args = value[fn];
      if (args.is_array() && !args.empty() && args[0].is_string()) {
        args[0] = One(self, index, args[0].get<std::string>());
      }
      return;
    }
    for (auto& [key, v] : value.items()) Value(v, self, index);
  }

  void Waits(Json& list, const std::string& self, int index) const {
    Json out = Json::array();
    for (Json& wait : list) {
      for (const std::string& name : All(self, index, wait["node"].get<std::string>())) {
        Json w = wait;
        w["node"] = name;
        out.push_back(std::move(w));
      }
    }
    list = std::move(out);
  }

  void Field(Json& object, const char* key, const std::string& self, int index) const {
    if (object.contains(key) && object[key].is_string()) {
      object[key] = One(self, index, object[key].get<std::string>());
    }
  }

  // Rewrites a manifest of `self` (instance `index` of `count`) in place.
  void Rewrite(Json& m, const std::string& self, int index, int count) const {
    Field(m, "host", self, index);
    Field(m, "compute", self, index);
    for (Json& r : m["requirements"]) Field(r, "target", self, index);
    Waits(m["wait_for"], self, index);
    Waits(m["teardown_wait_for"], self, index);
    for (const char* list : {"steps", "teardown", "relationship_operations", "operations"}) {
      for (Json& op : m[list]) {
        Field(op, "peer", self, index);
        for (const char* action : {"do", "check"}) {
          if (op.contains(action)) Value(op[action], self, index);
        }
        if (!op.contains("outputs")) continue;
        for (auto& [name, target] : op["outputs"].items()) {
          if (target.is_array() && !target.empty() && target[0].is_string()) {
            std::string entity = target[0].get<std::string>();
            if (entity != "SELF" && entity != "SOURCE" && entity != "TARGET") {
              target[0] = One(self, index, entity);
            }
          }
        }
      }
    }
    if (count <= 1) return;
    Json out = Json::object();
    for (auto& [key, v] : m.items()) {
      if (key == "node") {
        out["node"] = InstanceName(self, index);
        out["instance"] = Json{{"of", self}, {"index", index}, {"count", count}};
        continue;
      }
      out[key] = std::move(v);
    }
    m = std::move(out);
  }
};

}  // namespace

std::string InstanceName(const std::string& node, int index) {
  return node + "[" + std::to_string(index) + "]";
}

void ExpandInstances(std::vector<std::pair<std::string, Json>>& manifests,
                     const std::map<std::string, int>& counts) {
  Expander ex{counts, {}};
  bool any = false;
  for (const auto& [name, m] : manifests) {
    if (m["host"].is_string()) ex.host[name] = m["host"].get<std::string>();
    any = any || ex.Count(name) > 1;
  }
  if (!any) return;
  std::vector<std::pair<std::string, Json>> out;
  for (auto& [name, m] : manifests) {
    int n = ex.Count(name);
    for (int i = 0; i < n; ++i) {
      Json copy = i + 1 < n ? m : std::move(m);
      ex.Rewrite(copy, name, i, n);
      out.emplace_back(n > 1 ? InstanceName(name, i) : name, std::move(copy));
    }
  }
  manifests = std::move(out);
}

// The node's own count: `default_instances` of a capability of type Scalable; 0 when it has
// none (it then runs as many times as its host).
int ManifestBuilder::OwnInstances(int node) {
  NodeView n = View(node);
  if (n.flat == nullptr || n.tmpl == nullptr) return 0;
  const types::TypeInfo* scalable = model_.types.Find(ir::TypeKind::kCapability, kScalable);
  for (const ir::CapabilityDef& cap : n.flat->capabilities) {
    const types::TypeInfo* t =
        model_.types.Find(ir::TypeKind::kCapability, cap.type.text, Prefix(n.type));
    if (t == nullptr || scalable == nullptr || !types::TypeTable::DerivesFrom(t, scalable))
      continue;
    Json count = ev_.NodeCapabilityProperty(node, cap, "default_instances");
    if (count.is_null()) continue;
    Json low = ev_.NodeCapabilityProperty(node, cap, "min_instances");
    Json high = ev_.NodeCapabilityProperty(node, cap, "max_instances");
    auto bound = [](const Json& v, int otherwise) {
      return v.is_number_integer() ? v.get<int64_t>() : otherwise;
    };
    int64_t min = bound(low, 1), max = bound(high, kMaxInstances);
    const ir::CapabilityAssignment* at = types::FindByName(n.tmpl->capabilities, cap.name.text);
    diag::Location loc = at != nullptr ? at->location : n.tmpl->location;
    if (!count.is_number_integer() || count.get<int64_t>() < std::max<int64_t>(min, 1) ||
        count.get<int64_t>() > std::min<int64_t>(max, kMaxInstances)) {
      model_.ctx.diags.Report(
          diag::Code::M903, loc,
          "node '" + n.info->name + "' asks for " + count.dump() + " instances in capability '" +
              cap.name.text + "': expected an integer from " +
              std::to_string(std::max<int64_t>(min, 1)) + " (min_instances) to " +
              std::to_string(std::min<int64_t>(max, kMaxInstances)) + " (max_instances)");
      return 0;
    }
    return static_cast<int>(count.get<int64_t>());
  }
  return 0;
}

std::map<std::string, int> ManifestBuilder::InstanceCounts() {
  std::vector<int> own(topology_.nodes.size());
  for (std::size_t i = 0; i < own.size(); ++i) own[i] = OwnInstances(static_cast<int>(i));
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < own.size(); ++i) {
    int at = static_cast<int>(i);
    // The first count up the HostedOn chain.
    for (std::size_t hops = 0; hops <= own.size() && at >= 0 && own[at] == 0; ++hops) {
      at = topology_.Find(topology_.nodes[at].host);
    }
    int n = at >= 0 ? own[at] : 0;
    if (n > 1) counts[topology_.nodes[i].name] = n;
  }
  return counts;
}

}  // namespace toscac::emit
