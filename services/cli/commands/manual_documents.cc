// factflowctl invoice create, credit-note create, audit verify.

#include "commands/manual_documents.h"

#include <fmt/core.h>

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "commands/chorus_buyer_options.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "format.h"
#include "money/decimal.h"
#include "parse.h"
#include "strings/absl_bridge.h"

namespace factflow::cli {
namespace {

using invoicing::v1::InvoiceService;

// Lower case without the accents the keys and modes may carry.
std::string Fold(std::string_view text) {
  std::string folded = absl::AsciiStrToLower(absl::StripAsciiWhitespace(AsAbsl(text)));
  return absl::StrReplaceAll(folded, {{"é", "e"}, {"è", "e"}, {"ê", "e"}, {"à", "a"},
                                      {"É", "e"}, {"_", "-"}, {" ", "-"}});
}

absl::StatusOr<common::v1::Decimal> Amount(const std::string& where, const std::string& text) {
  std::optional<money::Decimal> value = money::Decimal::ParseLenient(text);
  if (!value) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, " : « ", text, " » n'est pas un nombre (ex. 12,50)"));
  }
  common::v1::Decimal wire;
  wire.set_value(value->ToString(4));
  return wire;
}

std::string DocumentSummary(const invoicing::v1::Invoice& d) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {d.type_code() == "381" ? "Avoir" : "Facture", d.number()},
      {"Date", FormatIsoDate(d.issue_date())},
      {"Client", d.buyer().name()},
      {"Total HT", FormatAmount(d.total_net())},
      {"TVA", FormatAmount(d.total_vat())},
      {"Total TTC", FormatAmount(d.total_with_vat())},
      {"État", FrenchSendState(d.send_state())},
  };
  if (!d.due_date().empty()) fields.push_back({"Échéance", FormatIsoDate(d.due_date())});
  if (!d.payment_mode().empty()) fields.push_back({"Mode de paiement", d.payment_mode()});
  if (!d.preceding_invoice_number().empty()) {
    fields.push_back({"Facture corrigée", d.preceding_invoice_number()});
  }
  return FormatFields(fields);
}

// ---- invoice create ---------------------------------------------------------------------------

struct CreateOptions {
  std::string series;
  std::string client_name, client_address, client_address2, client_postal_code, client_city;
  std::string client_country, client_siren, client_siret, client_vat, client_email;
  std::string client_iban, client_bank;
  std::vector<std::string> lines;
  bool incl_vat = false;
  bool excl_vat = false;
  std::string payment;
  std::string due_date, iban, bic, buyer_reference, order_reference, note;
  ChorusBuyerOptions chorus;
  bool json = false;
};

absl::Status RunCreate(Client& client, const CreateOptions& o) {
  if (o.incl_vat == o.excl_vat) ThrowUsageError("--ht/--ttc", "dites si les prix sont --ht ou --ttc");
  invoicing::v1::CreateInvoiceRequest request;
  request.set_series_code(o.series);
  auto* buyer = request.mutable_buyer();
  buyer->set_name(o.client_name);
  buyer->set_siren(o.client_siren);
  buyer->set_siret(o.client_siret);
  buyer->set_vat_number(o.client_vat);
  buyer->set_email(o.client_email);
  buyer->set_iban(o.client_iban);
  buyer->set_bank_name(o.client_bank);
  auto* address = buyer->mutable_address();
  address->set_line1(o.client_address);
  address->set_line2(o.client_address2);
  address->set_postal_code(o.client_postal_code);
  address->set_city(o.client_city);
  address->set_country_code(o.client_country);
  int n = 0;
  for (const std::string& spec : o.lines) {
    ++n;
    absl::StatusOr<invoicing::v1::ManualLine> line = ParseManualLine(spec);
    if (!line.ok()) ThrowUsageError("--line", absl::StrCat("ligne ", n, " : ", line.status().message()));
    *request.add_lines() = *line;
  }
  request.set_price_basis(o.incl_vat ? invoicing::v1::PRICE_BASIS_INCL_VAT
                                     : invoicing::v1::PRICE_BASIS_EXCL_VAT);
  absl::StatusOr<invoicing::v1::PaymentMode> mode = ParsePaymentMode(o.payment);
  if (!mode.ok()) ThrowUsageError("--payment", std::string(mode.status().message()));
  request.set_payment_mode(*mode);
  request.set_due_date(o.due_date);
  request.set_iban(o.iban);
  request.set_bic(o.bic);
  request.set_buyer_reference(o.buyer_reference);
  request.set_purchase_order_reference(o.order_reference);
  FillChorusBuyer(o.chorus, request.mutable_chorus());
  request.set_note(o.note);
  invoicing::v1::Invoice created;
  absl::Status status = client.Call(&InvoiceService::Stub::CreateInvoice, request, &created);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(created);
  } else {
    fmt::print("Facture créée.\n{}", DocumentSummary(created));
  }
  return absl::OkStatus();
}

void AddCreateInvoiceCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<CreateOptions>();
  CLI::App* invoice = app.get_subcommand("invoice");
  CLI::App* create = invoice->add_subcommand(
      "create", "Crée une facture manuelle, numérotée dans sa série (sans trou)");
  create->add_option("--series", o->series, "Série de factures (défaut : la première, FA)");
  create->add_option("--client", o->client_name, "Nom ou raison sociale du client")->required();
  create->add_option("--address", o->client_address, "Adresse du client")->required();
  create->add_option("--address2", o->client_address2, "Complément d'adresse");
  create->add_option("--postal-code", o->client_postal_code, "Code postal")->required();
  create->add_option("--city", o->client_city, "Ville")->required();
  create->add_option("--country", o->client_country, "Code pays ISO (défaut FR)");
  create->add_option("--siren", o->client_siren, "SIREN du client (B2B)");
  create->add_option("--siret", o->client_siret, "SIRET du client (Chorus Pro)");
  create->add_option("--vat-number", o->client_vat, "N° de TVA intracommunautaire du client");
  create->add_option("--email", o->client_email, "E-mail du client");
  create->add_option("--client-iban", o->client_iban,
                     "IBAN du client : compte sur lequel la LCR est tirée (traites)");
  create->add_option("--client-bank", o->client_bank, "Banque (domiciliation) du client");
  create->add_option("--line", o->lines,
                     "Ligne « libellé=…;qté=…;prix=…;tva=…[;remise=…%][;article=…][;unité=…] », "
                     "répétable")
      ->required();
  create->add_flag("--ht", o->excl_vat, "Les prix unitaires sont hors taxes");
  create->add_flag("--ttc", o->incl_vat, "Les prix unitaires sont toutes taxes comprises");
  create->add_option("--payment", o->payment,
                     "Mode de paiement : cheque, virement, prelevement, lcr, billet-a-ordre, "
                     "carte, especes, en-ligne")
      ->required();
  create->add_option("--due-date", o->due_date,
                     "Échéance AAAA-MM-JJ (défaut : conditions de paiement du dossier)");
  create->add_option("--iban", o->iban, "IBAN à payer (défaut : celui du dossier)");
  create->add_option("--bic", o->bic, "BIC (défaut : celui du dossier)");
  create->add_option("--buyer-reference", o->buyer_reference, "Référence acheteur (code service)");
  create->add_option("--order-reference", o->order_reference,
                     "N° de bon de commande de l'acheteur (le n° d'engagement : --commitment)");
  AddChorusBuyerOptions(create, &o->chorus);
  create->add_option("--note", o->note, "Mention libre imprimée sur la facture");
  AddJsonFlag(create, &o->json);
  session.OnRun(create, [&session, o] { return RunCreate(session.client(), *o); });
}

// ---- credit-note create -----------------------------------------------------------------------

struct CreditOptions {
  std::string invoice;
  std::string reason;
  std::vector<std::string> lines;
  std::string series;
  bool json = false;
};

