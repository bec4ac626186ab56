#include "domain/pdf_renderer.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "domain/formatting.h"

namespace factflow::dispatch::domain {
namespace {

// A4 in points, 15 mm margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 42.5;
constexpr double kRight = kPageWidth - kMargin;
constexpr double kContentWidth = kRight - kMargin;
constexpr double kFooterTop = kPageHeight - 32;
constexpr double kBodyBottom = kFooterTop - 10;

constexpr double kTextSize = 8.5;
constexpr double kLineHeight = 11;
constexpr double kCellPadding = 4;
constexpr double kGray = 0.4;

// The lines table: left edge and width of each column; numbers are right-aligned.
struct Column {
  const char* title;
  double x;
  double width;
};
constexpr Column kDesignation = {"Désignation", kMargin, 250};
constexpr Column kQuantity = {"Qté", kMargin + 250, 50};
constexpr Column kUnitPrice = {"PU HT", kMargin + 300, 75};
constexpr Column kVat = {"TVA", kMargin + 375, 50};
constexpr Column kNet = {"Montant HT", kMargin + 425, kContentWidth - 425};

constexpr Column kBreakdownRate = {"Taux", kMargin, 80};
constexpr Column kBreakdownBasis = {"Base HT", kMargin + 80, 85};
constexpr Column kBreakdownVat = {"Montant TVA", kMargin + 165, 85};
constexpr double kTotalsLeft = kMargin + 290;

struct Fonts {
  cairo_font_face_t* regular = nullptr;
  cairo_font_face_t* bold = nullptr;
  absl::Status status;
};

absl::StatusOr<cairo_font_face_t*> LoadFace(FT_Library library, const char* path) {
  FT_Face face = nullptr;
  if (FT_New_Face(library, path, 0, &face) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load font ", path, " (Debian package fonts-dejavu-core)"));
  }
  // Unhinted outlines: the layout must not depend on a hinting setting.
  cairo_font_face_t* cairo_face = cairo_ft_font_face_create_for_ft_face(face, FT_LOAD_NO_HINTING);
  if (cairo_font_face_status(cairo_face) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat("cairo cannot use font ", path));
  }
  return cairo_face;
}

// Loaded once and never released: cairo caches scaled fonts that point at the FreeType faces,
// so they must outlive every render; cairo serialises its own use of each face.
const Fonts& GetFonts() {
  static const Fonts* const fonts = [] {
    auto* loaded = new Fonts;
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) {
      loaded->status = absl::InternalError("cannot initialise FreeType");
      return loaded;
    }
    absl::StatusOr<cairo_font_face_t*> regular = LoadFace(library, kDejaVuSansPath);
    absl::StatusOr<cairo_font_face_t*> bold = LoadFace(library, kDejaVuSansBoldPath);
    if (!regular.ok()) {
      loaded->status = regular.status();
    } else if (!bold.ok()) {
      loaded->status = bold.status();
    } else {
      loaded->regular = *regular;
      loaded->bold = *bold;
    }
    return loaded;
  }();
  return *fonts;
}

struct Style {
  bool bold = false;
  double size = kTextSize;
  double gray = 0;  // 0 black .. 1 white.
};
constexpr Style kNormal = {};
constexpr Style kBold = {.bold = true};
constexpr Style kSmallGray = {.size = 7, .gray = kGray};

enum class Align { kLeft, kRight };

// Drawing primitives over one cairo context. The layout runs twice: a measuring pass that
// paints nothing (to count the pages for "Page i/n") and the painting pass.
class Canvas {
 public:
  Canvas(cairo_t* cr, const Fonts& fonts, bool painting)
      : cr_(cr), fonts_(fonts), painting_(painting) {}

