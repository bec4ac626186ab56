#pragma once

// One rule engine for every document factflow issues: the EN 16931 core business rules we can
// break (BR-01..BR-65 subset, BR-CO totals, BR-S/Z/E/AE/K/G/O category rules), the French rules
// (BR-FR-...: number format, SIREN/SIRET/VAT checksums, rates, franchise, mentions), the Chorus
// Pro rules (CHORUS-...) and factflow's own (FF-...). Pure: no I/O, no allocation when the
// invoice passes. Thread-safe (the catalogue is constant; Check only reads its input).
//
// Each rule has a stable id, a severity (bloquant: the document may not be prepared, sent or
// exported; avertissement: shown, not stopping), the field it concerns (an EN 16931 BT/BG id)
// and a French message saying what to fix. A finding adds where (line, VAT group) and the values.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/invoice_model.h"

namespace factflow::rules {

enum class Severity { kBlocking, kWarning };

// "bloquant" / "avertissement".
std::string_view SeverityLabel(Severity severity);

struct Rule {
  std::string_view id;     // "BR-16", "BR-CO-10", "BR-FR-02", "CHORUS-01", "FF-01".
  Severity severity;
  std::string_view field;  // "BT-1", "BG-23", ...
  std::string_view message;  // French, says what to fix.
};

struct Finding {
  const Rule* rule = nullptr;  // Points into the constant catalogue.
  std::string detail;          // Where and which values, French ("ligne 3 : 0.00"); may be empty.

  // "[BR-16] bloquant, BT-126 : <message> (<detail>)", for operators.
  std::string Text() const;
};

struct Verdict {
  std::vector<Finding> findings;  // In rule order within each family.

  bool blocking() const;  // At least one blocking finding.
  // The blocking findings' texts joined with "; " (the refusal message of PREPARE/send).
  std::string BlockingText() const;
  void clear() { findings.clear(); }
};

// Judges `invoice` against every rule that applies (CHORUS-... only when
// invoice.chorus.destined). `out` is cleared first; reuse it to avoid allocations.
void Check(const Invoice& invoice, Verdict& out);
Verdict Check(const Invoice& invoice);

// Every rule, each id once, in a stable order (for documentation and `invoice check`).
std::span<const Rule* const> Catalogue();

// The rule with `id`, or nullptr.
const Rule* FindRule(std::string_view id);

}  // namespace factflow::rules
