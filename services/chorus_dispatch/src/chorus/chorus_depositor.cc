#include "chorus/chorus_depositor.h"

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "files/confined_path.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/chorus_deposit_repository.h"

namespace factflow::dispatch::chorus {
namespace {

constexpr int kClaimBatch = 5;
constexpr int kReportBatch = 20;
constexpr int kFollowBatch = 500;
constexpr size_t kSearchChunk = 100;

absl::StatusOr<std::string> ReadLot(const std::filesystem::path& root,
                                    const storage::ClaimedDeposit& d) {
  absl::StatusOr<std::filesystem::path> path = files::ConfinedPath(
      root, {files::SafeFileName(d.tenant_id), files::SafeFileName(d.export_id), d.file_name});
  if (!path.ok()) return path.status();
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le lot ", d.file_name, " n'est plus dans le dossier d'export : exportez à nouveau"));
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

absl::StatusOr<ChorusDepositor::Pass> ChorusDepositor::RunOnce() {
  Pass pass;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    if (int expired = storage::ExpireLeases(tx); expired > 0) {
      spdlog::warn("{} Chorus deposit(s) left SENDING are now UNCERTAIN", expired);
    }
    return absl::OkStatus();
  }));
  FACTFLOW_RETURN_IF_ERROR(Deposit(pass));
  FACTFLOW_RETURN_IF_ERROR(Reports(pass));
  FACTFLOW_RETURN_IF_ERROR(Statuses(pass));
  return pass;
}

absl::Status ChorusDepositor::Deposit(Pass& pass) {
  std::vector<storage::ClaimedDeposit> claimed;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    claimed = storage::ClaimDue(tx, kClaimBatch, options_.lease);
    return absl::OkStatus();
  }));
  for (const storage::ClaimedDeposit& d : claimed) {
    absl::StatusOr<PisteClient::DepositReceipt> receipt;
    absl::StatusOr<std::string> zip = ReadLot(options_.export_dir, d);
    if (zip.ok()) {
      receipt = piste_->DepositFlux(*zip, d.file_name, d.syntax_flux);
    } else {
      receipt = zip.status();
    }
    FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
      if (receipt.ok()) {
        storage::RecordDeposited(tx, d, receipt->flux_number);
        storage::PublishStatuses(tx, d.tenant_id, d.deposit_id);
        ++pass.deposited;
        return absl::OkStatus();
      }
      bool transient = absl::IsUnavailable(receipt.status());
      bool final = !transient || d.attempts >= options_.max_attempts;
      absl::Duration back_off = std::min(
          options_.first_retry * static_cast<double>(int64_t{1} << std::min(d.attempts - 1, 20)),
          absl::Hours(1));
      storage::RecordDepositFailure(tx, d, std::string(receipt.status().message()), back_off,
                                    final);
      if (final) storage::PublishStatuses(tx, d.tenant_id, d.deposit_id);
      ++(final ? pass.failed : pass.retried);
      return absl::OkStatus();
    }));
  }
  return absl::OkStatus();
}

absl::Status ChorusDepositor::Reports(Pass& pass) {
  std::vector<storage::ClaimedDeposit> due;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    due = storage::DueReports(tx, kReportBatch);
    return absl::OkStatus();
  }));
  for (const storage::ClaimedDeposit& d : due) {
    absl::StatusOr<PisteClient::FluxReport> report = piste_->ConsultReport(d.flux_number);
    FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
      if (!report.ok()) {
        spdlog::warn("Chorus report of flux {}: {}", d.flux_number, report.status().ToString());
        storage::RecordReportPending(tx, d.deposit_id, options_.poll);
        return absl::OkStatus();
      }
      std::vector<storage::InvoiceRejection> rejections;
      for (const auto& e : report->errors) {
        rejections.push_back({e.invoice_number, e.field, e.message});
      }
      if (report->state == "IN_INTEGRE" || report->state == "IN_INTEGRE_PARTIEL") {
        storage::RecordReport(tx, d, true, {});
        // Partly integrated: the invoices Chorus Pro names are sent back, field by field.
        std::vector<std::string> sent_back;
        for (const auto& r : rejections) {
          storage::RecordInvoiceStatus(tx, d.tenant_id, r.invoice_number, "REJETEE",
                                       absl::StrCat(r.field, " : ", r.reason));
          sent_back.push_back(r.invoice_number);
        }
        storage::PublishStatuses(tx, d.tenant_id, "", sent_back);
        ++pass.reports;
      } else if (report->state == "IN_REJETE") {
        storage::RecordReport(tx, d, false, rejections);
        storage::PublishStatuses(tx, d.tenant_id, d.deposit_id);
        ++pass.reports;
      } else {
        storage::RecordReportPending(tx, d.deposit_id, options_.poll);
      }
      return absl::OkStatus();
    }));
  }
  return absl::OkStatus();
}

absl::Status ChorusDepositor::Statuses(Pass& pass) {
  std::vector<std::pair<std::string, std::string>> follow;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    follow = storage::InvoicesToFollow(tx, kFollowBatch);
    return absl::OkStatus();
  }));
  std::map<std::string, std::vector<std::string>> by_tenant;
  for (auto& [tenant, number] : follow) by_tenant[tenant].push_back(number);
  for (const auto& [tenant, numbers] : by_tenant) {
    for (size_t at = 0; at < numbers.size(); at += kSearchChunk) {
      std::vector<std::string> chunk(
          numbers.begin() + static_cast<ptrdiff_t>(at),
          numbers.begin() + static_cast<ptrdiff_t>(std::min(numbers.size(), at + kSearchChunk)));
      absl::StatusOr<std::vector<PisteClient::InvoiceStatus>> statuses =
          piste_->SearchInvoices(chunk);
      if (!statuses.ok()) {
        spdlog::warn("Chorus invoice statuses: {}", statuses.status().ToString());
        return absl::OkStatus();  // asked again at the next pass
      }
      FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
        std::vector<std::string> changed;
        for (const auto& s : *statuses) {
          if (storage::RecordInvoiceStatus(tx, tenant, s.invoice_number, s.status, s.reason)) {
            changed.push_back(s.invoice_number);
          }
        }
        pass.statuses += static_cast<int>(changed.size());
        if (!changed.empty()) storage::PublishStatuses(tx, tenant, "", changed);
        return absl::OkStatus();
      }));
    }
  }
  return absl::OkStatus();
}

void ChorusDepositor::Start(absl::Duration interval) {
  thread_ = std::jthread([this, interval](std::stop_token stop) {
    while (!stop.stop_requested()) {
      absl::StatusOr<Pass> pass = RunOnce();
      if (!pass.ok()) spdlog::warn("chorus deposits: {}", pass.status().ToString());
      std::mutex mutex;
      std::unique_lock lock(mutex);
      std::condition_variable_any().wait_for(lock, stop, absl::ToChronoMilliseconds(interval),
                                             [] { return false; });
    }
  });
}

}  // namespace factflow::dispatch::chorus
