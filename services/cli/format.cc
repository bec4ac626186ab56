#include "format.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "money/decimal.h"

namespace factflow::cli {
namespace {

using money::Decimal;

std::optional<Decimal> ParseProtoDecimal(const common::v1::Decimal& value) {
  if (value.value().empty()) return Decimal();
  return Decimal::Parse(value.value());
}

// "20,0000" -> "20"; "5,5000" -> "5,5".
std::string TrimFrenchZeros(std::string text) {
  if (text.find(',') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == ',') text.pop_back();
  return text;
}

}  // namespace

std::string FrenchSendState(invoicing::v1::SendState state) {
  switch (state) {
    case invoicing::v1::SEND_STATE_EN_ATTENTE:
      return "En attente";
    case invoicing::v1::SEND_STATE_PRET:
      return "Prêt";
    case invoicing::v1::SEND_STATE_ENVOYE:
      return "Envoyé";
    case invoicing::v1::SEND_STATE_CONSERVE_INTERNE:
      return "Conservé en interne";
    default:
      return "?";
  }
}

std::string FrenchBatchStatus(importer::v1::BatchStatus status) {
  switch (status) {
    case importer::v1::BATCH_STATUS_STAGED:
      return "à contrôler";
    case importer::v1::BATCH_STATUS_GENERATING:
      return "génération en cours";
    case importer::v1::BATCH_STATUS_GENERATED:
      return "factures générées";
    case importer::v1::BATCH_STATUS_REJECTED:
      return "refusé";
    case importer::v1::BATCH_STATUS_CANCELLED:
      return "annulé";
    default:
      return "?";
  }
}

std::string FrenchMappingStatus(importer::v1::MappingStatus status) {
  switch (status) {
    case importer::v1::MAPPING_STATUS_MAPPED:
      return "associé";
    case importer::v1::MAPPING_STATUS_UNMAPPED:
      return "non associé";
    default:
      return "?";
  }
}

std::string FrenchAction(invoicing::v1::InvoiceAction action) {
  switch (action) {
    case invoicing::v1::INVOICE_ACTION_PRINT:
      return "Impression";
    case invoicing::v1::INVOICE_ACTION_PREVIEW:
      return "Aperçu";
    case invoicing::v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE:
      return "Impression des traites";
    case invoicing::v1::INVOICE_ACTION_PREPARE:
      return "Préparation de l'envoi";
    case invoicing::v1::INVOICE_ACTION_PUT_ON_HOLD:
      return "Mise en attente";
    case invoicing::v1::INVOICE_ACTION_KEEP_INTERNAL:
      return "Conservation en interne";
    case invoicing::v1::INVOICE_ACTION_PUT_BACK_ON_HOLD:
      return "Remise en attente";
    case invoicing::v1::INVOICE_ACTION_SEND:
      return "Envoi";
    case invoicing::v1::INVOICE_ACTION_RETRIEVE_FOR_CHORUS:
      return "Récupération pour Chorus";
    default:
      return "?";
  }
}

std::string FrenchAuditAction(std::string_view name) {
  if (name == "ISSUE") return "Émission";
  if (name == "ARCHIVE") return "Archivage";
  invoicing::v1::InvoiceAction action;
  if (invoicing::v1::InvoiceAction_Parse(absl::StrCat("INVOICE_ACTION_", std::string(name)),
                                         &action) &&
      action != invoicing::v1::INVOICE_ACTION_UNSPECIFIED) {
    return FrenchAction(action);
  }
  return std::string(name);
}

std::string FormatAmount(const common::v1::Decimal& amount) {
  std::optional<Decimal> value = ParseProtoDecimal(amount);
  if (!value) return absl::StrCat(amount.value(), " €");
  return absl::StrCat(value->ToFrench(2), " €");
}

std::string FormatDecimal(const common::v1::Decimal& value) {
  std::optional<Decimal> parsed = ParseProtoDecimal(value);
  if (!parsed) return value.value();
  return TrimFrenchZeros(parsed->ToFrench(Decimal::kScale));
}

std::string FormatRate(const common::v1::Decimal& rate) {
  return absl::StrCat(FormatDecimal(rate), " %");
}

std::string FormatIsoDate(std::string_view iso) {
  bool shaped = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
  if (!shaped) return std::string(iso);
  return absl::StrCat(std::string(iso.substr(8, 2)), "/", std::string(iso.substr(5, 2)), "/",
                      std::string(iso.substr(0, 4)));
}

std::string FormatTimestamp(const google::protobuf::Timestamp& at, absl::TimeZone zone) {
  if (at.seconds() == 0 && at.nanos() == 0) return "";
  absl::Time time = absl::FromUnixSeconds(at.seconds()) + absl::Nanoseconds(at.nanos());
  return absl::FormatTime("%d/%m/%Y %H:%M", time, zone);
}

std::string FormatIssue(const importer::v1::Issue& issue) {
  std::vector<std::string> location;
  if (!issue.file_name().empty()) location.push_back(issue.file_name());
  if (issue.row() > 0) location.push_back(absl::StrCat(issue.row()));
  if (!issue.column().empty()) location.push_back(issue.column());
  std::string head = absl::StrJoin(location, ":");
  const std::string& name = issue.header().empty() ? issue.field() : issue.header();
  if (!name.empty()) head = head.empty() ? name : absl::StrCat(head, " ", name);
  std::string text = head.empty() ? issue.message() : absl::StrCat(head, " — ", issue.message());
  if (issue.severity() == importer::v1::Issue::SEVERITY_WARNING) text += " (avertissement)";
  return text;
}

std::vector<IssueLine> GroupIssues(const std::vector<importer::v1::Issue>& issues) {
  std::vector<IssueLine> lines;
  std::map<std::string, size_t> warning_line;  // key -> index in lines
  std::map<std::string, importer::v1::Issue> first_warning;
  for (const importer::v1::Issue& issue : issues) {
    if (issue.severity() != importer::v1::Issue::SEVERITY_WARNING) {
      lines.push_back({FormatIssue(issue), 1});
      continue;
    }
    std::string key = absl::StrCat(issue.file_name(), "\x1f", issue.column(), "\x1f", issue.field(),
                                   "\x1f", issue.header(), "\x1f", issue.message());
    auto [it, inserted] = warning_line.emplace(key, lines.size());
    if (inserted) {
      lines.push_back({FormatIssue(issue), 1});
      first_warning.emplace(key, issue);
      continue;
    }
    IssueLine& line = lines[it->second];
    ++line.count;
    importer::v1::Issue without_row = first_warning.at(key);
    without_row.set_row(0);
    line.text = absl::StrCat(line.count, " lignes : ", FormatIssue(without_row));
  }
  return lines;
}

std::string FormatBuyer(const importer::v1::Buyer& buyer) {
  if (!buyer.company().empty()) return buyer.company();
  std::vector<std::string> parts;
  for (const std::string* part : {&buyer.civility(), &buyer.first_name(), &buyer.last_name()}) {
    if (!part->empty()) parts.push_back(*part);
  }
  return absl::StrJoin(parts, " ");
}

std::string FormatNumberRange(std::string_view first, std::string_view last) {
  if (first.empty() && last.empty()) return "";
  if (first.empty() || last.empty() || first == last) {
    return std::string(first.empty() ? last : first);
  }
  return absl::StrCat(std::string(first), " → ", std::string(last));
}

std::string Count(int64_t n, std::string_view singular, std::string_view plural) {
  return absl::StrCat(n, " ", std::string(n <= 1 && n >= -1 ? singular : plural));
}

std::string YesNo(bool value) { return value ? "oui" : "non"; }

std::string ShortHash(std::string_view sha256) {
  if (sha256.size() <= 12) return std::string(sha256);
  return absl::StrCat(std::string(sha256.substr(0, 12)), "…");
}

std::string FormatBytes(int64_t size) {
  if (size < 1024) return absl::StrCat(size, " o");
  // Tenths of the unit, rounded, then shown with a decimal comma (no floating point needed).
  const char* units[] = {"Ko", "Mo", "Go"};
  int64_t divisor = 1024;
  int unit = 0;
  while (unit < 2 && size >= divisor * 1024) {
    divisor *= 1024;
    ++unit;
  }
  int64_t tenths = (size * 10 + divisor / 2) / divisor;
  return absl::StrCat(tenths / 10, ",", tenths % 10, " ", units[unit]);
}

std::string FormatAddress(const common::v1::PostalAddress& address) {
  std::vector<std::string> parts;
  for (const std::string* line : {&address.line1(), &address.line2(), &address.line3()}) {
    if (!line->empty()) parts.push_back(*line);
  }
  std::string city = address.postal_code();
  if (!address.city().empty()) city = city.empty() ? address.city() : city + " " + address.city();
  if (!city.empty()) parts.push_back(city);
  if (!address.country_code().empty()) parts.push_back(address.country_code());
  return absl::StrJoin(parts, ", ");
}

std::string Truncate(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  std::string out;
  size_t columns = 0;
  for (char c : text) {
    bool starts_code_point = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_code_point && ++columns > width - 1) break;
    out += c;
  }
  return out + "…";
}

std::string FormatFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) {
    if (!value.empty()) width = std::max(width, DisplayWidth(label));
  }
  std::string out;
  for (const auto& [label, value] : fields) {
    if (value.empty()) continue;
    out += label + std::string(width - DisplayWidth(label), ' ') + " : " + value + "\n";
  }
  return out;
}

size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a UTF-8 continuation byte
  }));
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Render(bool header) const {
  std::vector<size_t> widths;
  for (const Column& column : columns_) widths.push_back(DisplayWidth(column.title));
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  auto render_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) line += "  ";
      std::string padding(widths[i] - DisplayWidth(cells[i]), ' ');
      bool right = columns_[i].align == Align::kRight;
      line += right ? padding + cells[i] : cells[i] + padding;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::vector<std::string> titles;
  std::vector<std::string> rules;
  for (size_t i = 0; i < columns_.size(); ++i) {
    titles.push_back(columns_[i].title);
    rules.push_back(std::string(widths[i], '-'));
  }
  std::string out = header ? render_line(titles) + render_line(rules) : std::string();
  for (const auto& row : rows_) out += render_line(row);
  return out;
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    return absl::StrCat("{\"error\": \"", std::string(status.message()), "\"}\n");
  }
  return out;
}

}  // namespace factflow::cli