  double Width(absl::string_view text, const Style& style) {
    Use(style);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, std::string(text).c_str(), &extents);
    return extents.x_advance;
  }

  // Draws `text` with its baseline at `baseline`; `x` is the left or right edge.
  void Text(double x, double baseline, absl::string_view text, const Style& style,
            Align align = Align::kLeft) {
    if (!painting_ || text.empty()) return;
    double width = align == Align::kRight ? Width(text, style) : 0;
    Use(style);
    cairo_set_source_rgb(cr_, style.gray, style.gray, style.gray);
    cairo_move_to(cr_, align == Align::kRight ? x - width : x, baseline);
    cairo_show_text(cr_, std::string(text).c_str());
  }

  void FillRect(double x, double y, double width, double height, double gray) {
    if (!painting_) return;
    cairo_set_source_rgb(cr_, gray, gray, gray);
    cairo_rectangle(cr_, x, y, width, height);
    cairo_fill(cr_);
  }

  void StrokeRect(double x, double y, double width, double height) {
    if (!painting_) return;
    cairo_set_source_rgb(cr_, kGray, kGray, kGray);
    cairo_set_line_width(cr_, 0.5);
    cairo_rectangle(cr_, x, y, width, height);
    cairo_stroke(cr_);
  }

  void HorizontalRule(double x1, double x2, double y) {
    if (!painting_) return;
    cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr_, 0.4);
    cairo_move_to(cr_, x1, y);
    cairo_line_to(cr_, x2, y);
    cairo_stroke(cr_);
  }

  void ShowPage() {
    if (painting_) cairo_show_page(cr_);
  }

  // Greedy word wrap; a word wider than the line is cut between UTF-8 characters.
  std::vector<std::string> Wrap(absl::string_view text, const Style& style, double max_width) {
    std::vector<std::string> lines;
    for (absl::string_view paragraph : absl::StrSplit(text, '\n')) {
      std::string line;
      for (absl::string_view word : absl::StrSplit(paragraph, ' ', absl::SkipEmpty())) {
        std::string candidate = line.empty() ? std::string(word) : absl::StrCat(line, " ", word);
        if (Width(candidate, style) <= max_width) {
          line = std::move(candidate);
          continue;
        }
        if (!line.empty()) lines.push_back(std::move(line));
        line = CutLongWord(word, style, max_width, lines);
      }
      lines.push_back(std::move(line));
    }
    return lines;
  }

  std::vector<std::string> WrapAll(const std::vector<std::string>& texts, const Style& style,
                                   double max_width) {
    std::vector<std::string> lines;
    for (const std::string& text : texts)
      std::ranges::move(Wrap(text, style, max_width), std::back_inserter(lines));
    return lines;
  }

 private:
  void Use(const Style& style) {
    cairo_set_font_face(cr_, style.bold ? fonts_.bold : fonts_.regular);
    cairo_set_font_size(cr_, style.size);
  }

  // Emits the full-width pieces of `word` into `lines` and returns the remainder.
  std::string CutLongWord(absl::string_view word, const Style& style, double max_width,
                          std::vector<std::string>& lines) {
    std::string piece;
    for (size_t i = 0; i < word.size();) {
      size_t next = i + 1;
      while (next < word.size() && (static_cast<unsigned char>(word[next]) & 0xC0) == 0x80) ++next;
      absl::string_view character = word.substr(i, next - i);
      if (!piece.empty() && Width(absl::StrCat(piece, character), style) > max_width) {
        lines.push_back(std::move(piece));
        piece.clear();
      }
      absl::StrAppend(&piece, character);
      i = next;
    }
    return piece;
  }

  cairo_t* cr_;
  const Fonts& fonts_;
  bool painting_;
};

std::string VatRateLabel(const std::string& category, Decimal rate) {
  if (category == "S" || category == "Z") return absl::StrCat(TrimmedFrench(rate, 0), " %");
  if (category == "E") return "Exonéré";
  if (category == "AE") return "Autoliq.";
  if (category == "K") return "Exo. UE";
  if (category == "G") return "Export";
  return "Hors champ";
}

std::string PaymentMeansLabel(const std::string& code) {
  if (code == "30") return "Virement";
  if (code == "58") return "Virement SEPA";
  if (code == "20") return "Chèque";
  if (code == "48") return "Carte bancaire";
  if (code == "10") return "Espèces";
  if (code == "68") return "Paiement en ligne";
  return code;
}

// "FR7630006000011234567890189" -> "FR76 3000 6000 0112 3456 7890 189".
std::string GroupedIban(const std::string& iban) {
  std::string compact = absl::StrReplaceAll(iban, {{" ", ""}});
  std::string grouped;
  for (size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped += ' ';
    grouped += compact[i];
  }
  return grouped;
}

bool HasNote(const InvoiceDocument& doc, absl::string_view subject) {
  return std::ranges::any_of(doc.notes,
                             [&](const InvoiceNote& note) { return note.subject_code == subject; });
}

