// libFuzzer target: the CII D16B writer fed invoices whose text fields (names, addresses,
// references, labels, notes) and amounts come from the fuzzer: arbitrary bytes, XML specials,
// invalid UTF-8, huge or negative numbers. Property: never crashes; whenever the writer accepts
// a document, its output is well-formed XML.

#include <fuzzer/FuzzedDataProvider.h>
#include <libxml/parser.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/cii_writer.h"
#include "domain/testing/sample_invoices.h"

namespace {

using factflow::dispatch::domain::Decimal;
using factflow::dispatch::domain::InvoiceDocument;

// Amounts within what an upload accepts (quantities up to 10,000, prices up to 10^9 €), so the
// sums cannot overflow: the fuzzer looks for crashes and bad XML, not for the upload's bounds.
Decimal FuzzDecimal(FuzzedDataProvider& in, int64_t max_units) {
  int64_t bound = max_units * Decimal::kOne;
  return Decimal::FromRaw(in.ConsumeIntegralInRange<int64_t>(-bound, bound));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  InvoiceDocument doc = factflow::dispatch::domain::testing::SampleInvoice();
  std::string* fields[] = {&doc.number,
                           &doc.issue_date,
                           &doc.due_date,
                           &doc.seller.name,
                           &doc.seller.address.line1,
                           &doc.buyer.name,
                           &doc.buyer.address.city,
                           &doc.buyer.address.country_code,
                           &doc.buyer.siret,
                           &doc.buyer_reference,
                           &doc.purchase_order_reference,
                           &doc.payee_iban,
                           &doc.payment_terms_text};
  for (std::string* field : fields) {
    if (in.ConsumeBool()) *field = in.ConsumeRandomLengthString(64);
  }
  for (auto& line : doc.lines) {
    if (in.ConsumeBool()) line.label = in.ConsumeRandomLengthString(64);
    if (in.ConsumeBool()) line.quantity = FuzzDecimal(in, 10'000);
    if (in.ConsumeBool()) line.unit_net_price = FuzzDecimal(in, 1'000'000'000);
    line.net_amount = (line.quantity * line.unit_net_price).RoundedToCents();
  }
  if (in.ConsumeBool() && !doc.notes.empty()) doc.notes[0].text = in.ConsumeRandomLengthString(128);
  factflow::dispatch::domain::testing::ComputeTotals(doc);
  auto xml = factflow::dispatch::domain::WriteCiiD16B(doc);
  if (!xml.ok()) return 0;
  xmlDocPtr parsed = xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "cii.xml", "UTF-8",
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (parsed == nullptr) {  // the writer produced XML that does not parse: show it, then crash
    std::fwrite(xml->data(), 1, xml->size(), stderr);
    std::abort();
  }
  xmlFreeDoc(parsed);
  return 0;
}