absl::Status RunCreditNote(Client& client, const CreditOptions& o) {
  invoicing::v1::CreateCreditNoteRequest request;
  if (LooksLikeUuid(o.invoice)) {
    request.set_invoice_id(o.invoice);
  } else {
    request.set_invoice_number(o.invoice);
  }
  request.set_reason(o.reason);
  request.set_series_code(o.series);
  for (const std::string& spec : o.lines) {
    absl::StatusOr<invoicing::v1::CreditedLine> line = ParseCreditedLine(spec);
    if (!line.ok()) ThrowUsageError("--line", std::string(line.status().message()));
    *request.add_lines() = *line;
  }
  invoicing::v1::Invoice created;
  absl::Status status = client.Call(&InvoiceService::Stub::CreateCreditNote, request, &created);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(created);
  } else {
    fmt::print("Avoir créé.\n{}", DocumentSummary(created));
  }
  return absl::OkStatus();
}

void AddCreditNoteCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<CreditOptions>();
  CLI::App* group = app.add_subcommand("credit-note", "Avoirs (annulation totale ou partielle)");
  group->require_subcommand(1);
  CLI::App* create = group->add_subcommand(
      "create", "Crée un avoir sur une facture : total (sans --line) ou partiel");
  create->add_option("INVOICE", o->invoice, "Facture corrigée : numéro ou identifiant")->required();
  create->add_option("--reason", o->reason, "Motif de l'avoir")->required();
  create->add_option("--line", o->lines,
                     "Ligne de la facture et quantité à créditer « N=QTÉ », répétable "
                     "(défaut : tout le reste à créditer)");
  create->add_option("--series", o->series, "Série d'avoirs (défaut : la première, AV)");
  AddJsonFlag(create, &o->json);
  session.OnRun(create, [&session, o] { return RunCreditNote(session.client(), *o); });
}

// ---- audit verify -----------------------------------------------------------------------------

absl::Status RunAuditVerify(Client& client, bool json) {
  invoicing::v1::VerifyAuditTrailRequest request;
  invoicing::v1::VerifyAuditTrailResponse response;
  absl::Status status = client.Call(&InvoiceService::Stub::VerifyAuditTrail, request, &response);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(response);
  } else {
    fmt::print("{}", FormatFields({
                         {"Entrées vérifiées", absl::StrCat(response.entries_checked())},
                         {"Tête de chaîne", absl::StrCat("n° ", response.head_sequence(), " ",
                                                         ShortHash(response.head_hash()))},
                         {"Chaîne intègre", YesNo(response.intact())},
                         {"Anomalie", response.problem()},
                     }));
  }
  if (response.intact()) return absl::OkStatus();
  return absl::DataLossError(
      absl::StrCat("journal d'audit altéré : ", response.problem()));
}

void AddAuditCommand(CLI::App& app, Session& session) {
  auto json = std::make_shared<bool>(false);
  CLI::App* audit = app.add_subcommand("audit", "Journal d'audit (chaîne d'empreintes)");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "Vérifie la chaîne d'empreintes du journal d'audit du dossier ; nomme la première entrée "
      "modifiée, supprimée ou déplacée (code 1 si altérée)");
  AddJsonFlag(verify, json.get());
  session.OnRun(verify, [&session, json] { return RunAuditVerify(session.client(), *json); });
}

}  // namespace

