#pragma once

// Runs a Chorus Pro export (seed 003, domain.md §5) once its candidates are chosen: the files of
// the included documents (the signed Factur-X PDF or the CII XML, from the write-once archive)
// go into ZIP lots within Chorus Pro's limits, written to
// <export dir>/<tenant>/<export id>/lot-NNN.zip, with rapport.csv listing every candidate: its
// file, lot and SHA-256, or why it was left out. Each lot is written (temporary file renamed)
// and then recorded in one transaction with its documents, the exchanges and the progress, so
// a restart resumes at the first lot not recorded (ResumeRunning). Memory is bounded by one lot
// (LotLimits), whatever the number of documents.
//
// Thread safety: Launch and ResumeRunning may be called from any thread; each export runs on a
// thread of its own, joined by the destructor (which asks them to stop between two chunks).

#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "db/pool.h"
#include "domain/chorus_export.h"

namespace factflow::dispatch::chorus {

class ChorusExporter {
 public:
  struct Options {
    // Empty: exports fail with a French message naming FACTFLOW_CHORUS_EXPORT_DIR.
    std::filesystem::path export_dir;
    domain::LotLimits limits;
    int chunk = 50;  // documents read per query
  };

  ChorusExporter(db::Pool& pool, Options options) : pool_(pool), options_(std::move(options)) {}
  ~ChorusExporter();

  // Runs the RUNNING export on a thread of its own.
  void Launch(std::string tenant_id, std::string export_id);
  // Launches every export left RUNNING (after a restart).
  absl::Status ResumeRunning();
  // Runs the RUNNING export to its end on the calling thread. The export ends SUCCEEDED, or
  // FAILED with a French error (the cause is logged); the returned status is the cause.
  absl::Status Run(const std::string& tenant_id, const std::string& export_id);

 private:
  absl::Status RunAndRecord(const std::string& tenant_id, const std::string& export_id,
                            std::stop_token stop);
  absl::Status RunSteps(const std::string& tenant_id, const std::string& export_id,
                        std::stop_token stop);
  absl::Status WriteReport(const std::string& tenant_id, const std::string& export_id);

  db::Pool& pool_;
  Options options_;
  std::mutex mu_;
  std::vector<std::jthread> threads_;
};

}  // namespace factflow::dispatch::chorus
