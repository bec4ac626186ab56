#include "rules/rule_engine.h"

#include <algorithm>
#include <array>
#include <vector>

#include "rules/rules_internal.h"

namespace factflow::rules {
namespace internal {

std::string Amount(Decimal value) {
  return value.Rounded(2) == value ? value.ToString(2) : value.ToString(4);
}

std::string Echo(std::string_view value) {
  constexpr size_t kMax = 64;
  std::string out;
  out.reserve(std::min(value.size(), kMax) + 2);
  out.push_back('"');
  for (size_t i = 0; i < value.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    out.push_back(c >= 0x20 && c != 0x7f ? static_cast<char>(c) : '?');
  }
  if (value.size() > kMax) out += "...";
  out.push_back('"');
  return out;
}

bool IsEuMemberState(std::string_view code) {
  static constexpr std::array<std::string_view, 28> kMembers = {
      "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR",
      "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};
  return std::find(kMembers.begin(), kMembers.end(), code) != kMembers.end();
}

}  // namespace internal

std::string_view SeverityLabel(Severity severity) {
  return severity == Severity::kBlocking ? "bloquant" : "avertissement";
}

std::string Finding::Text() const {
  std::string text = internal::Concat("[", rule->id, "] ", SeverityLabel(rule->severity), ", ",
                                      rule->field, " : ", rule->message);
  if (!detail.empty()) text += internal::Concat(" (", detail, ")");
  return text;
}

bool Verdict::blocking() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& finding) {
    return finding.rule->severity == Severity::kBlocking;
  });
}

std::string Verdict::BlockingText() const {
  std::string text;
  for (const Finding& finding : findings) {
    if (finding.rule->severity != Severity::kBlocking) continue;
    if (!text.empty()) text += " ; ";
    text += finding.Text();
  }
  return text;
}

void Check(const Invoice& invoice, Verdict& out) {
  out.clear();
  internal::Context context{invoice, out};
  internal::CheckEn16931(context);
  internal::CheckFrench(context);
  internal::CheckReform(context);
  if (invoice.chorus.destined) {
    internal::CheckChorus(context);
    internal::CheckChorusExport(context);
  }
}

Verdict Check(const Invoice& invoice) {
  Verdict verdict;
  Check(invoice, verdict);
  return verdict;
}

std::span<const Rule* const> Catalogue() {
  static const std::vector<const Rule*> catalogue = [] {
    std::vector<const Rule*> all;
    for (auto family : {internal::En16931Rules(), internal::FrenchRules(),
                        internal::ChorusRules(), internal::ChorusExportRules(),
                        internal::ReformRules()}) {
      all.insert(all.end(), family.begin(), family.end());
    }
    return all;
  }();
  return catalogue;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule* rule : Catalogue()) {
    if (rule->id == id) return rule;
  }
  return nullptr;
}

}  // namespace factflow::rules
