#include "cli/progress.h"

#include <cstdio>

namespace toscac::cli {

namespace {
std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", s);
  return buf;
}
}  // namespace

std::string StepOf(const agent::NodeStatus& n) {
  if (!n.activity.is_object() || !n.activity["step"].is_string()) return "";
  bool busy = n.state.size() > 3 && n.state.compare(n.state.size() - 3, 3, "ing") == 0;
  if (!busy) return "";
  std::string step = n.activity["step"].get<std::string>();
  if (n.activity["phase"].is_string()) step += " (" + n.activity["phase"].get<std::string>() + ")";
  return step;
}

Progress::Progress(std::ostream& out, bool tty)
    : out_(out), tty_(tty), start_(std::chrono::steady_clock::now()) {}

double Progress::Elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::Update(const agent::DeploymentStatus& d) {
  auto now = std::chrono::steady_clock::now();
  bool changed = false;
  for (const agent::NodeStatus& n : d.nodes) {
    std::string step = StepOf(n);
    auto [it, inserted] = seen_.try_emplace(n.node, Seen{n.state, step, now});
    if (!inserted && it->second.state == n.state && it->second.step == step) continue;
    if (!inserted && it->second.state != n.state) it->second.since = now;
    it->second.state = n.state;
    it->second.step = step;
    changed = true;
    if (!tty_) {
      out_ << Pad(Seconds(Elapsed()), 8) << Pad(n.node, 16) << n.state
           << (step.empty() ? "" : " " + step) << "\n";
    }
  }
  if (tty_) Draw(d);
  if (changed) out_.flush();
}

void Progress::Draw(const agent::DeploymentStatus& d) {
  auto now = std::chrono::steady_clock::now();
  if (drawn_lines_ > 0) out_ << "\x1b[" << drawn_lines_ << "F";
  size_t width = 6;
  for (const agent::NodeStatus& n : d.nodes) width = std::max(width, n.node.size() + 2);
  out_ << "\x1b[2K\x1b[1m" << Pad("NODE", width) << Pad("STATE", 13) << Pad("STEP", 32)
       << "TIME\x1b[0m\n";
  for (const agent::NodeStatus& n : d.nodes) {
    const Seen& s = seen_[n.node];
    double in_state = std::chrono::duration<double>(now - s.since).count();
    const char* color = n.state == "started" || n.state == "deleted" ? "\x1b[32m"
                        : n.state == "failed"                        ? "\x1b[31m"
                                                                     : "\x1b[33m";
    out_ << "\x1b[2K" << Pad(n.node, width) << color << Pad(n.state, 13) << "\x1b[0m"
         << Pad(s.step, 32) << Seconds(in_state) << "\n";
  }
  out_ << "\x1b[2K" << d.name << ": " << Seconds(Elapsed()) << "\n";
  drawn_lines_ = static_cast<int>(d.nodes.size()) + 2;
  out_.flush();
}

void Progress::Finish() { drawn_lines_ = 0; }

}  // namespace toscac::cli
