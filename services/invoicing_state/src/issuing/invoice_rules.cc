#include "issuing/invoice_rules.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "rules/invoice_wire.h"
#include "spdlog/spdlog.h"
#include "validation/fields.h"

namespace factflow::invoicing {

absl::StatusOr<rules::Verdict> JudgeInvoice(const v1::Invoice& invoice, const v1::Tenant& tenant,
                                            bool for_chorus) {
  rules::WireContext context;
  context.vat_franchise_293b = tenant.legal_mentions().vat_exempt_293b();
  context.chorus.destined = for_chorus;
  context.oss_above_threshold = tenant.legal_mentions().oss_above_threshold();
  absl::StatusOr<rules::Invoice> model = rules::FromWire(invoice, context);
  if (!model.ok()) return model.status();
  return rules::Check(*model);
}

absl::Status CheckBlockingRules(const v1::Invoice& invoice, const v1::Tenant& tenant) {
  absl::StatusOr<rules::Verdict> verdict = JudgeInvoice(invoice, tenant);
  if (!verdict.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "facture ", validation::Echo(invoice.number()), " : ", verdict.status().message()));
  }
  if (!verdict->blocking()) return absl::OkStatus();
  std::string text = verdict->BlockingText();
  spdlog::warn("invoice {} refused by the rule engine: {}", invoice.number(), text);
  return absl::FailedPreconditionError(absl::StrCat(
      "facture ", validation::Echo(invoice.number()),
      " : règles bloquantes non respectées, corrigez-les avant de la préparer ou de l'envoyer : ",
      text));
}

v1::CheckInvoiceResponse ToResponse(const v1::Invoice& invoice, const rules::Verdict& verdict) {
  v1::CheckInvoiceResponse response;
  response.set_invoice_id(invoice.invoice_id());
  response.set_number(invoice.number());
  response.set_passes(!verdict.blocking());
  response.set_rules_checked(static_cast<int32_t>(rules::Catalogue().size()));
  for (const rules::Finding& finding : verdict.findings) {
    v1::RuleFinding* out = response.add_findings();
    out->set_rule_id(std::string(finding.rule->id));
    out->set_severity(std::string(rules::SeverityLabel(finding.rule->severity)));
    out->set_blocking(finding.rule->severity == rules::Severity::kBlocking);
    out->set_field(std::string(finding.rule->field));
    out->set_message(std::string(finding.rule->message));
    out->set_detail(finding.detail);
  }
  return response;
}

}  // namespace factflow::invoicing
