// InvoiceService.ExportEReporting: the e-reporting data of one month (domain/ereporting.h),
// folded from the period's invoices read in keyset pages (storage/ereporting_repository.h):
// memory grows with the days and rates of the month, not with its number of invoices.

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/civil_date.h"
#include "domain/ereporting.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/roles.h"
#include "money/decimal_wire.h"
#include "storage/ereporting_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

using money::Decimal;

constexpr int kPageSize = 1000;
constexpr char kFormat[] = "factflow-ereporting/1";

// "AAAA-MM" -> [first day, first day of the next month).
absl::StatusOr<std::pair<std::string, std::string>> ParsePeriod(const std::string& period) {
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat("period : ", validation::Echo(period),
                                                   " n'est pas un mois AAAA-MM (ex. 2026-11)"));
  };
  if (period.size() != 7 || period[4] != '-') return invalid();
  absl::StatusOr<absl::CivilDay> first = domain::ParseIsoDate(period + "-01");
  if (!first.ok()) return invalid();
  return std::make_pair(domain::ToIsoDate(*first),
                        domain::ToIsoDate(domain::LastDayOfMonth(*first) + 1));
}

// The report's view of an issued document; nullopt when an amount is unreadable.
std::optional<domain::EReportingDocument> ToReportDocument(const v1::Invoice& invoice) {
  domain::EReportingDocument doc;
  doc.issue_date = invoice.issue_date();
  doc.credit_note = invoice.type_code() == "381";
  const v1::Party& buyer = invoice.buyer();
  doc.business_buyer = !buyer.siren().empty() || !buyer.siret().empty() ||
                       !buyer.vat_number().empty() || !buyer.legal_form().empty();
  doc.buyer_country = invoice.has_delivery_address() &&
                              !invoice.delivery_address().country_code().empty()
                          ? invoice.delivery_address().country_code()
                          : buyer.address().country_code();
  doc.operation_category = invoice.operation_category();
  doc.oss = !invoice.oss_country().empty();
  std::optional<Decimal> due = money::FromWire(invoice.amount_due());
  std::optional<Decimal> total = money::FromWire(invoice.total_with_vat());
  if (!due || !total) return std::nullopt;
  doc.paid = due->is_zero() && !total->is_zero();
  for (const v1::VatBreakdown& group : invoice.vat_breakdown()) {
    std::optional<Decimal> rate = money::FromWire(group.vat_rate());
    std::optional<Decimal> basis = money::FromWire(group.basis());
    std::optional<Decimal> vat = money::FromWire(group.vat_amount());
    if (!rate || !basis || !vat) return std::nullopt;
    doc.groups.push_back({group.vat_category(), *rate, *basis, *vat});
  }
  return doc;
}

void FillReport(const domain::EReportingAggregator& aggregator, v1::EReportingReport& report) {
  for (const domain::EReportingTotal& total : aggregator.Totals()) {
    v1::EReportingTransaction* out = report.add_transactions();
    out->set_date(total.date);
    out->set_transaction_category(total.transaction_category);
    out->set_vat_category(total.vat_category);
    *out->mutable_vat_rate() = money::ToWire(total.rate, 2);
    out->set_operations(total.operations);
    *out->mutable_taxable_base() = money::ToWire(total.basis);
    *out->mutable_vat_amount() = money::ToWire(total.vat);
  }
  for (const domain::EReportingPayment& payment : aggregator.Payments()) {
    v1::EReportingPayment* out = report.add_payments();
    out->set_date(payment.date);
    *out->mutable_vat_rate() = money::ToWire(payment.rate, 2);
    *out->mutable_amount() = money::ToWire(payment.amount);
  }
  report.set_reported_documents(aggregator.reported_documents());
  report.set_excluded_documents(aggregator.excluded_documents());
  *report.mutable_total_taxable_base() = money::ToWire(aggregator.total_basis());
  *report.mutable_total_vat() = money::ToWire(aggregator.total_vat());
}

}  // namespace

grpc::Status InvoiceServiceImpl::ExportEReporting(grpc::ServerContext* context,
                                                  const v1::ExportEReportingRequest* request,
                                                  v1::EReportingReport* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ExportEReporting", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(auto range, ParsePeriod(request->period()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, principal.tenant_id));
          domain::EReportingAggregator aggregator;
          std::string unreadable;
          storage::ForEachInvoiceIssued(
              tx, principal.tenant_id, range.first, range.second, kPageSize,
              [&](const v1::Invoice& invoice) {
                std::optional<domain::EReportingDocument> doc = ToReportDocument(invoice);
                if (doc) {
                  aggregator.Add(*doc);
                } else if (unreadable.empty()) {
                  unreadable = invoice.number();
                }
              });
          if (!unreadable.empty()) {
            return absl::DataLossError(absl::StrCat("facture ", validation::Echo(unreadable),
                                                    " : montant illisible, rapport non produit"));
          }
          response->set_period(request->period());
          response->set_seller_siren(tenant.company().siren());
          response->set_format(kFormat);
          FillReport(aggregator, *response);
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::invoicing
