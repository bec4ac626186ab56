#include "domain/bill_renderer.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/amount_in_words.h"
#include "domain/formatting.h"

namespace factflow::dispatch::domain {
namespace {

constexpr double kWidth = 595.28;
constexpr double kHeight = 841.89;
constexpr double kLeft = 42.5;
constexpr double kRight = kWidth - kLeft;
constexpr char kFont[] = "DejaVu Sans";

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Writes lines top to bottom on one page.
class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr) {}

  void Text(double x, double y, const std::string& text, double size, bool bold) {
    cairo_select_font_face(cr_, kFont, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, text.c_str());
  }

  // `label` in bold then `value`, wrapped at the right margin; advances y_.
  void Field(const std::string& label, const std::string& value) {
    Text(kLeft, y_, label, 9, true);
    double x = kLeft + 150;
    for (const std::string& line : Wrap(value, kRight - x, 9)) {
      Text(x, y_, line, 9, false);
      y_ += 13;
    }
    y_ += 3;
  }

  void Box(double y, double height, const std::string& caption) {
    cairo_set_line_width(cr_, 0.6);
    cairo_rectangle(cr_, kLeft, y, kRight - kLeft, height);
    cairo_stroke(cr_);
    Text(kLeft + 6, y + 12, caption, 8, false);
  }

  double y_ = 0;

 private:
  std::vector<std::string> Wrap(const std::string& text, double width, double size) {
    cairo_select_font_face(cr_, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    std::vector<std::string> lines;
    std::string line;
    for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
      std::string candidate = line.empty() ? std::string(word) : absl::StrCat(line, " ", word);
      cairo_text_extents_t extents;
      cairo_text_extents(cr_, candidate.c_str(), &extents);
      if (extents.x_advance > width && !line.empty()) {
        lines.push_back(line);
        line = std::string(word);
      } else {
        line = std::move(candidate);
      }
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
  }

  cairo_t* cr_;
};

std::string PartyText(const Party& party) {
  std::string text = party.name;
  auto add = [&](const std::string& part) {
    if (!part.empty()) absl::StrAppend(&text, ", ", part);
  };
  add(party.address.line1);
  add(party.address.line2);
  add(absl::StrCat(party.address.postal_code, party.address.postal_code.empty() ? "" : " ",
                   party.address.city));
  if (!party.siren.empty()) add(absl::StrCat("SIREN ", party.siren));
  return text;
}

std::string RibText(const std::string& iban) {
  std::string compact;
  for (char c : iban) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact.size() != 27 || compact.substr(0, 2) != "FR") return compact;
  return absl::StrCat("banque ", compact.substr(4, 5), " — guichet ", compact.substr(9, 5),
                      " — compte ", compact.substr(14, 11), " — clé ", compact.substr(25, 2),
                      " (IBAN ", compact, ")");
}

void Draw(Page& page, const BillOfExchange& bill, const std::string& words) {
  const bool lcr = bill.kind == BillKind::kLettreDeChange;
  if (!bill.copy_mark.empty()) page.Text(kLeft, kLeft - 14, bill.copy_mark, 14, true);
  page.Text(kLeft, kLeft + 16, lcr ? "LETTRE DE CHANGE RELEVÉ (LCR)" : "BILLET À ORDRE", 20, true);
  page.Text(kLeft, kLeft + 34, absl::StrCat("Facture N° ", bill.invoice_number), 10, false);
  page.y_ = kLeft + 64;
  page.Field(lcr ? "Contre cette" : "Je paierai",
             lcr ? "LETTRE DE CHANGE stipulée SANS FRAIS, veuillez payer la somme indiquée "
                   "ci-dessous à l'ordre de :"
                 : "contre ce BILLET À ORDRE stipulé SANS FRAIS la somme indiquée ci-dessous à "
                   "l'ordre de :");
  page.Field("Bénéficiaire", PartyText(bill.drawer));
  page.Field("Montant", FrenchAmount(bill.amount));
  page.Field("Montant en lettres", words);
  page.Field("Échéance", IsoDateToFrench(bill.due_date));
  page.Field("Date de création", IsoDateToFrench(bill.creation_date));
  page.Field("Lieu de création", bill.creation_place.empty() ? "—" : bill.creation_place);
  if (lcr) page.Field("Tireur", PartyText(bill.drawer));
  page.Field(lcr ? "Tiré" : "Souscripteur", PartyText(bill.drawee));
  page.Field("Lieu de paiement", bill.drawee_bank.empty() ? "banque du tiré" : bill.drawee_bank);
  page.Field(lcr ? "RIB du tiré" : "RIB du souscripteur",
             bill.drawee_iban.empty() ? "—" : RibText(bill.drawee_iban));
  page.Field("Valeur", absl::StrCat("en règlement de la facture N° ", bill.invoice_number));
  page.y_ += 10;
  if (lcr) {
    page.Box(page.y_, 70, "Acceptation ou aval (signature du tiré)");
    page.Box(page.y_ + 80, 70, "Signature du tireur");
  } else {
    page.Box(page.y_, 70, "Bon pour aval");
    page.Box(page.y_ + 80, 70, "Signature du souscripteur");
  }
}

}  // namespace

absl::StatusOr<std::string> RenderBillPdf(const BillOfExchange& bill) {
  if (bill.amount.is_negative() || bill.amount.RoundedToCents().is_zero()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "facture ", bill.invoice_number, " : une traite exige un montant positif"));
  }
  if (!IsIsoDate(bill.due_date)) {
    return absl::InvalidArgumentError(
        absl::StrCat("facture ", bill.invoice_number, " : échéance absente ou invalide"));
  }
  if (bill.drawee.name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("facture ", bill.invoice_number, " : nom du tiré absent"));
  }
  absl::StatusOr<std::string> words = EurosInFrenchWords(bill.amount);
  if (!words.ok()) return words.status();

  std::string pdf;
  // Owned by unique_ptrs: the context is released before the surface is finished.
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(Append, &pdf, kWidth, kHeight), cairo_surface_destroy);
  // Reproducible bytes: the creation date of the bill, not "now".
  const std::string date = absl::StrCat(bill.creation_date, "T00:00:00");
  for (auto field : {CAIRO_PDF_METADATA_CREATE_DATE, CAIRO_PDF_METADATA_MOD_DATE}) {
    cairo_pdf_surface_set_metadata(surface.get(), field, date.c_str());
  }
  cairo_status_t drawn = CAIRO_STATUS_SUCCESS;
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    Page page(cr.get());
    Draw(page, bill, *words);
    cairo_show_page(cr.get());
    drawn = cairo_status(cr.get());
  }
  cairo_surface_finish(surface.get());
  const cairo_status_t finished = cairo_surface_status(surface.get());
  if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat(
        "cairo failed to render the bill: ",
        cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished)));
  }
  return pdf;
}

}  // namespace factflow::dispatch::domain
