#include "domain/ereporting.h"

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;

bool IsFrance(const std::string& country) {
  return country.empty() || country == "FR" || country == "MC";
}

bool Services(const std::string& operation_category) {
  return !operation_category.empty() &&
         (operation_category[0] == 'S' || operation_category[0] == 'M');
}

std::string TransactionCategory(const EReportingDocument& document,
                                const EReportingVatGroup& group) {
  const bool french_vat = (group.category == "S" || group.category == "Z") && !document.oss;
  if (!french_vat) return "TNT1";
  return !document.operation_category.empty() && document.operation_category[0] == 'S' ? "TPS1"
                                                                                        : "TLB1";
}

}  // namespace

bool IsEReported(const EReportingDocument& document) {
  return !document.business_buyer || !IsFrance(document.buyer_country);
}

void EReportingAggregator::Add(const EReportingDocument& document) {
  if (!IsEReported(document)) {
    ++excluded_;
    return;
  }
  ++reported_;
  for (const EReportingVatGroup& group : document.groups) {
    const Decimal basis = document.credit_note ? -group.basis : group.basis;
    const Decimal vat = document.credit_note ? -group.vat : group.vat;
    std::string transaction = TransactionCategory(document, group);
    Key key{document.issue_date, transaction, group.category, group.rate.raw()};
    auto [it, inserted] = totals_.try_emplace(key);
    EReportingTotal& total = it->second;
    if (inserted) {
      total.date = document.issue_date;
      total.transaction_category = std::move(transaction);
      total.vat_category = group.category;
      total.rate = group.rate;
    }
    ++total.operations;
    total.basis += basis;
    total.vat += vat;
    total_basis_ += basis;
    total_vat_ += vat;
    if (document.paid && Services(document.operation_category)) {
      auto [pay, fresh] = payments_.try_emplace({document.issue_date, group.rate.raw()});
      if (fresh) {
        pay->second.date = document.issue_date;
        pay->second.rate = group.rate;
      }
      pay->second.amount += basis + vat;
    }
  }
}

std::vector<EReportingTotal> EReportingAggregator::Totals() const {
  std::vector<EReportingTotal> out;
  out.reserve(totals_.size());
  for (const auto& [key, total] : totals_) out.push_back(total);
  return out;
}

std::vector<EReportingPayment> EReportingAggregator::Payments() const {
  std::vector<EReportingPayment> out;
  out.reserve(payments_.size());
  for (const auto& [key, payment] : payments_) out.push_back(payment);
  return out;
}

}  // namespace factflow::invoicing::domain
