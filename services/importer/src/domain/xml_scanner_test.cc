#include "domain/xml_scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain::xml {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Records events as "<name a=v>", "</name>" and text (adjacent pieces merged).
class Recorder : public SaxHandler {
 public:
  absl::Status OnStart(std::string_view name, Attributes attrs) override {
    std::string event = absl::StrCat("<", AsAbsl(name));
    for (const XmlAttribute& a : attrs)
      absl::StrAppend(&event, " ", AsAbsl(a.name), "=", AsAbsl(a.value));
    events.push_back(event + ">");
    return absl::OkStatus();
  }
  absl::Status OnEnd(std::string_view name) override {
    events.push_back(absl::StrCat("</", AsAbsl(name), ">"));
    return absl::OkStatus();
  }
  absl::Status OnText(std::string_view text) override {
    if (!events.empty() && events.back().rfind("'", 0) == 0) {
      events.back().insert(events.back().size() - 1, text);
    } else {
      events.push_back(absl::StrCat("'", AsAbsl(text), "'"));
    }
    return absl::OkStatus();
  }
  std::vector<std::string> events;
};

// Feeds `xml` in pieces of `piece` bytes (0: all at once).
absl::Status Scan(std::string_view xml, Recorder& recorder, size_t piece = 0,
                  int64_t max_token = 1 << 20) {
  XmlScanner scanner("part.xml", recorder, max_token);
  size_t step = piece == 0 ? xml.size() : piece;
  for (size_t at = 0; at < xml.size(); at += step) {
    size_t n = std::min(step, xml.size() - at);
    std::copy_n(xml.data() + at, n, scanner.Reserve(n));
    if (absl::Status s = scanner.Feed(n); !s.ok()) return s;
  }
  scanner.Reserve(0);
  return scanner.Feed(0);
}

std::vector<std::string> Events(std::string_view xml, size_t piece = 0) {
  Recorder recorder;
  absl::Status status = Scan(xml, recorder, piece);
  EXPECT_TRUE(status.ok()) << status;
  return recorder.events;
}

absl::Status ScanStatus(std::string_view xml) {
  Recorder recorder;
  return Scan(xml, recorder);
}

constexpr std::string_view kDocument =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->"
    "<x:root xmlns:x=\"urn:x\" a='1 &amp; 2' b=\"&#233;&#xE9;\">"
    "<c r=\"A1\" t=\"s\"><v>12</v></c><empty/>"
    "<t>caf\xC3\xA9 &lt;&gt;&quot;&apos; <![CDATA[<raw> & ]]>end</t>"
    "<?pi inside?></x:root>\n";

TEST(XmlScannerTest, ReportsElementsAttributesAndDecodedText) {
  EXPECT_THAT(Events(kDocument),
              ElementsAre("<root xmlns:x=urn:x a=1 & 2 b=\xC3\xA9\xC3\xA9>", "<c r=A1 t=s>", "<v>",
                          "'12'", "</v>", "</c>", "<empty>", "</empty>", "<t>",
                          "'caf\xC3\xA9 <>\"' <raw> & end'", "</t>", "</root>"));
}

TEST(XmlScannerTest, GivesTheSameEventsWhateverTheFeedPieces) {
  std::vector<std::string> whole = Events(kDocument);
  for (size_t piece : {1, 2, 3, 5, 7, 16}) EXPECT_EQ(Events(kDocument, piece), whole) << piece;
}

TEST(XmlScannerTest, RefusesMalformedDocumentsWithTheirLine) {
  absl::Status mismatch = ScanStatus("<a>\n<b>\n</a></b>");
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mismatch.message(), HasSubstr("part.xml, ligne 3, colonne 1 : XML invalide"));
  for (std::string_view bad :
       {"", "<a>", "<a></a><b/>", "text<a/>", "<a/>text", "<a b=1/>", "<a b=\"<\"/>",
        "<a>&unknown;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>\xC3</a>", "<a>\xFF</a>",
        "<a>\xED\xA0\x80</a>", "<a b='1'c='2'/>", "<!-- unfinished <a/>", "<a/ >", "<>x</>"}) {
    EXPECT_EQ(ScanStatus(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_THAT(ScanStatus("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>").message(),
              HasSubstr("DOCTYPE"));
}

TEST(XmlScannerTest, BoundsNestingDepth) {
  std::string nested;
  for (int i = 0; i < 65; ++i) nested += "<x>";
  EXPECT_THAT(ScanStatus(nested).message(), HasSubstr("imbrication XML trop profonde"));
}

TEST(XmlScannerTest, StreamsLongTextAndRefusesLongTokens) {
  // 8 MiB of text: handed on as it comes, never held as one token.
  std::string text = "<a>" + std::string(8 << 20, 'x') + "</a>";
  Recorder recorder;
  ASSERT_TRUE(Scan(text, recorder, 64 << 10, 1 << 20).ok());
  EXPECT_EQ(recorder.events[1].size(), (8u << 20) + 2);

  std::string comment = "<a><!--" + std::string(8 << 20, 'x') + "--></a>";
  Recorder refused;
  absl::Status status = Scan(comment, refused, 64 << 10, 1 << 20);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("part.xml, à partir de l'octet 3"));
}

}  // namespace
}  // namespace factflow::importer::domain::xml
