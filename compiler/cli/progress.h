#pragma once
// Live progress of a deployment for `toscac up` and `toscac down`: on a terminal, a table of
// nodes (state, step, time in that state) redrawn in place; otherwise one line per change.
#include <chrono>
#include <map>
#include <ostream>
#include <string>

#include "core/status.h"

namespace toscac::cli {

class Progress {
 public:
  Progress(std::ostream& out, bool tty);
  void Update(const agent::DeploymentStatus& d);
  // Leaves the last table on screen and moves below it.
  void Finish();
  double Elapsed() const;

 private:
  struct Seen {
    std::string state, step;
    std::chrono::steady_clock::time_point since;
  };
  void Draw(const agent::DeploymentStatus& d);

  std::ostream& out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::map<std::string, Seen> seen_;
  int drawn_lines_ = 0;
};

std::string StepOf(const agent::NodeStatus& n);

}  // namespace toscac::cli