std::string Title(const InvoiceDocument& doc) {
  return doc.type_code == kTypeCodeCreditNote ? "AVOIR" : "FACTURE";
}

std::vector<std::string> AddressLines(const Party& party) {
  std::vector<std::string> lines;
  for (const std::string* line :
       {&party.address.line1, &party.address.line2, &party.address.line3}) {
    if (!line->empty()) lines.push_back(*line);
  }
  std::string city = absl::StrCat(party.address.postal_code,
                                  party.address.postal_code.empty() ? "" : " ", party.address.city);
  if (!city.empty()) lines.push_back(city);
  if (party.address.country_code != "FR") {
    lines.push_back(FrenchCountryName(party.address.country_code));
  }
  return lines;
}

// Appends "label value" when the value is present.
void AddIfPresent(std::vector<std::string>& lines, absl::string_view label,
                  const std::string& value) {
  if (!value.empty()) lines.push_back(absl::StrCat(label, value));
}

std::vector<std::string> PartyIdentifiers(const Party& party) {
  std::vector<std::string> lines;
  AddIfPresent(lines, "SIREN : ", party.siren);
  AddIfPresent(lines, "SIRET : ", party.siret);
  AddIfPresent(lines, "TVA intracommunautaire : ", party.vat_number);
  return lines;
}

// The legal mentions of the last page, one paragraph each.
std::vector<std::string> LegalMentions(const InvoiceDocument& doc) {
  std::vector<std::string> mentions;
  for (const VatBreakdown& group : doc.vat_breakdown) {
    if (!group.exemption_reason.empty() &&
        std::ranges::find(mentions, group.exemption_reason) == mentions.end()) {
      mentions.push_back(group.exemption_reason);
    }
  }
  for (const InvoiceNote& note : doc.notes) mentions.push_back(note.text);
  // The late-payment mentions are B2B only: none for a consumer (no SIREN, SIRET, VAT number
  // nor legal form).
  const Party& buyer = doc.buyer;
  if (buyer.siren.empty() && buyer.siret.empty() && buyer.vat_number.empty() &&
      buyer.legal_form.empty()) {
    return mentions;
  }
  if (!HasNote(doc, "PMD")) {
    mentions.push_back(
        "Pénalités de retard : taux d'intérêt appliqué par la Banque centrale européenne à son "
        "opération de refinancement la plus récente, majoré de 10 points (art. L441-10 du Code "
        "de commerce).");
  }
  if (!HasNote(doc, "PMT")) {
    mentions.push_back(
        "Indemnité forfaitaire pour frais de recouvrement : 40 € (art. D441-5 du Code de "
        "commerce).");
  }
  return mentions;
}

// Lays the invoice out top to bottom, starting a page whenever the next block does not fit.
class InvoiceLayout {
 public:
  InvoiceLayout(const InvoiceDocument& doc, Canvas& canvas, int total_pages)
      : doc_(doc), canvas_(canvas), total_pages_(total_pages) {}

  // Returns the number of pages used.
  int Run() {
    StartPage();
    DrawFirstPageHeader();
    DrawLines();
    DrawTotals();
    DrawPaymentAndMentions();
    canvas_.ShowPage();
    return page_;
  }

 private:
  void StartPage() {
    ++page_;
    table_header_on_page_ = false;
    std::string footer =
        absl::StrCat(doc_.seller.name, doc_.seller.siren.empty() ? "" : " — SIREN ",
                     doc_.seller.siren, " — ", Title(doc_), " N° ", doc_.number);
    canvas_.Text(kMargin, kFooterTop + 12, footer, kSmallGray);
    canvas_.Text(kRight, kFooterTop + 12, absl::StrCat("Page ", page_, "/", total_pages_),
                 kSmallGray, Align::kRight);
    if (!doc_.copy_mark.empty()) {
      canvas_.Text(kMargin, kMargin - 14, doc_.copy_mark, {.bold = true, .size = 14});
    }
    y_ = kMargin;
    page_top_ = y_;
    if (page_ > 1) {
      canvas_.Text(kMargin, y_ + 10, absl::StrCat(Title(doc_), " N° ", doc_.number, " (suite)"),
                   kBold);
      canvas_.Text(kRight, y_ + 10, doc_.seller.name, kNormal, Align::kRight);
      y_ += 24;
      page_top_ = y_;
    }
  }

