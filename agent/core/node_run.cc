// How a NodeMachine runs one item: check, do, check again; outputs; retries; failure.
#include "core/node_run.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "core/keys.h"
#include "core/node_machine.h"
#include "core/values.h"
#include "exec/outputs.h"
#include "exec/redact.h"
#include "exec/tail.h"

namespace toscac::agent {

namespace {
using std::chrono::duration_cast;
using std::chrono::milliseconds;
namespace fs = std::filesystem;

milliseconds Since(Clock::time_point t, Clock::time_point now) {
  return duration_cast<milliseconds>(now - t);
}

std::string Fnv(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void AppendLine(const std::string& path, const std::string& line) {
  std::ofstream out(path, std::ios::app);
  out << line << "\n";
}
}  // namespace

std::vector<std::pair<std::string, std::string>> NodeMachine::BaseEnv(const Item& item) const {
  std::vector<std::pair<std::string, std::string>> env = {
      {"TOSCA_DEPLOYMENT", context_.deployment()},
      {"TOSCA_NODE", manifest_.node},
      {"TOSCA_OPERATION", item.op->interface + "." + item.op->name},
  };
  if (!item.source.empty()) {
    env.emplace_back("TOSCA_SOURCE", item.source);
    env.emplace_back("TOSCA_TARGET", item.target);
  }
  if (manifest_.instance) {
    const Instance& i = *manifest_.instance;
    std::string leader = Leader();
    env.emplace_back("TOSCA_TEMPLATE", i.of);
    env.emplace_back("TOSCA_INSTANCE", std::to_string(i.index));
    env.emplace_back("TOSCA_INSTANCES", std::to_string(i.count));
    env.emplace_back("TOSCA_LEADER", leader == manifest_.node ? "true" : "false");
    env.emplace_back("TOSCA_LEADER_NODE", leader);
  }
  return env;
}

// Resolves the inputs of both actions; false (and a note) while a reference is unpublished.
bool NodeMachine::Begin(const Item& item, const std::string& extra, Clock::time_point now,
                        const std::string& request_key) {
  Resolver resolver(context_.deployment(), context_.snapshot(), &context_.options().secrets);
  std::set<std::string> secret_inputs;  // of the do action: hashed by name only
  auto resolve = [&](const std::optional<Action>& action,
                     std::vector<std::pair<std::string, std::string>>& out) {
    if (!action) return true;
    out = BaseEnv(item);
    bool is_do = &action == &item.op->run;
    for (const auto& [name, value] : action->env.items()) {
      resolver.ClearUsedSecret();
      auto v = resolver.Resolve(value);
      if (!v) return false;
      out.emplace_back(name, EnvText(*v));
      if (is_do && resolver.used_secret()) secret_inputs.insert(name);
    }
    ApplySettings(*action, out);
    return true;
  };
  auto run = std::make_unique<Run>();
  if (!resolve(item.op->run, run->do_env) || !resolve(item.op->check, run->check_env)) {
    if (!resolver.error().empty()) {
      run_ = std::move(run);
      run_->item = item;
      run_->started = now;
      Fail(item.label + ": " + resolver.error(), "", now);
      return true;
    }
    return Waiting(resolver.missing() + " (for " + item.label + ")");
  }
  waiting_for_.clear();
  run->item = item;
  run->started = now;
  std::string inputs = item.key + "\n" + extra;
  if (item.op->run) {
    inputs += "\n" + item.op->run->run;
    for (const Artifact& a : manifest_.artifacts) {
      if (a.path == item.op->run->run) inputs += "\n" + a.sha256.value_or("missing");
    }
  }
  for (const auto& [k, v] : run->do_env) {
    // Who leads is not an input of the step: a new leader re-runs nothing by itself.
    if (k.rfind("TOSCA_LEADER", 0) == 0) continue;
    // The store must not hold something a secret can be guessed back from: a secret is an
    // input by its name only, so a new secret alone re-runs nothing (docs/security.md).
    inputs += "\n" + k + "=" + (secret_inputs.count(k) ? "<secret>" : v);
  }
  run->hash = Fnv(inputs);
  std::string dir = context_.options().log_dir + "/" + EncodeKeyPart(manifest_.node);
  run->log_path = dir + "/" + item.key + ".log";
  run->outputs_path = dir + "/" + item.key + ".outputs";
  run->request_key = request_key;
  run_ = std::move(run);

  bool has_check = item.op->check && !item.op->check->run.empty();
  bool has_do = item.op->run && !item.op->run->run.empty();
  if (!item.doing.empty() && !verifying_ && (has_check || has_do)) {
    bool behind = mode_ == Mode::kDown ? DownRank(state_) < DownRank(item.doing)
                                       : UpRank(state_) < UpRank(item.doing);
    // Passing: if a process runs under it, it reaches the store first (StartProcess flushes).
    if (behind) SetStatePassing(item.doing);
  }
  if (!request_key.empty() && has_do) {
    // Asked for explicitly: it runs, whatever a check or an earlier success says.
    StartDo(now);
    return true;
  }
  if (has_check) return StartProcess(*item.op->check, Phase::kCheckBefore, now);
  if (!has_do) {
    Complete(now);
    return true;
  }
  const std::string* done = context_.Get(Key("done/" + item.key));
  if (done && *done == run_->hash) {
    Complete(now);
    return true;
  }
  StartDo(now);
  return true;
}

void NodeMachine::StartDo(Clock::time_point now) {
  const Item& item = run_->item;
  if (!item.doing.empty()) SetState(item.doing);
  run_->ran_do = true;
  StartProcess(*item.op->run, Phase::kDo, now);
}

bool NodeMachine::StartProcess(const Action& action, Phase phase, Clock::time_point now) {
  Run& run = *run_;
  run.ran_process = true;
  run.phase = phase;
  run.phase_started = now;
  exec::Command command;
  command.program = context_.options().deployment_dir + "/" + action.run;
  command.working_dir = context_.options().deployment_dir;
  command.env = phase == Phase::kDo ? run.do_env : run.check_env;
  command.timeout = std::chrono::seconds(action.timeout_s);
  const char* what = phase == Phase::kDo ? "do" : "check";
  command.output_path = run.log_path;
  command.redact = context_.options().secrets.texts;
  // Only a step that runs something has output: one with nothing to run makes no directory
  // (a mkdir per node and step was most of the time of 1,000 no-op nodes).
  std::error_code ec;
  fs::create_directories(fs::path(run.log_path).parent_path(), ec);
  if (phase == Phase::kDo) {
    fs::remove(run.outputs_path, ec);
    command.env.emplace_back("TOSCA_OUTPUTS", run.outputs_path);
  }
  AppendLine(run.log_path, std::string("--- ") + what + " " + action.run + " (attempt " +
                               std::to_string(failures_ + 1) + ")");
  Json activity = {{"step", run.item.label}, {"phase", what}, {"attempt", failures_ + 1}};
  context_.Put(Key("activity"), activity.dump());
  // What the step follows from (the states it waited for, this node's `<step>ing`) is in the
  // store before the step can change anything.
  context_.Flush();
  run.process = exec::Process::Start(command);
  return true;
}

bool NodeMachine::Advance(Clock::time_point now) {
  auto outcome = run_->process->Poll();
  if (!outcome) return false;
  Run& run = *run_;
  const Operation& op = *run.item.op;
  switch (run.phase) {
    case Phase::kCheckBefore:
      if (outcome->ok()) {
        Complete(now);
        return true;
      }
      if (outcome->kind != exec::Outcome::Kind::kExited) {
        Fail("check of " + run.item.label + " " + outcome->Describe(), exec::Tail(run.log_path),
             now);
        return true;
      }
      if (!op.run || op.run->run.empty()) {
        Complete(now);
        return true;
      }
      if (verifying_) {
        context_.log().Note(manifest_.node,
                            "check of " + run.item.label + " fails: running it again (healing)");
      }
      StartDo(now);
      return true;
    case Phase::kDo:
      if (!outcome->ok()) {
        Fail(run.item.label + " " + outcome->Describe(), exec::Tail(run.log_path), now);
        return true;
      }
      PublishOutputs();
      if (op.check && !op.check->run.empty()) {
        StartProcess(*op.check, Phase::kCheckAfter, now);
        return true;
      }
      Complete(now);
      return true;
    case Phase::kCheckAfter:
      if (outcome->ok()) {
        Complete(now);
        return true;
      }
      Fail(run.item.label + " ran, but its check still fails (" + outcome->Describe() + ")",
           exec::Tail(run.log_path), now);
      return true;
  }
  return true;
}

void NodeMachine::Complete(Clock::time_point now) {
  std::unique_ptr<Run> run = std::move(run_);
  const Item& item = run->item;
  failures_ = 0;
  if (run->ran_do) context_.Put(Key("done/" + item.key), run->hash);
  if (!run->reaction_key.empty()) reacted_[run->reaction_key] = run->fingerprint;
  if (!run->request_key.empty()) {
    // The request goes before the reply appears: whoever sees the reply sees it done.
    context_.Delete(run->request_key);
    context_.Put(Key("replies/" + run->request_key.substr(run->request_key.rfind('/') + 1)),
                 Json({{"ok", true}, {"message", ""}}).dump());
  }
  std::string shown = item.done.empty() ? "done" : item.done;
  // The log line comes first: whoever reads the new state logs after it.
  if (run->ran_do || !verifying_) {
    bool has_check = item.op->check && !item.op->check->run.empty();
    std::string how = run->ran_do ? "" : has_check ? "(check passed)" : "(nothing to run)";
    if (!run->ran_do && !has_check && item.op->run && !item.op->run->run.empty()) {
      how = "(done earlier)";
    }
    context_.log().Transition(manifest_.node, item.label, shown, Since(run->started, now), how);
  }
  if (!item.done.empty()) {
    bool behind = mode_ == Mode::kDown ? DownRank(state_) < DownRank(item.done)
                                       : UpRank(state_) < UpRank(item.done);
    // "started" waits for the end of the plan: add_target and the like run after start.
    // Reached by running nothing, it says nothing the next state will not: it may pass.
    if (behind && item.done != "started") {
      if (run->ran_process) {
        SetState(item.done);
      } else {
        SetStatePassing(item.done);
      }
    }
  }
  if (run->reaction_key.empty() && run->request_key.empty()) ++next_;
}

void NodeMachine::Fail(const std::string& message, const std::string& output,
                       Clock::time_point now) {
  std::unique_ptr<Run> run = std::move(run_);
  const Item& item = run->item;
  context_.log().Transition(manifest_.node, item.label, "error", Since(run->started, now), message);
  Json error = {
      {"step", item.label}, {"message", message}, {"output", output}, {"attempt", failures_ + 1}};
  if (!run->request_key.empty()) {
    // An operation someone asked for: report, do not retry, leave the node's state alone.
    context_.Delete(run->request_key);
    context_.Put(Key("replies/" + run->request_key.substr(run->request_key.rfind('/') + 1)),
                 Json({{"ok", false}, {"message", message}, {"output", output}}).dump());
    return;
  }
  context_.Put(Key("error"), error.dump());
  int retries = item.op->run ? item.op->run->retries : 0;
  if (failures_ < retries) {
    ++failures_;
    // Exponential backoff with jitter, so agents that failed together do not retry together.
    static thread_local std::mt19937 rng(std::random_device{}());
    double factor = std::uniform_real_distribution<double>(0.5, 1.5)(rng);
    auto base = context_.options().retry_base * (1LL << std::min(failures_ - 1, 6));
    auto delay = milliseconds(static_cast<int64_t>(static_cast<double>(base.count()) * factor));
    retry_at_ = now + delay;
    context_.log().Note(manifest_.node, "retry " + std::to_string(failures_) + "/" +
                                            std::to_string(retries) + " of " + item.label + " in " +
                                            std::to_string(delay.count()) + " ms");
    return;
  }
  failures_ = 0;
  mode_ = Mode::kFailed;
  SetState("failed");
  context_.log().Transition(manifest_.node, "node", "failed", Since(run->started, now), message);
}

void NodeMachine::PublishOutputs() {
  const Run& run = *run_;
  const Operation& op = *run.item.op;
  exec::Outputs outputs = exec::ReadOutputs(run.outputs_path);
  const Secrets& secrets = context_.options().secrets;
  exec::Redactor redactor(secrets.texts);
  if (!secrets.texts.empty()) {
    // The step wrote the file; the store gets its values redacted, and the file goes.
    std::error_code ec;
    fs::remove(run.outputs_path, ec);
    for (auto& [name, value] : outputs.values) value = redactor.Apply(value);
    for (std::string& e : outputs.errors) e = redactor.Apply(e);
  }
  for (const std::string& e : outputs.errors) {
    context_.log().Note(manifest_.node, run.item.label + ": $TOSCA_OUTPUTS " + e);
  }
  const std::string& dep = context_.deployment();
  for (const auto& [name, value] : outputs.values) {
    context_.Put(OutputKey(dep, manifest_.node, op.interface, op.name, name), Json(value).dump());
    if (!op.outputs.contains(name)) continue;
    const Json& target = op.outputs[name];
    if (!target.is_array() || target.size() < 2 || !target[0].is_string() ||
        !target[1].is_string()) {
      continue;
    }
    std::string entity = target[0].get<std::string>();
    std::string node = entity == "SELF"     ? manifest_.node
                       : entity == "SOURCE" ? run.item.source
                       : entity == "TARGET" ? run.item.target
                                            : entity;
    if (node.empty()) node = manifest_.node;
    context_.Put(AttributeKey(dep, node, target[1].get<std::string>()), Json(value).dump());
  }
}

// Operations asked for by `toscac call`: nodes/<node>/requests/<id> = {interface, operation}.
bool NodeMachine::TickRequests(Clock::time_point now) {
  const std::string prefix = Key("requests/");
  const auto& kvs = context_.snapshot().kvs();
  auto it = kvs.lower_bound(prefix);
  if (it == kvs.end() || it->first.compare(0, prefix.size(), prefix) != 0) return false;
  std::string key = it->first;
  Json request = Json::parse(it->second, nullptr, false);
  const Operation* found = nullptr;
  if (request.is_object() && request["interface"].is_string() && request["operation"].is_string()) {
    for (const Operation& op : manifest_.operations) {
      if (op.interface == request["interface"].get<std::string>() &&
          op.name == request["operation"].get<std::string>()) {
        found = &op;
      }
    }
  }
  if (!found) {
    context_.Put(Key("replies/" + key.substr(prefix.size())),
                 Json({{"ok", false}, {"message", "no such operation on this node"}}).dump());
    context_.Delete(key);
    return true;
  }
  Item item;
  item.op = found;
  item.key = "op-" + EncodeKeyPart(found->interface) + "-" + EncodeKeyPart(found->name);
  item.label = found->interface + "." + found->name;
  item.gate = Gate::kNone;
  bool was_verifying = verifying_;
  verifying_ = false;
  bool begun = Begin(item, key, now, key);
  verifying_ = was_verifying;
  return begun;
}

}  // namespace toscac::agent
