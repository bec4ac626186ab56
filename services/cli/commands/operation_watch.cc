// factflowctl operations watch ID: follows an operation through WatchOperation (the service
// pushes each change, no polling), with the progress bar, counts and ETA of progress.h, until it
// is no longer RUNNING; gives up only when nothing came for the stall timeout.

#include <fmt/core.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/operations.h"
#include "format.h"
#include "grpc/call.h"
#include "progress.h"
#include "status/grpc_status.h"

namespace factflow::cli {
namespace {

using invoicing::v1::InvoiceService;
using invoicing::v1::Operation;

// Cancels `context` when `Touch` was not called for `timeout` (a stream that stalls).
class StallWatchdog {
 public:
  StallWatchdog(grpc::ClientContext& context, absl::Duration timeout)
      : thread_([this, &context, timeout](std::stop_token stop) {
          std::unique_lock lock(mutex_);
          while (!stop.stop_requested()) {
            touched_ = false;
            changed_.wait_for(lock, stop, absl::ToChronoMilliseconds(timeout),
                              [this] { return touched_; });
            if (!touched_ && !stop.stop_requested()) {
              stalled_ = true;
              context.TryCancel();
              return;
            }
          }
        }) {}

  void Touch() {
    std::lock_guard lock(mutex_);
    touched_ = true;
    changed_.notify_all();
  }
  bool stalled() {
    std::lock_guard lock(mutex_);
    return stalled_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any changed_;
  bool touched_ = false;
  bool stalled_ = false;
  std::jthread thread_;  // last: stopped and joined first
};

absl::Status RunWatch(Client& client, const std::string& operation_id, bool json) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.Channel(Service::kInvoicingState);
  if (!channel.ok()) return channel.status();
  absl::StatusOr<std::string> token = client.Token();
  if (!token.ok()) return token.status();
  invoicing::v1::GetOperationRequest request;
  request.set_operation_id(operation_id);
  // No fixed deadline: the watchdog ends the stream when nothing came for the stall timeout.
  std::unique_ptr<grpc::ClientContext> context =
      grpcutil::OutgoingContext(*token, absl::Hours(24 * 7));
  auto stub = InvoiceService::NewStub(*channel);
  std::unique_ptr<grpc::ClientReader<Operation>> reader =
      stub->WatchOperation(context.get(), request);
  StallWatchdog watchdog(*context, client.stall_timeout());

  Operation op;
  bool seen = false;
  bool closed = false;  // Finish was called
  // The next state of the operation; finished when the stream ended (the last one read is the
  // final one) or the operation is no longer RUNNING.
  auto next = [&]() -> absl::StatusOr<Progress> {
    if (!reader->Read(&op)) {
      absl::Status end = status::FromGrpc(reader->Finish());
      closed = true;
      if (watchdog.stalled()) {
        return absl::DeadlineExceededError(absl::StrCat(
            "aucune nouvelle de l'opération depuis ", absl::ToInt64Seconds(client.stall_timeout()),
            " s (elle continue peut-être côté serveur) ; pour suivre : ", LookAgain(operation_id)));
      }
      if (!end.ok()) return end;
      if (!seen) {
        return absl::NotFoundError(absl::StrCat("opération ", operation_id, " introuvable"));
      }
      return Progress{op.done() + op.refused(), op.total(), op.step(), true};
    }
    seen = true;
    watchdog.Touch();
    return Progress{op.done() + op.refused(), op.total(), op.step(),
                    op.state() != invoicing::v1::OPERATION_STATE_RUNNING};
  };
  absl::Status status;
  if (json) {
    // Scripts get the final state only: no progress line on stdout.
    for (;;) {
      absl::StatusOr<Progress> progress = next();
      if (!progress.ok() || progress->finished) {
        status = progress.status();
        break;
      }
    }
  } else {
    WaitOptions options{"Suivi de l'opération", LookAgain(operation_id), absl::ZeroDuration(),
                        client.stall_timeout(), StdoutIsTerminal()};
    status = WaitForProgress(
        [&]() -> absl::StatusOr<Progress> {
          absl::StatusOr<Progress> progress = next();
          if (seen) {
            options.what =
                op.kind() == "GENERATION" ? "Génération des factures" : FrenchAction(op.action());
          }
          return progress;
        },
        options);
  }
  if (!closed) {
    // The service may still be writing: cancel, drain and close the stream.
    context->TryCancel();
    Operation rest;
    while (reader->Read(&rest)) {
    }
    (void)reader->Finish();
  }
  if (!status.ok()) return status;
  if (json) {
    PrintJson(op);
    return absl::OkStatus();
  }
  if (op.state() == invoicing::v1::OPERATION_STATE_FAILED) {
    return absl::AbortedError(absl::StrCat("opération échouée : ", op.error()));
  }
  if (op.kind() != "GENERATION") fmt::print("{}", DescribeActionOutcome(op));
  return absl::OkStatus();
}

}  // namespace

void AddOperationWatchCommand(CLI::App& operations, Session& session) {
  struct WatchOptions {
    std::string operation_id;
    bool json = false;
  };
  auto options = std::make_shared<WatchOptions>();
  CLI::App* watch = operations.add_subcommand(
      "watch",
      "Suit une opération en direct (barre de progression, restant estimé) jusqu'à sa fin ; "
      "ex. factflowctl operations watch 5f0c…");
  watch->add_option("ID", options->operation_id, "Identifiant de l'opération")->required();
  AddJsonFlag(watch, &options->json);
  session.OnRun(watch, [&session, options] {
    return RunWatch(session.client(), options->operation_id, options->json);
  });
}

}  // namespace factflow::cli