  // Starts a new page unless `height` fits below y_ (or the page is still empty: a block
  // taller than a page is drawn anyway rather than looping).
  void EnsureRoom(double height) {
    if (y_ + height <= kBodyBottom || y_ <= page_top_) return;
    canvas_.ShowPage();
    StartPage();
  }

  double DrawBlockLines(double x, double top, const std::vector<std::string>& lines,
                        const Style& style, Align align = Align::kLeft) {
    double y = top;
    for (const std::string& line : lines) {
      y += kLineHeight;
      canvas_.Text(x, y, line, style, align);
    }
    return y;
  }

  void DrawFirstPageHeader() {
    // Seller, top left.
    const Party& seller = doc_.seller;
    constexpr double kSellerWidth = 260;
    constexpr double kReferencesWidth = 230;
    canvas_.Text(kMargin, y_ + 12, seller.name, {.bold = true, .size = 13});
    std::vector<std::string> seller_lines;
    if (!seller.legal_form.empty()) {
      seller_lines.push_back(
          seller.share_capital.empty()
              ? seller.legal_form
              : absl::StrCat(seller.legal_form, " au capital de ", seller.share_capital));
    }
    AddIfPresent(seller_lines, "", seller.registration);
    std::ranges::copy(AddressLines(seller), std::back_inserter(seller_lines));
    std::ranges::copy(PartyIdentifiers(seller), std::back_inserter(seller_lines));
    AddIfPresent(seller_lines, "Tél. : ", seller.phone);
    AddIfPresent(seller_lines, "E-mail : ", seller.email);
    double seller_bottom = DrawBlockLines(
        kMargin, y_ + 16, canvas_.WrapAll(seller_lines, kNormal, kSellerWidth), kNormal);

    // Title and references, top right.
    canvas_.Text(kRight, y_ + 18, Title(doc_), {.bold = true, .size = 20}, Align::kRight);
    canvas_.Text(kRight, y_ + 34, absl::StrCat("N° ", doc_.number), {.bold = true, .size = 11},
                 Align::kRight);
    std::vector<std::string> references = {
        absl::StrCat("Date d'émission : ", IsoDateToFrench(doc_.issue_date))};
    if (!doc_.order_date.empty()) {
      references.push_back(absl::StrCat("Date de commande : ", IsoDateToFrench(doc_.order_date)));
    }
    if (!doc_.delivery_date.empty()) {
      references.push_back(
          absl::StrCat("Date de livraison : ", IsoDateToFrench(doc_.delivery_date)));
    }
    if (!doc_.due_date.empty()) {
      references.push_back(absl::StrCat("Date d'échéance : ", IsoDateToFrench(doc_.due_date)));
    }
    if (!doc_.preceding_invoice_number.empty()) {
      references.push_back(
          absl::StrCat("Avoir sur la facture N° ", doc_.preceding_invoice_number,
                       doc_.preceding_invoice_date.empty()
                           ? ""
                           : absl::StrCat(" du ", IsoDateToFrench(doc_.preceding_invoice_date))));
    }
    AddIfPresent(references, "Bon de commande : ", doc_.purchase_order_reference);
    AddIfPresent(references, "N° d'engagement : ", doc_.commitment_number);
    AddIfPresent(references, "Code service : ", doc_.buyer_reference);
    AddIfPresent(references, "Référence : ", doc_.source_reference);
    double references_bottom =
        DrawBlockLines(kRight, y_ + 38, canvas_.WrapAll(references, kNormal, kReferencesWidth),
                       kNormal, Align::kRight);

    y_ = std::max(seller_bottom, references_bottom) + 14;
    DrawClientBox();
  }

  void DrawClientBox() {
    constexpr double kBoxLeft = kMargin + 270;
    constexpr double kBoxWidth = kRight - kBoxLeft;
    constexpr double kTextWidth = kBoxWidth - 16;
    const Party& buyer = doc_.buyer;
    std::vector<std::string> name = canvas_.Wrap(buyer.name, kBold, kTextWidth);
    std::vector<std::string> details = AddressLines(buyer);
    std::ranges::copy(PartyIdentifiers(buyer), std::back_inserter(details));
    if (doc_.has_delivery_address) {  // Reform mention: the delivery address when it differs.
      details.push_back(absl::StrCat("Adresse de livraison : ", doc_.delivery_party_name));
      Party delivery;
      delivery.address = doc_.delivery_address;
      std::ranges::copy(AddressLines(delivery), std::back_inserter(details));
    }
    details = canvas_.WrapAll(details, kNormal, kTextWidth);
    double height = 4 + (1 + name.size() + details.size()) * kLineHeight + 6;
    canvas_.StrokeRect(kBoxLeft, y_, kBoxWidth, height);
    canvas_.Text(kBoxLeft + 8, y_ + 4 + kLineHeight, "Client", kSmallGray);
    double name_bottom = DrawBlockLines(kBoxLeft + 8, y_ + 4 + kLineHeight, name, kBold);
    DrawBlockLines(kBoxLeft + 8, name_bottom, details, kNormal);
    y_ += height + 18;
  }

