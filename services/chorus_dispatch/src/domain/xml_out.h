#pragma once

// XmlOut: a thin libxml2 xmlTextWriter wrapper shared by the e-invoice writers (CII D16B, UBL
// 2.1). It remembers the first failure, so that a document structure reads as a plain sequence
// of elements instead of a ladder of error checks. Internal to the domain library.
//
// Thread safety: one XmlOut per document; writers share no state.

#include <libxml/xmlwriter.h>

#include <string>

#include "absl/status/statusor.h"
#include "domain/formatting.h"

namespace factflow::dispatch::domain {

inline const xmlChar* X(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

// A thin xmlTextWriter wrapper that remembers the first failure, so that the document
// structure below reads as a plain sequence of elements instead of a ladder of error checks.
class XmlOut {
 public:
  XmlOut() : buffer_(xmlBufferCreate()) {
    if (buffer_ != nullptr) writer_ = xmlNewTextWriterMemory(buffer_, 0);
    ok_ = writer_ != nullptr;
    if (ok_) {
      Track(xmlTextWriterSetIndent(writer_, 1));
      Track(xmlTextWriterSetIndentString(writer_, X("  ")));
      Track(xmlTextWriterStartDocument(writer_, nullptr, "UTF-8", nullptr));
    }
  }
  ~XmlOut() {
    if (writer_ != nullptr) xmlFreeTextWriter(writer_);
    if (buffer_ != nullptr) xmlBufferFree(buffer_);
  }
  XmlOut(const XmlOut&) = delete;
  XmlOut& operator=(const XmlOut&) = delete;

  void Start(const char* name) {
    if (ok_) Track(xmlTextWriterStartElement(writer_, X(name)));
  }
  void End() {
    if (ok_) Track(xmlTextWriterEndElement(writer_));
  }
  void Attribute(const char* name, const std::string& value) {
    if (ok_) Track(xmlTextWriterWriteAttribute(writer_, X(name), X(value.c_str())));
  }
  void Text(const char* name, const std::string& value) {
    if (ok_) Track(xmlTextWriterWriteElement(writer_, X(name), X(value.c_str())));
  }
  // Skips absent (empty) optional values.
  void OptionalText(const char* name, const std::string& value) {
    if (!value.empty()) Text(name, value);
  }
  void TextWithAttribute(const char* name, const char* attribute, const std::string& attr_value,
                         const std::string& value) {
    Start(name);
    Attribute(attribute, attr_value);
    if (ok_) Track(xmlTextWriterWriteString(writer_, X(value.c_str())));
    End();
  }
  // <wrapper><udt:DateTimeString format="102">YYYYMMDD</udt:DateTimeString></wrapper>
  void Date(const char* wrapper, const char* date_element, const std::string& iso_date) {
    Start(wrapper);
    TextWithAttribute(date_element, "format", "102", IsoDateToFormat102(iso_date));
    End();
  }
  // <wrapper><inner>value</inner></wrapper>, skipped when value is empty.
  void Wrapped(const char* wrapper, const char* inner, const std::string& value) {
    if (value.empty()) return;
    Start(wrapper);
    Text(inner, value);
    End();
  }

  absl::StatusOr<std::string> Finish() {
    if (ok_) Track(xmlTextWriterEndDocument(writer_));
    if (ok_) Track(xmlTextWriterFlush(writer_));
    if (!ok_) return absl::InternalError("libxml2 failed to write the e-invoice document");
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                       xmlBufferLength(buffer_));
  }

 private:
  void Track(int rc) {
    if (rc < 0) ok_ = false;
  }

  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr writer_ = nullptr;
  bool ok_ = false;
};

}  // namespace factflow::dispatch::domain