absl::StatusOr<invoicing::v1::ManualLine> ParseManualLine(std::string_view spec) {
  invoicing::v1::ManualLine line;
  std::map<std::string, bool> seen;
  for (absl::string_view item : absl::StrSplit(AsAbsl(spec), ';', absl::SkipWhitespace())) {
    size_t eq = item.find('=');
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("« ", item, " » : clé=valeur attendu (ex. qté=2)"));
    }
    std::string key = Fold(AsStd(item.substr(0, eq)));
    std::string value(absl::StripAsciiWhitespace(item.substr(eq + 1)));
    std::string where = absl::StrCat("clé « ", item.substr(0, eq), " »");
    if (key == "article") {
      line.set_article_code(value);
    } else if (key == "libelle" || key == "label") {
      key = "libelle";
      line.set_label(value);
    } else if (key == "qte" || key == "quantite" || key == "qty") {
      key = "qte";
      auto amount = Amount(where, value);
      if (!amount.ok()) return amount.status();
      *line.mutable_quantity() = *amount;
    } else if (key == "prix" || key == "price") {
      key = "prix";
      auto amount = Amount(where, value);
      if (!amount.ok()) return amount.status();
      *line.mutable_unit_price() = *amount;
    } else if (key == "tva" || key == "vat") {
      key = "tva";
      auto amount = Amount(where, std::string(absl::StripSuffix(value, "%")));
      if (!amount.ok()) return amount.status();
      *line.mutable_vat_rate() = *amount;
    } else if (key == "remise" || key == "discount") {
      auto amount = Amount(where, std::string(absl::StripSuffix(value, "%")));
      if (!amount.ok()) return amount.status();
      *line.mutable_discount_percent() = *amount;
    } else if (key == "unite" || key == "unit") {
      line.set_unit_code(value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          where, " inconnue (article, libellé, qté, prix, tva, remise, unité)"));
    }
    seen[key] = true;
  }
  std::vector<std::string> missing;
  for (const char* key : {"libelle", "qte", "prix", "tva"}) {
    if (!seen[key]) missing.emplace_back(std::string(key) == "libelle" ? "libellé"
                                         : std::string(key) == "qte"   ? "qté"
                                                                       : key);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", AsAbsl(spec), " » : il manque ", absl::StrJoin(missing, ", ")));
  }
  return line;
}

absl::StatusOr<invoicing::v1::CreditedLine> ParseCreditedLine(std::string_view spec) {
  std::vector<absl::string_view> parts = absl::StrSplit(AsAbsl(spec), '=');
  int number = 0;
  if (parts.size() != 2 || !IsDigits(AsStd(absl::StripAsciiWhitespace(parts[0]))) ||
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(parts[0]), &number) || number < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", AsAbsl(spec), " » : N=QUANTITÉ attendu (ex. 2=1 pour 1 de la ligne 2)"));
  }
  auto amount =
      Amount(absl::StrCat("ligne ", number), std::string(absl::StripAsciiWhitespace(parts[1])));
  if (!amount.ok()) return amount.status();
  invoicing::v1::CreditedLine line;
  line.set_line_number(number);
  *line.mutable_quantity() = *amount;
  return line;
}

absl::StatusOr<invoicing::v1::PaymentMode> ParsePaymentMode(std::string_view name) {
  static const std::map<std::string, invoicing::v1::PaymentMode> kModes = {
      {"cheque", invoicing::v1::PAYMENT_MODE_CHEQUE},
      {"virement", invoicing::v1::PAYMENT_MODE_VIREMENT},
      {"prelevement", invoicing::v1::PAYMENT_MODE_PRELEVEMENT},
      {"lcr", invoicing::v1::PAYMENT_MODE_LCR},
      {"billet-a-ordre", invoicing::v1::PAYMENT_MODE_BILLET_A_ORDRE},
      {"bor", invoicing::v1::PAYMENT_MODE_BILLET_A_ORDRE},
      {"carte", invoicing::v1::PAYMENT_MODE_CARTE},
      {"especes", invoicing::v1::PAYMENT_MODE_ESPECES},
      {"en-ligne", invoicing::v1::PAYMENT_MODE_PAIEMENT_EN_LIGNE},
      {"paiement-en-ligne", invoicing::v1::PAYMENT_MODE_PAIEMENT_EN_LIGNE},
  };
  auto found = kModes.find(Fold(name));
  if (found == kModes.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "mode de paiement « ", AsAbsl(name),
        " » inconnu : cheque, virement, prelevement, lcr, billet-a-ordre, carte, especes, "
        "en-ligne"));
  }
  return found->second;
}

void AddManualDocumentCommands(CLI::App& app, Session& session) {
  AddCreateInvoiceCommand(app, session);
  AddCreditNoteCommand(app, session);
  AddAuditCommand(app, session);
}

}  // namespace factflow::cli