  void DrawRow(const std::vector<std::pair<Column, std::string>>& cells, const Style& style,
               double top) {
    for (const auto& [column, text] : cells) {
      bool left = column.x == kMargin;
      canvas_.Text(left ? column.x + kCellPadding : column.x + column.width - kCellPadding,
                   top + kLineHeight + 1, text, style, left ? Align::kLeft : Align::kRight);
    }
  }

  void DrawTableHeader() {
    constexpr double kHeight = kLineHeight + 7;
    canvas_.FillRect(kMargin, y_, kContentWidth, kHeight, 0.9);
    DrawRow({{kDesignation, kDesignation.title},
             {kQuantity, kQuantity.title},
             {kUnitPrice, kUnitPrice.title},
             {kVat, kVat.title},
             {kNet, kNet.title}},
            kBold, y_ + 1);
    y_ += kHeight;
    table_header_on_page_ = true;
  }

  void DrawLines() {
    for (const InvoiceLine& line : doc_.lines) {
      std::string label = line.article_code.empty()
                              ? line.label
                              : absl::StrCat(line.label, " (réf. ", line.article_code, ")");
      std::vector<std::string> label_lines =
          canvas_.Wrap(label, kNormal, kDesignation.width - 2 * kCellPadding);
      double height = label_lines.size() * kLineHeight + 6;
      EnsureRoom(height + (table_header_on_page_ ? 0 : kLineHeight + 7));
      if (!table_header_on_page_) DrawTableHeader();
      DrawRow({{kQuantity, TrimmedFrench(line.quantity, 0)},
               {kUnitPrice, absl::StrCat(TrimmedFrench(line.unit_net_price, 2), " €")},
               {kVat, VatRateLabel(line.vat_category_code, line.vat_rate)},
               {kNet, FrenchAmount(line.net_amount)}},
              kNormal, y_ + 2);
      DrawBlockLines(kDesignation.x + kCellPadding, y_ + 3, label_lines, kNormal);
      y_ += height;
      canvas_.HorizontalRule(kMargin, kRight, y_);
    }
    y_ += 14;
  }

  // VAT breakdown on the left, totals on the right, kept together.
  void DrawTotals() {
    std::vector<std::pair<std::string, std::string>> totals = {
        {"Total HT", FrenchAmount(doc_.total_net)},
        {"Total TVA", FrenchAmount(doc_.total_vat)},
        {"Total TTC", FrenchAmount(doc_.total_with_vat)}};
    if (!doc_.prepaid_amount.is_zero()) {
      // Fully paid at issue (e.g. collected by a marketplace) reads "Déjà réglé".
      bool settled = doc_.amount_due.is_zero();
      totals.push_back(
          {settled ? "Déjà réglé" : "Acompte versé", FrenchAmount(doc_.prepaid_amount)});
    }
    double breakdown_height = (doc_.vat_breakdown.size() + 1) * (kLineHeight + 5);
    double totals_height = (totals.size() + 1) * (kLineHeight + 5) + 4;
    EnsureRoom(std::max(breakdown_height, totals_height));
    double top = y_;

    canvas_.FillRect(kMargin, y_, kBreakdownVat.x + kBreakdownVat.width - kMargin, kLineHeight + 5,
                     0.9);
    DrawRow({{kBreakdownRate, kBreakdownRate.title},
             {kBreakdownBasis, kBreakdownBasis.title},
             {kBreakdownVat, kBreakdownVat.title}},
            kBold, y_);
    for (const VatBreakdown& group : doc_.vat_breakdown) {
      y_ += kLineHeight + 5;
      DrawRow({{kBreakdownRate, VatRateLabel(group.category_code, group.rate)},
               {kBreakdownBasis, FrenchAmount(group.basis)},
               {kBreakdownVat, FrenchAmount(group.vat_amount)}},
              kNormal, y_);
    }

    double y = top;
    for (const auto& [label, amount] : totals) {
      canvas_.Text(kTotalsLeft + kCellPadding, y + kLineHeight + 1, label, kNormal);
      canvas_.Text(kRight - kCellPadding, y + kLineHeight + 1, amount, kNormal, Align::kRight);
      y += kLineHeight + 5;
      canvas_.HorizontalRule(kTotalsLeft, kRight, y);
    }
    y += 4;
    canvas_.FillRect(kTotalsLeft, y, kRight - kTotalsLeft, kLineHeight + 7, 0.9);
    std::string due_label =
        doc_.type_code == kTypeCodeCreditNote ? "Montant à rembourser" : "Net à payer";
    canvas_.Text(kTotalsLeft + kCellPadding, y + kLineHeight + 2, due_label, kBold);
    canvas_.Text(kRight - kCellPadding, y + kLineHeight + 2, FrenchAmount(doc_.amount_due), kBold,
                 Align::kRight);
    y_ = std::max(top + breakdown_height, y + kLineHeight + 7) + 18;
  }

