#pragma once

// Internal to the rules library: the context the rule families write their findings to, and
// the families themselves (one .cc each). Not a public header.

#include <span>
#include <string>
#include <string>
#include <string_view>

#include <concepts>
#include "rules/rule_engine.h"

namespace factflow::rules::internal {

// Text of a finding's detail from strings and integers (std::string_view based: the Debian
// abseil has its own string_view, so StrCat does not take ours).
inline void AppendPart(std::string& out, std::string_view part) { out.append(part); }
inline void AppendPart(std::string& out, const char* part) { out.append(part); }
template <std::integral Int>
void AppendPart(std::string& out, Int part) {
  out.append(std::to_string(part));
}
template <typename... Parts>
std::string Concat(const Parts&... parts) {
  std::string out;
  (AppendPart(out, parts), ...);
  return out;
}

struct Context {
  const Invoice& invoice;
  Verdict& out;

  void Fail(const Rule& rule) { out.findings.push_back({&rule, {}}); }
  template <typename... Parts>
  void Fail(const Rule& rule, const Parts&... detail) {
    out.findings.push_back({&rule, Concat(detail...)});
  }
};

// An amount as written in the XML: 2 decimals when it is whole cents, else 4.
std::string Amount(Decimal value);
// Printable, capped echo of a user value for a finding's detail.
std::string Echo(std::string_view value);
// ISO 3166-1 alpha-2 member state of the European Union (VAT territory), "EL" accepted for GR.
bool IsEuMemberState(std::string_view country_code);

void CheckEn16931(Context& context);
void CheckFrench(Context& context);
void CheckChorus(Context& context);
void CheckChorusExport(Context& context);  // chorus_export_rules.cc
void CheckReform(Context& context);  // reform_rules.cc: identifiers, OSS, operation category.

std::span<const Rule* const> En16931Rules();
std::span<const Rule* const> FrenchRules();
std::span<const Rule* const> ChorusRules();
std::span<const Rule* const> ChorusExportRules();
std::span<const Rule* const> ReformRules();

}  // namespace factflow::rules::internal
