#include "graph/plan.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace toscac::graph {
namespace {

using resolve::NodeInfo;
using resolve::Topology;

constexpr std::string_view kGap = "   ";

// Columns a name takes in a terminal, taken as one per code point (no East Asian widths).
std::size_t Width(std::string_view s) {
  return std::size_t(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void Pad(std::string& out, std::string_view text, std::size_t width) {
  out += text;
  out.append(width - std::min(width, Width(text)), ' ');
}

// The nodes of wave k, skipping indices out of range.
std::vector<const NodeInfo*> Wave(const Topology& t, std::size_t k) {
  std::vector<const NodeInfo*> nodes;
  for (int v : t.waves[k]) {
    if (v >= 0 && std::size_t(v) < t.nodes.size()) nodes.push_back(&t.nodes[v]);
  }
  return nodes;
}

// "  mysql       tosca.nodes.DBMS.MySQL   on db_server"
void Line(const NodeInfo& n, std::size_t name_width, std::size_t type_width, std::string& out) {
  out += "  ";
  Pad(out, n.name, name_width);
  out += kGap;
  if (n.host.empty()) {
    out += n.type + "\n";
    return;
  }
  Pad(out, n.type, type_width);
  out += kGap;
  out += "on " + n.host + "\n";
}

std::string Text(const Topology& t) {
  std::size_t name_width = 0, type_width = 0;
  for (std::size_t k = 0; k < t.waves.size(); ++k) {
    for (const NodeInfo* n : Wave(t, k)) {
      name_width = std::max(name_width, Width(n->name));
      if (!n->host.empty()) type_width = std::max(type_width, Width(n->type));
    }
  }
  std::string out;
  for (std::size_t k = 0; k < t.waves.size(); ++k) {
    out += "wave " + std::to_string(k) + "\n";
    for (const NodeInfo* n : Wave(t, k)) Line(*n, name_width, type_width, out);
  }
  return out;
}

std::string Json(const Topology& t) {
  using nlohmann::ordered_json;
  ordered_json waves = ordered_json::array();
  for (std::size_t k = 0; k < t.waves.size(); ++k) {
    ordered_json nodes = ordered_json::array();
    for (const NodeInfo* n : Wave(t, k)) {
      ordered_json host = n->host.empty() ? ordered_json(nullptr) : ordered_json(n->host);
      nodes.push_back({{"name", n->name}, {"type", n->type}, {"host", host}});
    }
    waves.push_back({{"wave", k}, {"nodes", nodes}});
  }
  ordered_json doc = {{"plan_version", 1}, {"waves", waves}};
  // Names are valid UTF-8 after loading; should one not be, replace it rather than throw.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string RenderPlanText(const Topology& t) {
  try {
    return Text(t);
  } catch (...) {
    return "";
  }
}

std::string RenderPlanJson(const Topology& t) {
  try {
    return Json(t);
  } catch (...) {
    return "";
  }
}

}  // namespace toscac::graph
