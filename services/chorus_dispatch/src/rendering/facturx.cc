#include "rendering/facturx.h"

// qpdf 11: no PointerHolder in the API we use.
#define POINTERHOLDER_TRANSITION 4

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include <exception>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/cii_writer.h"
#include "domain/pdf_renderer.h"

namespace factflow::dispatch::rendering {
namespace {

constexpr char kFacturXNamespace[] = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
constexpr char kProducer[] = "factflow chorus-dispatch (cairo, qpdf)";
constexpr char kCreatorTool[] = "factflow chorus-dispatch";

struct IccProfile {
  std::string bytes;
  absl::Status status;
};

const IccProfile& GetIccProfile() {
  static const IccProfile profile = [] {
    IccProfile p;
    std::ifstream in(kSrgbIccProfilePath, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    p.bytes = bytes.str();
    if (!in || p.bytes.size() < 128) {
      p.status = absl::FailedPreconditionError(
          absl::StrCat("profil de couleur sRGB illisible : ", kSrgbIccProfilePath,
                       " (paquet Debian icc-profiles-free)"));
    }
    return p;
  }();
  return profile;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Title(const domain::InvoiceDocument& doc) {
  return absl::StrCat(doc.type_code == domain::kTypeCodeCreditNote ? "Avoir" : "Facture", " N° ",
                      doc.number);
}

// One property of the Factur-X extension schema declaration.
std::string ExtensionProperty(const char* name, const char* description) {
  return absl::StrCat(
      "       <rdf:li rdf:parseType=\"Resource\">\n"
      "        <pdfaProperty:name>", name, "</pdfaProperty:name>\n"
      "        <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
      "        <pdfaProperty:category>external</pdfaProperty:category>\n"
      "        <pdfaProperty:description>", description, "</pdfaProperty:description>\n"
      "       </rdf:li>\n");
}

std::string Xmp(const domain::InvoiceDocument& doc, const std::string& xmp_date) {
  return absl::StrCat(
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
      "   <pdfaid:part>3</pdfaid:part>\n"
      "   <pdfaid:conformance>B</pdfaid:conformance>\n"
      "  </rdf:Description>\n"
      "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      "   <dc:format>application/pdf</dc:format>\n"
      "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", XmlEscape(Title(doc)),
      "</rdf:li></rdf:Alt></dc:title>\n"
      "   <dc:creator><rdf:Seq><rdf:li>", XmlEscape(doc.seller.name),
      "</rdf:li></rdf:Seq></dc:creator>\n"
      "  </rdf:Description>\n"
      "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
      "   <xmp:CreatorTool>", kCreatorTool, "</xmp:CreatorTool>\n"
      "   <xmp:CreateDate>", xmp_date, "</xmp:CreateDate>\n"
      "   <xmp:ModifyDate>", xmp_date, "</xmp:ModifyDate>\n"
      "  </rdf:Description>\n"
      "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
      "   <pdf:Producer>", kProducer, "</pdf:Producer>\n"
      "  </rdf:Description>\n"
      "  <rdf:Description rdf:about=\"\" xmlns:fx=\"", kFacturXNamespace, "\">\n"
      "   <fx:DocumentType>INVOICE</fx:DocumentType>\n"
      "   <fx:DocumentFileName>", kFacturXFileName, "</fx:DocumentFileName>\n"
      "   <fx:Version>1.0</fx:Version>\n"
      "   <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>\n"
      "  </rdf:Description>\n"
      "  <rdf:Description rdf:about=\"\""
      " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
      " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
      " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
      "   <pdfaExtension:schemas>\n"
      "    <rdf:Bag>\n"
      "     <rdf:li rdf:parseType=\"Resource\">\n"
      "      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\n"
      "      <pdfaSchema:namespaceURI>", kFacturXNamespace, "</pdfaSchema:namespaceURI>\n"
      "      <pdfaSchema:prefix>fx</pdfaSchema:prefix>\n"
      "      <pdfaSchema:property>\n"
      "       <rdf:Seq>\n",
      ExtensionProperty("DocumentFileName", "The name of the embedded XML document"),
      ExtensionProperty("DocumentType", "The type of the hybrid document in capital letters"),
      ExtensionProperty("Version", "The version of the standard applying to the embedded XML"),
      ExtensionProperty("ConformanceLevel", "The conformance level of the embedded XML"),
      "       </rdf:Seq>\n"
      "      </pdfaSchema:property>\n"
      "     </rdf:li>\n"
      "    </rdf:Bag>\n"
      "   </pdfaExtension:schemas>\n"
      "  </rdf:Description>\n"
      " </rdf:RDF>\n"
      "</x:xmpmeta>\n"
      "<?xpacket end=\"w\"?>");
}

std::string Wrap(const domain::InvoiceDocument& doc, std::string_view pdf_bytes,
                 std::string_view cii_xml, const std::string& icc) {
  QPDF pdf;
  pdf.processMemoryFile(doc.number.c_str(), pdf_bytes.data(), pdf_bytes.size());
  QPDFObjectHandle root = pdf.getRoot();
  // issue_date is YYYY-MM-DD (CheckConsistency); midnight UTC, like the cairo Info dates.
  std::string compact = absl::StrReplaceAll(doc.issue_date, {{"-", ""}});
  std::string pdf_date = absl::StrCat("D:", compact, "000000+00'00'");
  std::string xmp_date = absl::StrCat(doc.issue_date, "T00:00:00+00:00");

  // The document information dictionary, consistent with the XMP (PDF/A).
  QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
  if (!info.isDictionary()) {
    info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
    pdf.getTrailer().replaceKey("/Info", info);
  }
  info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(Title(doc)));
  info.replaceKey("/Author", QPDFObjectHandle::newUnicodeString(doc.seller.name));
  info.replaceKey("/Creator", QPDFObjectHandle::newUnicodeString(kCreatorTool));
  info.replaceKey("/Producer", QPDFObjectHandle::newUnicodeString(kProducer));
  info.replaceKey("/CreationDate", QPDFObjectHandle::newString(pdf_date));
  info.replaceKey("/ModDate", QPDFObjectHandle::newString(pdf_date));

  // The e-invoice: an associated file of the document (PDF/A-3 /AF).
  auto stream = QPDFEFStreamObjectHelper::createEFStream(pdf, std::string(cii_xml));
  stream.setSubtype("text/xml").setCreationDate(pdf_date).setModDate(pdf_date);
  auto spec = QPDFFileSpecObjectHelper::createFileSpec(pdf, kFacturXFileName, stream);
  spec.setDescription("Factur-X invoice (EN 16931)");
  QPDFObjectHandle spec_object = spec.getObjectHandle();
  spec_object.replaceKey("/AFRelationship", QPDFObjectHandle::newName("/Alternative"));
  QPDFEmbeddedFileDocumentHelper(pdf).replaceEmbeddedFile(kFacturXFileName, spec);
  QPDFObjectHandle af = QPDFObjectHandle::newArray();
  af.appendItem(spec_object);
  root.replaceKey("/AF", pdf.makeIndirectObject(af));

  // XMP metadata, uncompressed as PDF/A recommends.
  QPDFObjectHandle metadata = QPDFObjectHandle::newStream(&pdf, Xmp(doc, xmp_date));
  metadata.getDict().replaceKey("/Type", QPDFObjectHandle::newName("/Metadata"));
  metadata.getDict().replaceKey("/Subtype", QPDFObjectHandle::newName("/XML"));
  root.replaceKey("/Metadata", metadata);

  // sRGB output intent.
  QPDFObjectHandle profile = QPDFObjectHandle::newStream(&pdf, icc);
  profile.getDict().replaceKey("/N", QPDFObjectHandle::newInteger(3));
  QPDFObjectHandle intent = QPDFObjectHandle::newDictionary();
  intent.replaceKey("/Type", QPDFObjectHandle::newName("/OutputIntent"));
  intent.replaceKey("/S", QPDFObjectHandle::newName("/GTS_PDFA1"));
  intent.replaceKey("/OutputConditionIdentifier", QPDFObjectHandle::newString("sRGB IEC61966-2.1"));
  intent.replaceKey("/Info", QPDFObjectHandle::newString("sRGB IEC61966-2.1"));
  intent.replaceKey("/DestOutputProfile", profile);
  QPDFObjectHandle intents = QPDFObjectHandle::newArray();
  intents.appendItem(pdf.makeIndirectObject(intent));
  root.replaceKey("/OutputIntents", intents);

  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  writer.setMinimumPDFVersion("1.7");
  writer.setDeterministicID(true);
  // Metadata stays readable; other streams keep the compression cairo gave them.
  writer.setCompressStreams(true);
  writer.write();
  std::shared_ptr<Buffer> out = writer.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(out->getBuffer()), out->getSize());
}

}  // namespace

absl::StatusOr<std::string> MakeFacturX(const domain::InvoiceDocument& doc, std::string_view pdf,
                                        std::string_view cii_xml) {
  const IccProfile& icc = GetIccProfile();
  if (!icc.status.ok()) return icc.status;
  try {
    return Wrap(doc, pdf, cii_xml, icc.bytes);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("facture ", doc.number,
                                            " : le PDF Factur-X n'a pas pu être assemblé (qpdf : ",
                                            e.what(), ")"));
  }
}

absl::StatusOr<FacturX> RenderFacturX(const domain::InvoiceDocument& doc) {
  absl::StatusOr<std::string> pdf = domain::RenderInvoicePdf(doc);
  if (!pdf.ok()) return pdf.status();
  absl::StatusOr<std::string> xml = domain::WriteCiiD16B(doc);
  if (!xml.ok()) return xml.status();
  absl::StatusOr<std::string> facturx = MakeFacturX(doc, *pdf, *xml);
  if (!facturx.ok()) return facturx.status();
  return FacturX{std::move(*facturx), std::move(*xml)};
}

}  // namespace factflow::dispatch::rendering
