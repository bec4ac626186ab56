#pragma once

// Internal to the xlsx reader: a small, streaming, non-validating XML scanner for the parts of an
// .xlsx (SpreadsheetML), several times faster than a general parser on sheet XML because it does
// only what those parts need, on buffers it scans with memchr.
//
// What it does:
//   - elements (start, end, empty), attributes (single or double quotes), text, CDATA; comments
//     and processing instructions (the XML declaration included) are skipped;
//   - the five predefined entities and character references (&#N; &#xN;) are decoded;
//   - well-formedness that matters for safety and correctness: end tags match their start tags,
//     one root element, no text outside it, nesting depth bounded, UTF-8 valid everywhere,
//     character references valid;
//   - any DOCTYPE (hence any entity declaration, internal or external) is refused;
//   - input is fed in pieces; text is handed on as it comes (a long text node never waits for its
//     end), and an unfinished token (tag, comment, PI, CDATA) is retried only once the buffered
//     input has doubled, so the work stays linear however long it is; a token longer than the
//     limit is refused.
// Names are not namespace-resolved: "x:row" and "row" both have the local name "row" (the parts
// are identified by their zip names, and SpreadsheetML element names do not collide).
//
// Errors: InvalidArgument with "<part>, ligne L, colonne C : XML invalide (...)" (French), or the
// first non-OK status a handler returns. ResourceExhausted for a token beyond the limit.
//
// Thread safety: one scanner per thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace factflow::importer::domain::xml {

struct XmlAttribute {
  std::string_view name;   // as written, prefix included
  std::string_view value;  // entities decoded
};
using Attributes = std::span<const XmlAttribute>;

// Value of the attribute with local name `local` ("" if absent).
std::string_view Attribute(Attributes attrs, std::string_view local);

class SaxHandler {
 public:
  virtual ~SaxHandler() = default;
  // `name` is the local name (prefix dropped). Views are valid during the call only.
  virtual absl::Status OnStart(std::string_view name, Attributes attrs) = 0;
  virtual absl::Status OnEnd(std::string_view name) = 0;
  // Text may arrive in several pieces for one text node.
  virtual absl::Status OnText(std::string_view /*text*/) { return absl::OkStatus(); }
};

class XmlScanner {
 public:
  XmlScanner(std::string_view part, SaxHandler& handler, int64_t max_token_bytes);

  // Room for at least `bytes` more input: write into the returned pointer, then call Feed with
  // how many bytes were written (0 at the end of the input).
  char* Reserve(size_t bytes);
  // Scans what was written. At the end of input (`bytes` == 0) the document must be complete.
  absl::Status Feed(size_t bytes);
  // How much input the next Reserve should ask for (more while a long token is pending).
  size_t NextReadSize(size_t minimum) const;

 private:
  enum class Step { kContinue, kNeedMore, kFailed };

  Step ScanMarkup();
  Step ScanText(bool at_end);
  Step ScanStartTag();
  Step ScanEndTag();
  Step SkipUntil(std::string_view terminator, size_t from);
  Step ScanCdata();
  bool DecodeInto(std::string_view raw, std::string& out);
  Step Deliver(std::string_view text, bool decode);
  Step Fail(std::string_view what);
  Step Check(absl::Status status);
  bool ValidateUtf8(size_t from, size_t to);
  void Compact();

  std::string part_;
  SaxHandler& handler_;
  int64_t max_token_bytes_;
  std::string buffer_;
  size_t size_ = 0;       // bytes of buffer_ holding input
  size_t pos_ = 0;        // first byte not yet consumed
  size_t validated_ = 0;  // bytes of buffer_ checked as UTF-8
  size_t retry_at_ = 0;   // an unfinished token is retried once size_ reaches this
  struct PendingAttribute {
    std::string_view name;
    std::string_view raw;
    size_t decoded_at;  // into values_, when decoded
    size_t decoded_length;
    bool decoded;
  };

  int64_t discarded_ = 0;          // input bytes discarded by Compact
  int64_t lines_before_ = 0;       // newlines in input discarded by Compact
  int64_t column_base_ = 0;        // bytes since the last newline at the buffer's start
  std::vector<std::string> open_;  // element names, outermost first
  size_t depth_ = 0;
  bool seen_root_ = false;
  std::vector<PendingAttribute> pending_;
  std::vector<XmlAttribute> attributes_;
  std::string values_;  // decoded attribute values
  std::string text_;    // decoded text
  absl::Status status_;
};

}  // namespace factflow::importer::domain::xml
