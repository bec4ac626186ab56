#include "domain/invoice_document.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "domain/formatting.h"

namespace factflow::dispatch::domain {
namespace {

using Problems = std::vector<std::string>;
// Breakdown groups are keyed on the exact rate (raw 1/10'000), never on its text.
using VatKey = std::pair<std::string, int64_t>;

constexpr absl::string_view kCategories[] = {"S", "Z", "E", "AE", "K", "G", "O"};
constexpr absl::string_view kCategoriesNeedingExemptionReason[] = {"E", "AE", "K", "G", "O"};

template <typename Range>
bool Contains(const Range& set, absl::string_view value) {
  return std::ranges::find(set, value) != std::ranges::end(set);
}

bool AllOf(absl::string_view text, bool (*predicate)(unsigned char)) {
  for (char c : text) {
    if (!predicate(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsNumberChar(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '+' || c == '-' || c == '_' || c == '/';
}
bool IsDigit(unsigned char c) { return absl::ascii_isdigit(c); }
bool IsUpper(unsigned char c) { return absl::ascii_isupper(c); }

std::string Field(absl::string_view list, size_t index, absl::string_view member) {
  return absl::StrCat(list, "[", index, "].", member);
}

void RequireText(Problems& problems, absl::string_view field, absl::string_view value) {
  if (value.empty()) problems.push_back(absl::StrCat(field, ": required"));
}

void CheckDate(Problems& problems, absl::string_view field, const std::string& value,
               bool required) {
  if (value.empty()) {
    if (required) problems.push_back(absl::StrCat(field, ": required"));
  } else if (!IsIsoDate(value)) {
    problems.push_back(absl::StrCat(field, ": \"", value, "\" is not a YYYY-MM-DD date"));
  }
}

void CheckCountry(Problems& problems, absl::string_view field, absl::string_view value) {
  if (value.empty()) {
    problems.push_back(absl::StrCat(field, ": required"));
  } else if (value.size() != 2 || !AllOf(value, IsUpper)) {
    problems.push_back(absl::StrCat(field, ": \"", value, "\" is not an ISO 3166-1 alpha-2 code"));
  }
}

void CheckDigits(Problems& problems, absl::string_view field, absl::string_view value,
                 size_t length) {
  if (!value.empty() && (value.size() != length || !AllOf(value, IsDigit))) {
    problems.push_back(absl::StrCat(field, ": \"", value, "\" is not ", length, " digits"));
  }
}

void CheckCents(Problems& problems, absl::string_view field, Decimal value) {
  if (value.RoundedToCents() != value) {
    problems.push_back(absl::StrCat(field, ": ", value.ToString(4), " has more than 2 decimals"));
  }
}

void CheckEqual(Problems& problems, absl::string_view field, Decimal actual, Decimal expected,
                absl::string_view expected_what, absl::string_view rule) {
  if (actual != expected) {
    problems.push_back(absl::StrCat(field, ": ", actual.ToString(2), " != ", expected_what, " ",
                                    expected.ToString(2), " (", rule, ")"));
  }
}

// Every text goes into XML and onto the PDF: invalid UTF-8 or control characters would make an
// e-invoice that no parser reads (found by tests/fuzz/fuzz_cii_writer).
void CheckTexts(const InvoiceDocument& doc, Problems& problems) {
  auto check = [&](absl::string_view field, const std::string& text) {
    if (!IsPrintableText(text)) {
      problems.push_back(absl::StrCat(field, ": invalid UTF-8 or control character"));
    }
  };
  for (const Party* party : {&doc.seller, &doc.buyer, &doc.delivery}) {
    std::string role = party == &doc.seller  ? "seller."
                       : party == &doc.buyer ? "buyer."
                                             : "delivery.";
    const PostalAddress& a = party->address;
    for (auto [name, text] : {std::pair{"name", &party->name}, {"legal_form", &party->legal_form},
                              {"share_capital", &party->share_capital}, {"siren", &party->siren},
                              {"siret", &party->siret}, {"vat_number", &party->vat_number},
                              {"email", &party->email}, {"phone", &party->phone},
                              {"address.line1", &a.line1}, {"address.line2", &a.line2},
                              {"address.line3", &a.line3}, {"address.postal_code", &a.postal_code},
                              {"address.city", &a.city}, {"address.country_code", &a.country_code}}) {
      check(absl::StrCat(role, name), *text);
    }
  }
  for (auto [name, text] :
       {std::pair{"number", &doc.number}, {"issue_date", &doc.issue_date},
        {"delivery_date", &doc.delivery_date}, {"due_date", &doc.due_date},
        {"currency", &doc.currency}, {"buyer_reference", &doc.buyer_reference},
        {"purchase_order_reference", &doc.purchase_order_reference},
        {"commitment_number", &doc.commitment_number},
        {"preceding_invoice_number", &doc.preceding_invoice_number},
        {"preceding_invoice_date", &doc.preceding_invoice_date},
        {"payment_means_code", &doc.payment_means_code}, {"payee_iban", &doc.payee_iban},
        {"payee_bic", &doc.payee_bic}, {"payment_terms_text", &doc.payment_terms_text},
        {"source_reference", &doc.source_reference}}) {
    check(name, *text);
  }
  for (const InvoiceNote& note : doc.notes) {
    check("note.subject_code", note.subject_code);
    check("note.text", note.text);
  }
  for (const InvoiceLine& line : doc.lines) {
    check(absl::StrCat("line ", line.line_number, ".article_code"), line.article_code);
    check(absl::StrCat("line ", line.line_number, ".label"), line.label);
    check(absl::StrCat("line ", line.line_number, ".unit_code"), line.unit_code);
    check(absl::StrCat("line ", line.line_number, ".vat_category_code"), line.vat_category_code);
  }
  for (const VatBreakdown& vat : doc.vat_breakdown) {
    check("vat_breakdown.exemption_reason", vat.exemption_reason);
    check("vat_breakdown.exemption_reason_code", vat.exemption_reason_code);
  }
}

void CheckHeader(const InvoiceDocument& doc, Problems& problems) {
  if (doc.type_code != kTypeCodeInvoice && doc.type_code != kTypeCodeCreditNote) {
    problems.push_back(absl::StrCat("type_code: ", doc.type_code, " is neither 380 nor 381"));
  }
  RequireText(problems, "number", doc.number);
  if (doc.number.size() > 35 || !AllOf(doc.number, IsNumberChar)) {
    problems.push_back(absl::StrCat("number: \"", doc.number,
                                    "\" must be at most 35 characters of A-Z a-z 0-9 + - _ / "
                                    "(BR-FR-01/02)"));
  }
  CheckDate(problems, "issue_date", doc.issue_date, /*required=*/true);
  CheckDate(problems, "delivery_date", doc.delivery_date, /*required=*/false);
  CheckDate(problems, "due_date", doc.due_date, doc.type_code == kTypeCodeInvoice);
  CheckDate(problems, "preceding_invoice_date", doc.preceding_invoice_date, /*required=*/false);
  if (doc.type_code == kTypeCodeCreditNote) {
    RequireText(problems, "preceding_invoice_number", doc.preceding_invoice_number);
  }
  if (doc.currency.size() != 3 || !AllOf(doc.currency, IsUpper)) {
    problems.push_back(absl::StrCat("currency: \"", doc.currency, "\" is not an ISO 4217 code"));
  }
  if ((doc.payment_means_code == "30" || doc.payment_means_code == "58") &&
      doc.payee_iban.empty()) {
    problems.push_back("payee_iban: required for a credit transfer (BR-61)");
  }
}

void CheckParty(const Party& party, absl::string_view role, bool full_address, Problems& problems) {
  RequireText(problems, absl::StrCat(role, ".name"), party.name);
  if (full_address) {
    RequireText(problems, absl::StrCat(role, ".address.line1"), party.address.line1);
    RequireText(problems, absl::StrCat(role, ".address.postal_code"), party.address.postal_code);
    RequireText(problems, absl::StrCat(role, ".address.city"), party.address.city);
  }
  CheckCountry(problems, absl::StrCat(role, ".address.country_code"), party.address.country_code);
  CheckDigits(problems, absl::StrCat(role, ".siren"), party.siren, 9);
  CheckDigits(problems, absl::StrCat(role, ".siret"), party.siret, 14);
}

// A known category, with the rate it allows: positive for "S", zero for every other one.
void CheckCategoryAndRate(Problems& problems, absl::string_view field_prefix,
                          absl::string_view category, Decimal rate) {
  if (!Contains(kCategories, category)) {
    problems.push_back(absl::StrCat(field_prefix, "category_code: \"", category,
                                    "\" is not one of S Z E AE K G O"));
  } else if (category == "S" && rate <= Decimal()) {
    problems.push_back(absl::StrCat(field_prefix, "rate: ", TrimmedDecimal(rate, 0),
                                    " must be positive for category S"));
  } else if (category != "S" && !rate.is_zero()) {
    problems.push_back(absl::StrCat(field_prefix, "rate: ", TrimmedDecimal(rate, 0),
                                    " must be 0 for category ", category));
  }
}

// Returns the sum of the line net amounts per (category, rate).
std::map<VatKey, Decimal> CheckLines(const InvoiceDocument& doc, Problems& problems) {
  std::map<VatKey, Decimal> basis_by_key;
  std::map<int, size_t> index_by_number;
  if (doc.lines.empty()) problems.push_back("lines: at least one line is required");
  for (size_t i = 0; i < doc.lines.size(); ++i) {
    const InvoiceLine& line = doc.lines[i];
    if (line.line_number <= 0 || !index_by_number.emplace(line.line_number, i).second) {
      problems.push_back(absl::StrCat(Field("lines", i, "line_number"), ": ", line.line_number,
                                      " must be positive and unique"));
    }
    RequireText(problems, Field("lines", i, "label"), line.label);
    RequireText(problems, Field("lines", i, "unit_code"), line.unit_code);
    CheckCents(problems, Field("lines", i, "net_amount"), line.net_amount);
    CheckCategoryAndRate(problems, absl::StrCat("lines[", i, "].vat_"), line.vat_category_code,
                         line.vat_rate);
    basis_by_key[{line.vat_category_code, line.vat_rate.raw()}] += line.net_amount;
  }
  bool has_standard_rated_line = std::ranges::any_of(
      doc.lines, [](const InvoiceLine& line) { return line.vat_category_code == "S"; });
  if (has_standard_rated_line && doc.seller.vat_number.empty()) {
    problems.push_back("seller.vat_number: required when a line has VAT category S (BR-S-02)");
  }
  return basis_by_key;
}

Decimal CheckBreakdown(const InvoiceDocument& doc, std::map<VatKey, Decimal> line_basis,
                       Problems& problems) {
  Decimal vat_sum;
  for (size_t i = 0; i < doc.vat_breakdown.size(); ++i) {
    const VatBreakdown& group = doc.vat_breakdown[i];
    std::string prefix = absl::StrCat("vat_breakdown[", i, "].");
    CheckCategoryAndRate(problems, prefix, group.category_code, group.rate);
    CheckCents(problems, absl::StrCat(prefix, "basis"), group.basis);
    CheckCents(problems, absl::StrCat(prefix, "vat_amount"), group.vat_amount);
    if (Contains(kCategoriesNeedingExemptionReason, group.category_code) &&
        group.exemption_reason.empty()) {
      problems.push_back(
          absl::StrCat(prefix, "exemption_reason: required for category ", group.category_code));
    }
    auto it = line_basis.find({group.category_code, group.rate.raw()});
    std::string what =
        absl::StrCat("category ", group.category_code, " rate ", TrimmedDecimal(group.rate, 0));
    if (it == line_basis.end()) {
      problems.push_back(absl::StrCat(prefix, "basis: no line or a duplicate group for ", what));
    } else {
      CheckEqual(problems, absl::StrCat(prefix, "basis"), group.basis, it->second,
                 absl::StrCat("sum of lines[].net_amount for ", what), "BR-S-08");
      line_basis.erase(it);
    }
    // EN 16931 BR-CO-17 as the CEN rules test it: within one currency unit of basis x rate,
    // because VAT-inclusive (consumer) prices give a group VAT of sum(gross) - basis, which
    // may differ from the rounded product by a few cents. Strictly below 1.00 keeps the
    // invoice valid under both the CII and the UBL rule sets.
    Decimal expected_vat = (group.basis * group.rate).DividedBy(Decimal::FromUnits(100), 2);
    Decimal gap = group.vat_amount - expected_vat;
    if (gap.is_negative()) gap = -gap;
    if (gap >= Decimal::FromUnits(1)) {
      problems.push_back(absl::StrCat(prefix, "vat_amount: ", group.vat_amount.ToString(2),
                                      " is 1.00 or more away from basis x rate / 100 = ",
                                      expected_vat.ToString(2), " (BR-CO-17)"));
    }
    vat_sum += group.vat_amount;
  }
  for (const auto& [key, basis] : line_basis) {
    problems.push_back(absl::StrCat("vat_breakdown: missing the group for category ", key.first,
                                    " rate ", TrimmedDecimal(Decimal::FromRaw(key.second), 0),
                                    " (BR-CO-18)"));
  }
  return vat_sum;
}

void CheckTotals(const InvoiceDocument& doc, Decimal breakdown_vat, Problems& problems) {
  Decimal line_sum;
  for (const InvoiceLine& line : doc.lines) line_sum += line.net_amount;
  CheckCents(problems, "total_net", doc.total_net);
  CheckCents(problems, "total_vat", doc.total_vat);
  CheckCents(problems, "total_with_vat", doc.total_with_vat);
  CheckCents(problems, "prepaid_amount", doc.prepaid_amount);
  CheckCents(problems, "amount_due", doc.amount_due);
  CheckEqual(problems, "total_net", doc.total_net, line_sum, "sum of lines[].net_amount",
             "BR-CO-10");
  CheckEqual(problems, "total_vat", doc.total_vat, breakdown_vat,
             "sum of vat_breakdown[].vat_amount", "BR-CO-14");
  CheckEqual(problems, "total_with_vat", doc.total_with_vat, doc.total_net + doc.total_vat,
             "total_net + total_vat", "BR-CO-15");
  CheckEqual(problems, "amount_due", doc.amount_due, doc.total_with_vat - doc.prepaid_amount,
             "total_with_vat - prepaid_amount", "BR-CO-16");
}

}  // namespace

absl::Status CheckConsistency(const InvoiceDocument& doc) {
  Problems problems;
  CheckTexts(doc, problems);
  CheckHeader(doc, problems);
  CheckParty(doc.seller, "seller", /*full_address=*/true, problems);
  CheckParty(doc.buyer, "buyer", /*full_address=*/false, problems);
  if (doc.seller.siren.empty() && doc.seller.siret.empty()) {
    problems.push_back("seller.siret: required (or seller.siren)");
  }
  // Absurd amounts overflow Decimal (about 922 billion); report them instead of throwing.
  try {
    std::map<VatKey, Decimal> line_basis = CheckLines(doc, problems);
    Decimal breakdown_vat = CheckBreakdown(doc, std::move(line_basis), problems);
    CheckTotals(doc, breakdown_vat, problems);
  } catch (const std::overflow_error&) {
    problems.push_back("amounts: overflow while summing");
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invoice ", doc.number, ": ", absl::StrJoin(problems, "; ")));
}

}  // namespace factflow::dispatch::domain
