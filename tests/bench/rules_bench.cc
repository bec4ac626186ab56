// Throughput of the rule engine on a valid 50-line B2B invoice (every rule evaluated, no
// finding): the target is at least 100,000 invoices/s on one core.
#include <benchmark/benchmark.h>

#include <string>

#include "identifiers/french_company_ids.h"
#include "rules/rule_engine.h"

namespace {

using factflow::money::Decimal;
namespace r = factflow::rules;

r::Invoice FiftyLineInvoice(int line_count) {
  r::Invoice inv;
  inv.number = "FA2026-000042";
  inv.issue_date = "2026-11-30";
  inv.due_date = "2026-12-30";
  inv.seller = {"Librairie du Marais", "SAS", "732829320", "73282932000074",
                factflow::identifiers::FrenchVatNumber("732829320"), "", "",
                {"12 rue des Archives", "", "", "75004", "Paris", "FR"}};
  inv.seller_legal.registration = "RCS Paris 732 829 320";
  inv.buyer = {"Bibliothèque de Lyon", "", "552100554", "", "", "", "",
               {"1 place de la Comédie", "", "", "69001", "Lyon", "FR"}};
  inv.buyer_kind = r::BuyerKind::kBusiness;
  inv.payment_means_code = "58";
  inv.payee_iban = "FR7630006000011234567890189";
  inv.late_penalty_mention = inv.recovery_indemnity_mention = true;
  Decimal net[2];
  const Decimal rates[2] = {Decimal::FromUnits(20), *Decimal::Parse("5.5")};
  for (int i = 0; i < line_count; ++i) {
    Decimal amount = Decimal::FromCents(1999 + 37 * i);
    inv.lines.push_back({i + 1, "Article " + std::to_string(i), Decimal::FromUnits(1), "C62",
                         amount, amount, "S", rates[i % 2]});
    net[i % 2] += amount;
  }
  for (int k = 0; k < 2; ++k) {
    Decimal vat = (net[k] * rates[k]).DividedBy(Decimal::FromUnits(100), 2);
    inv.vat_breakdown.push_back({"S", rates[k], net[k], vat, "", ""});
    inv.total_net += net[k];
    inv.total_vat += vat;
  }
  inv.total_with_vat = inv.amount_due = inv.total_net + inv.total_vat;
  return inv;
}

void BM_RuleEngineCheck(benchmark::State& state) {
  r::Invoice invoice = FiftyLineInvoice(static_cast<int>(state.range(0)));
  r::Verdict verdict;
  r::Check(invoice, verdict);
  if (!verdict.findings.empty()) {
    state.SkipWithError(("the benchmark invoice is not valid: " +
                         verdict.findings.front().Text()).c_str());
    return;
  }
  for (auto _ : state) {
    r::Check(invoice, verdict);
    benchmark::DoNotOptimize(verdict);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RuleEngineCheck)->Arg(3)->Arg(50);

}  // namespace
