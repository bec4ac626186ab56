#include "domain/eta_files.h"

#include <array>
#include <initializer_list>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "csv/csv_reader.h"
#include "domain/codes.h"
#include "strings/absl_bridge.h"

// Local: domain/ stays free of the gRPC status header.
#define ETA_CONCAT_INNER(a, b) a##b
#define ETA_CONCAT(a, b) ETA_CONCAT_INNER(a, b)
#define ETA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(*tmp)
#define ETA_ASSIGN_OR_RETURN(lhs, expr) \
  ETA_ASSIGN_OR_RETURN_IMPL(ETA_CONCAT(eta_statusor_, __LINE__), lhs, expr)

namespace factflow::catalog_mapping::domain {
namespace {

// One column found in the header: its index and the name the file gives it.
struct Column {
  size_t index = 0;
  std::string name;
};

// The first of `names` present in the header; a French error naming the file and the first
// name when none is (and the column is required).
absl::StatusOr<std::optional<Column>> FindColumn(const csv::Header& header,
                                                 std::string_view file_name,
                                                 const std::vector<std::string_view>& names,
                                                 bool required) {
  for (std::string_view name : names) {
    if (auto index = header.Find(name)) return Column{*index, header.names()[*index]};
  }
  if (!required) return std::optional<Column>();
  return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(file_name),
                                                 " », ligne 1 : colonne obligatoire « ",
                                                 AsAbsl(names.front()), " » absente de l'en-tête"));
}

// Reads a file: the header (record 1) through `on_header`, every other record through `on_row`.
template <typename OnHeader, typename OnRow>
absl::Status ReadWithHeader(std::string_view file_name, std::string_view bytes,
                            OnHeader on_header, OnRow on_row) {
  csv::Options options;
  options.file_name = std::string(file_name);
  bool header_seen = false;
  absl::Status status = csv::ReadCsvBytes(bytes, options, [&](const csv::Record& record) {
    if (record.index == 1) {
      header_seen = true;
      auto header = csv::Header::FromRecord(file_name, record);
      if (!header.ok()) return header.status();
      return on_header(*header);
    }
    return on_row(record);
  });
  if (status.ok() && !header_seen) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", AsAbsl(file_name), " » est vide : ligne d'en-tête attendue"));
  }
  return status;
}

class RowReader {
 public:
  RowReader(std::string_view file, const csv::Record& record) : file_(file), record_(record) {}

  std::string Text(const std::optional<Column>& column) const {
    if (!column) return "";
    return std::string(TrimSpaces(record_.fields[column->index]));
  }
  absl::Status Error(const Column& column, std::string_view what) const {
    return absl::InvalidArgumentError(csv::CsvErrorMessage(file_, record_.line, column.index + 1,
                                                           column.name, what,
                                                           record_.fields[column.index]));
  }
  absl::StatusOr<std::string> Required(const Column& column) const {
    std::string value = Text(column);
    if (value.empty()) return Error(column, "valeur obligatoire");
    return value;
  }
  absl::StatusOr<money::Decimal> Number(const Column& column) const {
    auto value = csv::ParseDecimal(record_.fields[column.index]);
    if (!value) return Error(column, "nombre attendu (virgule ou point décimal)");
    return *value;
  }
  // jj/mm/aaaa or aaaa-mm-jj as ISO.
  absl::StatusOr<std::string> Date(const Column& column) const {
    std::optional<std::string> iso = EtaIsoDate(Text(column));
    if (!iso) return Error(column, "date attendue au format jj/mm/aaaa");
    return *iso;
  }
  int64_t line() const { return record_.line; }

 private:
  std::string_view file_;
  const csv::Record& record_;
};

}  // namespace

bool IsFrenchVatRate(money::Decimal rate) {
  for (const char* known : {"0", "0.9", "1.05", "1.75", "2.1", "5.5", "8.5", "10", "13", "20"}) {
    if (rate == *money::Decimal::Parse(known)) return true;
  }
  return false;
}

std::optional<std::string> EtaIsoDate(std::string_view text) {
  int day = 0, month = 0, year = 0;
  auto digits = [&](size_t at, size_t n, int* out) {
    if (at + n > text.size()) return false;
    int value = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
      value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
  };
  bool ok = false;
  if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
    ok = digits(0, 2, &day) && digits(3, 2, &month) && digits(6, 4, &year);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    ok = digits(0, 4, &year) && digits(5, 2, &month) && digits(8, 2, &day);
  }
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (!ok || year < 1900 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] - (month == 2 && !leap ? 1 : 0)) {
    return std::nullopt;
  }
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

std::optional<std::string> EtaPartyKind(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(AsAbsl(TrimSpaces(text)));
  if (lower == "client") return std::string(kPartyClient);
  if (lower == "fournisseur") return std::string(kPartySupplier);
  if (lower == "contact") return std::string(kPartyContact);
  return std::nullopt;
}

std::optional<EtaFileKind> EtaFileKindOf(std::string_view file_name) {
  const std::string lower = absl::AsciiStrToLower(AsAbsl(file_name));
  if (!lower.ends_with(".csv")) return std::nullopt;
  if (lower.starts_with("importdocuments")) return EtaFileKind::kDocuments;
  if (lower.starts_with("importtiers")) return EtaFileKind::kParties;
  return std::nullopt;
}

