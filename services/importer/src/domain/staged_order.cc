#include "domain/staged_order.h"

#include <algorithm>

namespace factflow::importer::domain {
namespace {

bool AnyError(const std::vector<Issue>& issues) {
  return std::any_of(issues.begin(), issues.end(),
                     [](const Issue& issue) { return issue.severity == Severity::kError; });
}

}  // namespace

int64_t HeldBytes(const std::string& text) {
  // libstdc++ keeps up to 15 characters inline.
  return text.capacity() > 15 ? static_cast<int64_t>(text.capacity()) + 1 : 0;
}

int64_t HeldBytes(const Issue& issue) {
  return HeldBytes(issue.file_name) + HeldBytes(issue.column) + HeldBytes(issue.field) +
         HeldBytes(issue.header) + HeldBytes(issue.message);
}

namespace {

int64_t IssuesBytes(const std::vector<Issue>& issues) {
  int64_t bytes = static_cast<int64_t>(issues.capacity() * sizeof(Issue));
  for (const Issue& issue : issues) bytes += HeldBytes(issue);
  return bytes;
}

int64_t AddressBytes(const Address& a) {
  return HeldBytes(a.line1) + HeldBytes(a.line2) + HeldBytes(a.line3) + HeldBytes(a.postal_code) +
         HeldBytes(a.city) + HeldBytes(a.country) + HeldBytes(a.country_code);
}

}  // namespace

int64_t HeldBytes(const StagedLine& line) {
  int64_t bytes = HeldBytes(line.line_id) + HeldBytes(line.seller_sku) + HeldBytes(line.ean) +
                  HeldBytes(line.fnac_ref) + HeldBytes(line.label) + HeldBytes(line.condition) +
                  IssuesBytes(line.issues);
  bytes += static_cast<int64_t>(line.extra.capacity() * sizeof(line.extra[0]));
  for (const auto& [header, text] : line.extra) bytes += HeldBytes(header) + HeldBytes(text);
  return bytes;
}

int64_t HeldBytesOfOrderFields(const StagedOrder& order) {
  const Buyer& b = order.buyer;
  return HeldBytes(order.order_id) + HeldBytes(order.order_date) +
         (order.order_datetime ? HeldBytes(*order.order_datetime) : 0) + HeldBytes(b.civility) +
         HeldBytes(b.last_name) + HeldBytes(b.first_name) + HeldBytes(b.company) +
         HeldBytes(b.email) + AddressBytes(order.billing_address) +
         AddressBytes(order.delivery_address) + HeldBytes(order.status) + IssuesBytes(order.issues);
}

bool StagedLine::has_error() const { return AnyError(issues); }

bool StagedOrder::valid() const {
  return !AnyError(issues) && std::none_of(lines.begin(), lines.end(),
                                           [](const StagedLine& line) { return line.has_error(); });
}

}  // namespace factflow::importer::domain
