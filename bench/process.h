#pragma once
// What the benchmark measures of whole processes: its own peak memory, and the wall time of
// spawning another program.
#include <string>
#include <vector>

namespace toscac::bench {

// The peak resident set size so far, in bytes (VmHWM of /proc/self/status); 0 if unknown.
std::size_t PeakResidentBytes();

// Runs `argv` `runs` times, standard output and error to /dev/null, and returns the median
// wall time of one run in seconds; negative when a run could not be spawned or failed.
double MedianSpawnSeconds(const std::vector<std::string>& argv, int runs);

}  // namespace toscac::bench