absl::StatusOr<std::vector<EtaDocument>> ParseEtaDocuments(std::string_view file_name,
                                                           std::string_view bytes) {
  std::optional<Column> id, date, customer, article, label, quantity, price, vat, payment;
  std::vector<EtaDocument> documents;
  std::map<std::string, size_t, std::less<>> index;
  auto on_header = [&](const csv::Header& header) -> absl::Status {
    std::pair<std::optional<Column>*, std::vector<std::string_view>> wanted[] = {
        {&id, {"Document", "N° document", "Id document"}},
        {&date, {"Date", "Date document"}},
        {&customer, {"Client", "Code client"}},
        {&article, {"Article", "Code article"}},
        {&label, {"Libellé", "Designation", "Désignation"}},
        {&quantity, {"Quantité", "Qte", "Qté"}},
        {&price, {"Prix unitaire TTC", "PU TTC"}},
        {&vat, {"Taux TVA", "TVA"}},
    };
    for (auto& [column, names] : wanted) {
      auto found = FindColumn(header, file_name, names, true);
      if (!found.ok()) return found.status();
      *column = *found;
    }
    auto found = FindColumn(header, file_name, {"Mode de paiement", "Règlement"}, false);
    if (!found.ok()) return found.status();
    payment = *found;
    return absl::OkStatus();
  };
  auto on_row = [&](const csv::Record& record) -> absl::Status {
    RowReader row(file_name, record);
    ETA_ASSIGN_OR_RETURN(std::string doc_id, row.Required(*id));
    ETA_ASSIGN_OR_RETURN(std::string iso, row.Date(*date));
    ETA_ASSIGN_OR_RETURN(std::string customer_code, row.Required(*customer));
    EtaLine line;
    ETA_ASSIGN_OR_RETURN(line.article, row.Required(*article));
    line.label = row.Text(label);
    ETA_ASSIGN_OR_RETURN(line.quantity, row.Number(*quantity));
    ETA_ASSIGN_OR_RETURN(line.unit_price_incl_vat, row.Number(*price));
    ETA_ASSIGN_OR_RETURN(line.vat_rate, row.Number(*vat));
    if (!IsFrenchVatRate(line.vat_rate)) return row.Error(*vat, kUnknownVatRate);
    const std::string payment_mode = row.Text(payment);
    auto [it, fresh] = index.try_emplace(doc_id, documents.size());
    if (fresh) {
      documents.push_back({doc_id, iso, customer_code, payment_mode, {}, {}, row.line()});
    }
    EtaDocument& document = documents[it->second];
    if (document.date != iso) return row.Error(*date, "date différente des autres lignes du document");
    if (document.customer != customer_code) {
      return row.Error(*customer, "client différent des autres lignes du document");
    }
    if (payment && document.payment_mode != payment_mode) {
      return row.Error(*payment, "mode de paiement différent des autres lignes du document");
    }
    document.total_incl_vat += (line.quantity * line.unit_price_incl_vat);
    document.lines.push_back(std::move(line));
    return absl::OkStatus();
  };
  if (absl::Status status = ReadWithHeader(file_name, bytes, on_header, on_row); !status.ok()) {
    return status;
  }
  for (EtaDocument& document : documents) document.total_incl_vat = document.total_incl_vat.Rounded(2);
  return documents;
}

absl::StatusOr<std::vector<EtaParty>> ParseEtaParties(std::string_view file_name,
                                                      std::string_view bytes) {
  std::optional<Column> code, kind, name, address1, address2, postal, city, country, siret, vat,
      email, phone;
  std::vector<EtaParty> parties;
  auto on_header = [&](const csv::Header& header) -> absl::Status {
    std::pair<std::optional<Column>*, std::vector<std::string_view>> wanted[] = {
        {&code, {"Code", "Code tiers"}},
        {&kind, {"Type", "Nature"}},
        {&name, {"Nom", "Raison sociale"}},
    };
    for (auto& [column, names] : wanted) {
      auto found = FindColumn(header, file_name, names, true);
      if (!found.ok()) return found.status();
      *column = *found;
    }
    std::pair<std::optional<Column>*, std::vector<std::string_view>> optional[] = {
        {&address1, {"Adresse 1", "Adresse"}},
        {&address2, {"Adresse 2"}},
        {&postal, {"Code postal", "CP"}},
        {&city, {"Ville"}},
        {&country, {"Pays"}},
        {&siret, {"SIRET"}},
        {&vat, {"TVA intracommunautaire", "N° TVA", "Numéro de TVA"}},
        {&email, {"E-mail", "Email", "Courriel"}},
        {&phone, {"Téléphone", "Telephone", "Tél"}},
    };
    for (auto& [column, names] : optional) {
      auto found = FindColumn(header, file_name, names, false);
      if (!found.ok()) return found.status();
      *column = *found;
    }
    return absl::OkStatus();
  };
  auto on_row = [&](const csv::Record& record) -> absl::Status {
    RowReader row(file_name, record);
    Party draft;
    draft.code = row.Text(code);
    std::optional<std::string> party_kind = EtaPartyKind(row.Text(kind));
    if (!party_kind) {
      return row.Error(*kind, "type de tiers inconnu : client, fournisseur ou contact");
    }
    draft.kind = *party_kind;
    draft.name = row.Text(name);
    draft.billing_address = {row.Text(address1), row.Text(address2), "", row.Text(postal),
                             row.Text(city), row.Text(country)};
    if (draft.billing_address.country_code.empty() && !draft.billing_address.empty()) {
      draft.billing_address.country_code = "FR";
    }
    draft.siret = row.Text(siret);
    draft.vat_number = row.Text(vat);
    draft.email = row.Text(email);
    draft.phone = row.Text(phone);
    auto party = ValidateParty(draft);
    if (!party.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("« ", AsAbsl(file_name), " », ligne ",
                                                     record.line, " : ", party.status().message()));
    }
    parties.push_back({*std::move(party), record.line});
    return absl::OkStatus();
  };
  if (absl::Status status = ReadWithHeader(file_name, bytes, on_header, on_row); !status.ok()) {
    return status;
  }
  return parties;
}

}  // namespace factflow::catalog_mapping::domain
