// chorus-dispatch: renders sent invoices, archives them write-once, writes e-invoices.
#include "config/env.h"
#include "grpc/call.h"
#include "chorus/chorus_depositor.h"
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
  // The Chorus Pro export: <dir>/<tenant>/<export id>/lot-NNN.zip and rapport.csv; exports are
  // refused while it is empty. The lot limits default to Chorus Pro's (120 MB per deposit).
  dispatch::chorus::ChorusExporter::Options chorus_export;
  chorus_export.export_dir = env.Optional("FACTFLOW_CHORUS_EXPORT_DIR", "");
  chorus_export.limits.max_lot_bytes =
      env.Integer("FACTFLOW_CHORUS_LOT_MAX_BYTES", 120'000'000, 1024, 120'000'000);
  chorus_export.limits.max_lot_files =
      static_cast<int>(env.Integer("FACTFLOW_CHORUS_LOT_MAX_FILES", 1000, 1, 100000));
  // Chorus Pro through PISTE (OAuth2 client credentials + the technical account); deposits are
  // refused while the URLs are empty. The local stack points them at deploy/piste.
  dispatch::chorus::PisteConfig piste;
  piste.api_url = env.Optional("FACTFLOW_PISTE_URL", "");
  piste.token_url = env.Optional("FACTFLOW_PISTE_TOKEN_URL", "");
  piste.client_id = env.Optional("FACTFLOW_PISTE_CLIENT_ID", "");
  piste.client_secret = env.Optional("FACTFLOW_PISTE_CLIENT_SECRET", "");
  piste.login = env.Optional("FACTFLOW_CHORUS_LOGIN", "");
  piste.password = env.Optional("FACTFLOW_CHORUS_PASSWORD", "");
  dispatch::chorus::ChorusDepositor::Options deposit_options;
  deposit_options.export_dir = chorus_export.export_dir;
  deposit_options.first_retry =
      absl::Seconds(env.Integer("FACTFLOW_CHORUS_FIRST_RETRY_SECONDS", 30, 1, 3600));
  deposit_options.poll = absl::Seconds(env.Integer("FACTFLOW_CHORUS_POLL_SECONDS", 60, 1, 86400));
  int64_t deposit_interval_ms = env.Integer("FACTFLOW_CHORUS_INTERVAL_MS", 5000, 10, 3600000);
  // Render workers of the archive (0: one per core).
  int64_t render_workers = env.Integer("FACTFLOW_RENDER_WORKERS", 0, 0, 64);
  if (absl::Status s = env.Finish(); !s.ok()) config::ExitOnConfigError(kService, s);

  runtime::Runtime runtime(config);
  if (absl::Status s = runtime.Connect(db::chorus_dispatch_lib_migrations()); !s.ok()) {
    spdlog::critical("cannot start: {}", s.ToString());
    return 1;
  }
  dispatch::DispatchServiceImpl service(runtime);
  std::unique_ptr<dispatch::chorus::ChorusExporter> exporter;
  if (!chorus_export.export_dir.empty()) {
    exporter = std::make_unique<dispatch::chorus::ChorusExporter>(runtime.pool(), chorus_export);
    service.SetChorusExporter(exporter.get());
  } else {
    spdlog::warn("FACTFLOW_CHORUS_EXPORT_DIR is empty: Chorus Pro exports are refused");
  }
  std::unique_ptr<dispatch::chorus::ChorusDepositor> depositor;
  if (piste.configured() && !chorus_export.export_dir.empty()) {
    depositor = std::make_unique<dispatch::chorus::ChorusDepositor>(
        runtime.pool(), std::make_unique<dispatch::chorus::PisteClient>(piste), deposit_options);
    service.EnableChorusDeposits();
  } else {
    spdlog::warn("FACTFLOW_PISTE_URL / FACTFLOW_PISTE_TOKEN_URL empty: Chorus Pro deposits are "
                 "refused");
  }
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
  service.SetRenderRetry(
      [&sent](const std::string& tenant_id, const std::vector<std::string>& ids) {
        return sent.RetryInvoices(tenant_id, ids);
      });
  std::unique_ptr<dispatch::mail::MailSender> mails;
  if (!config.migrate_only) {
    sent.StartRetrying(absl::Seconds(render_retry_seconds));
    if (depositor) {
      runtime.AddWorker([&] { depositor->Start(absl::Milliseconds(deposit_interval_ms)); },
                        [&] { depositor->Stop(); });
    }
    if (exporter) {
      if (absl::Status s = exporter->ResumeRunning(); !s.ok()) {
        spdlog::error("cannot resume the running Chorus exports: {}", s.ToString());
      }
    }
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
