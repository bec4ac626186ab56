#pragma once

// What the process probes of ./factflow bench measure of themselves (getrusage): CPU time (user +
// system) and peak resident memory. Header-only, shared by the *_probe.cc programs.

#include <sys/resource.h>

namespace factflow::bench {

// CPU seconds used by this process so far.
inline double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Peak resident set size of this process, in MiB.
inline double PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace factflow::bench
