// One upload measured against a running stack (./factflow bench starts one of its own):
// factflowctl's upload (UploadFileStream, the file in 1 MiB chunks), timed from the first byte
// sent to the batch staged in PostgreSQL, with the batch's counts.
//
//   factflow_upload_probe FILE
//   -> "upload wall_s=3.21 rows=99565 documents=68840 valid=68838 issues=4"
//
// The stack's environment (FACTFLOW_IMPORTER_ADDRESS, FACTFLOW_AUTH_SECRET...) gives the
// address and the token, as for factflowctl. The file is uploaded with --allow-duplicate, so the
// probe can be run again on the same stack.
#include <chrono>
#include <cstdio>

#include "client.h"
#include "commands/imports.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: factflow_upload_probe FILE\n");
    return 2;
  }
  const factflow::cli::Settings settings = factflow::cli::Settings::FromEnvironment();
  factflow::cli::Client client(settings);
  factflow::cli::UploadOptions options;
  options.file = argv[1];
  options.allow_duplicate = true;
  const auto start = std::chrono::steady_clock::now();
  auto batch = factflow::cli::UploadFile(client, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!batch.ok()) {
    std::fprintf(stderr, "upload failed: %s\n", std::string(batch.status().message()).c_str());
    return 1;
  }
  std::printf("upload wall_s=%.2f rows=%d documents=%d valid=%d issues=%d\n", seconds,
              batch->rows_read(), batch->document_count(), batch->valid_document_count(),
              batch->issue_count());
  return 0;
}
