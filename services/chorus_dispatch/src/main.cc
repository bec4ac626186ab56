// chorus-dispatch: renders sent invoices, archives them write-once, writes e-invoices.
#include "config/env.h"
#include "grpc/call.h"
#include "grpc/dispatch_service.h"
#include "kafka/sent_invoices_handler.h"
#include "mail/mail_sender.h"
#include "runtime/runtime.h"
#include "spdlog/spdlog.h"

namespace factflow::db {
std::vector<Migration> chorus_dispatch_lib_migrations();
}

int main() {
  using namespace factflow;
  constexpr char kService[] = "chorus-dispatch";
  config::Env env;
  config::ServiceConfig config = config::ReadServiceConfig(env, kService);
  std::string invoicing_address = env.Required("FACTFLOW_INVOICING_STATE_ADDRESS");
  std::string einvoice_dir = env.Optional("FACTFLOW_EINVOICE_DIR", "");
  // The tenants' signing certificates (<tenant>.p12|.pem or default.p12|.pem); signing is off
  // when empty (each archive exchange then says so).
  std::string signing_dir = env.Optional("FACTFLOW_SIGNING_DIR", "");
  std::string signing_password = env.Optional("FACTFLOW_SIGNING_PASSWORD", "");
  // The SMTP relay of the customers' notification e-mails (smtp://host:port); queued mails wait
  // (and show in factflow_pending{what="invoice_mail"}) while it is empty.
  std::string smtp_url = env.Optional("FACTFLOW_SMTP_URL", "");
  int64_t mail_interval_ms = env.Integer("FACTFLOW_MAIL_INTERVAL_MS", 2000, 10, 3600000);
  int64_t mail_first_retry_seconds = env.Integer("FACTFLOW_MAIL_FIRST_RETRY_SECONDS", 30, 1, 3600);
  // How often invoices whose rendering failed are tried again.
  int64_t render_retry_seconds = env.Integer("FACTFLOW_RENDER_RETRY_SECONDS", 300, 1, 86400);
  // Render workers of the archive (0: one per core).
  int64_t render_workers = env.Integer("FACTFLOW_RENDER_WORKERS", 0, 0, 64);
  if (absl::Status s = env.Finish(); !s.ok()) config::ExitOnConfigError(kService, s);

  runtime::Runtime runtime(config);
  if (absl::Status s = runtime.Connect(db::chorus_dispatch_lib_migrations()); !s.ok()) {
    spdlog::critical("cannot start: {}", s.ToString());
    return 1;
  }
  dispatch::DispatchServiceImpl service(runtime);
  runtime.server().AddService(&service);
  std::shared_ptr<dispatch::rendering::TenantSigner> signer;
  if (!signing_dir.empty()) {
    signer = std::make_shared<dispatch::rendering::TenantSigner>(signing_dir, signing_password);
  } else {
    spdlog::warn("FACTFLOW_SIGNING_DIR is empty: archived PDFs are not signed");
  }
  dispatch::SentInvoicesHandler sent(runtime, grpcutil::MakeChannel(invoicing_address),
                                     einvoice_dir, signer, static_cast<size_t>(render_workers));
  runtime.AddConsumer(dispatch::SentInvoicesHandler::kConsumer, {"factflow.invoicing.v1"},
                      [&](const auto& envelope) { return sent.Handle(envelope); });
  std::unique_ptr<dispatch::mail::MailSender> mails;
  if (!config.migrate_only) {
    sent.StartRetrying(absl::Seconds(render_retry_seconds));
    if (!smtp_url.empty()) {
      dispatch::mail::MailSender::Options options;
      options.first_retry = absl::Seconds(mail_first_retry_seconds);
      mails = std::make_unique<dispatch::mail::MailSender>(
          runtime.pool(), std::make_unique<dispatch::mail::SmtpClient>(smtp_url, absl::Seconds(30)),
          options);
      runtime.AddWorker([&] { mails->StartSending(absl::Milliseconds(mail_interval_ms)); },
                        [&] { mails->Stop(); });
    } else {
      spdlog::warn("FACTFLOW_SMTP_URL is empty: customer e-mails stay queued");
    }
  }
  return runtime.Run();
}
