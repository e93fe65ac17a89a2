// Where everything lives in the store. One deployment is one prefix; every name that goes
// into a key is encoded first, so no node name can reach another node's or deployment's keys.
//
//   /toscac/<deployment>/deployment                 {"content_hash", "dir", "nodes"}  (toscac up)
//   /toscac/<deployment>/desired                    "up" | "down"
//   /toscac/<deployment>/nodes/<node>/state         initial, creating, ..., started, failed, ...
//   /toscac/<deployment>/nodes/<node>/attributes/<name>      JSON
//   /toscac/<deployment>/nodes/<node>/outputs/<interface>/<operation>/<name>  JSON string
//   /toscac/<deployment>/nodes/<node>/done/<item>   inputs hash of the last success
//   /toscac/<deployment>/nodes/<node>/error         JSON {step, message, output, attempt}
//   /toscac/<deployment>/nodes/<node>/activity      JSON {step, phase, attempt}
//   /toscac/<deployment>/nodes/<node>/agent         JSON {pid, host}, on the agent's lease
//   /toscac/<deployment>/nodes/<node>/generation    JSON {generation, properties}: settings applied
//   /toscac/<deployment>/settings/<template>        JSON {generation, properties}  (toscac set)
//   /toscac/<deployment>/leaders/<template>         the leader instance, on its agent's lease
#pragma once

#include <string>
#include <string_view>

namespace toscac::agent {

// Percent-encodes every byte outside [A-Za-z0-9_-]: the result holds no '/', no '.', and
// decodes back to the name.
std::string EncodeKeyPart(std::string_view name);
std::string DecodeKeyPart(std::string_view part);

inline constexpr std::string_view kRoot = "/toscac/";

std::string DeploymentPrefix(std::string_view deployment);
std::string NodePrefix(std::string_view deployment, std::string_view node);
// NodeKey("shop", "db", "state") = "/toscac/shop/nodes/db/state"
std::string NodeKey(std::string_view deployment, std::string_view node, std::string_view leaf);
std::string AttributeKey(std::string_view deployment, std::string_view node,
                         std::string_view attribute);
std::string OutputKey(std::string_view deployment, std::string_view node,
                      std::string_view interface, std::string_view operation,
                      std::string_view name);

// SettingsKey("shop", "web") = "/toscac/shop/settings/web": what `toscac set` changed.
std::string SettingsKey(std::string_view deployment, std::string_view node_template);
// LeaderKey("shop", "web") = "/toscac/shop/leaders/web": the elected instance of a template.
std::string LeaderKey(std::string_view deployment, std::string_view node_template);

// A key split back into its parts; node is empty for deployment-level keys.
struct KeyParts {
  std::string deployment;
  std::string node;
  std::string leaf;  // "state", "attributes/x" (decoded name after the slash), ...
};
bool SplitKey(std::string_view key, KeyParts& parts);

}  // namespace toscac::agent
