#pragma once

// Factur-X: the invoice PDF as a PDF/A-3 that carries its own EN 16931 e-invoice.
//
// Why: the legal copy sent to and archived for a customer must be both human-readable and
// machine-readable (domain.md §4). Factur-X 1.0 (EN 16931 profile) embeds the CII D16B XML as
// `factur-x.xml` in a PDF/A-3 and declares it in the XMP metadata.
//
// How: cairo draws the page (domain::RenderInvoicePdf), domain::WriteCiiD16B writes the XML, and
// qpdf turns the two into the container: the embedded file (/AFRelationship /Alternative,
// /Subtype text/xml, listed in the catalog's /AF array), the XMP metadata (pdfaid:part=3
// conformance B, the Factur-X properties and their PDF/A extension-schema declaration, dc/xmp/pdf
// properties matching the document information dictionary), an sRGB output intent (ICC profile
// of the Debian package icc-profiles-free) and a trailer /ID. No PDF syntax is written by hand.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace factflow::dispatch::rendering {

// The sRGB ICC profile embedded as output intent (Debian package icc-profiles-free).
inline constexpr char kSrgbIccProfilePath[] = "/usr/share/color/icc/sRGB.icc";

// The name of the embedded e-invoice, as Factur-X 1.0 requires.
inline constexpr char kFacturXFileName[] = "factur-x.xml";

// Wraps the cairo PDF `pdf` of `doc` and its CII D16B `cii_xml` into a Factur-X PDF/A-3.
// Deterministic: the same inputs always give the same bytes (dates are the issue date, the
// trailer /ID is derived from the content), so an archived hash can be recomputed.
// Errors: FailedPrecondition when the ICC profile cannot be read; Internal when qpdf cannot
// read `pdf` or write the result (the message is in French and says which invoice).
// Thread safety: safe to call concurrently (the ICC profile is loaded once per process).
absl::StatusOr<std::string> MakeFacturX(const domain::InvoiceDocument& doc, std::string_view pdf,
                                        std::string_view cii_xml);

// Both views of one invoice: the Factur-X PDF and the CII D16B XML it embeds.
struct FacturX {
  std::string pdf;
  std::string xml;
};

// Renders `doc` (RenderInvoicePdf + WriteCiiD16B) and wraps them with MakeFacturX.
// Errors: those of the three steps (InvalidArgument for an inconsistent document, naming the
// field).
absl::StatusOr<FacturX> RenderFacturX(const domain::InvoiceDocument& doc);

}  // namespace factflow::dispatch::rendering