  void DrawParagraphs(absl::string_view title, const std::vector<std::string>& paragraphs) {
    if (paragraphs.empty()) return;
    EnsureRoom(2 * kLineHeight + 4);
    y_ += kLineHeight;
    canvas_.Text(kMargin, y_, title, kBold);
    y_ += 4;
    for (const std::string& paragraph : paragraphs) {
      std::vector<std::string> lines = canvas_.Wrap(paragraph, kNormal, kContentWidth);
      EnsureRoom(lines.size() * kLineHeight + 2);
      y_ = DrawBlockLines(kMargin, y_, lines, kNormal) + 2;
    }
    y_ += 10;
  }

  void DrawPaymentAndMentions() {
    std::vector<std::string> payment;
    AddIfPresent(payment, "", doc_.payment_terms_text);
    if (!doc_.due_date.empty()) {
      payment.push_back(absl::StrCat("Date d'échéance : ", IsoDateToFrench(doc_.due_date)));
    }
    if (!doc_.payment_means_code.empty()) {
      payment.push_back(
          absl::StrCat("Mode de paiement : ", PaymentMeansLabel(doc_.payment_means_code)));
    }
    if (!doc_.payee_iban.empty()) {
      payment.push_back(absl::StrCat("IBAN : ", GroupedIban(doc_.payee_iban),
                                     doc_.payee_bic.empty() ? "" : "    BIC : ", doc_.payee_bic));
    }
    DrawParagraphs("Conditions de paiement", payment);
    DrawParagraphs("Mentions légales", LegalMentions(doc_));
  }

  const InvoiceDocument& doc_;
  Canvas& canvas_;
  int total_pages_;
  int page_ = 0;
  double y_ = 0;
  double page_top_ = 0;
  bool table_header_on_page_ = false;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void SetMetadata(cairo_surface_t* surface, const InvoiceDocument& doc) {
  // A fixed date instead of "now" keeps the bytes (and the archive hash) reproducible.
  std::string date = absl::StrCat(doc.issue_date, "T00:00:00");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  std::string title =
      absl::StrCat(doc.type_code == kTypeCodeCreditNote ? "Avoir" : "Facture", " N° ", doc.number);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc.seller.name.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "factflow chorus-dispatch");
}

}  // namespace

absl::StatusOr<std::string> RenderInvoicePdf(const InvoiceDocument& doc) {
  if (absl::Status status = CheckConsistency(doc); !status.ok()) return status;
  const Fonts& fonts = GetFonts();
  if (!fonts.status.ok()) return fonts.status;

  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight);
  SetMetadata(surface, doc);
  cairo_t* cr = cairo_create(surface);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);

  Canvas measure(cr, fonts, /*painting=*/false);
  int total_pages = InvoiceLayout(doc, measure, 0).Run();
  Canvas paint(cr, fonts, /*painting=*/true);
  InvoiceLayout(doc, paint, total_pages).Run();

  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("cairo failed to render the PDF: ", cairo_status_to_string(status)));
  }
  return pdf;
}

}  // namespace factflow::dispatch::domain
