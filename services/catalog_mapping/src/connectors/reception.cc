#include "connectors/reception.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/eta_files.h"
#include "factflow/events/v1/events.pb.h"
#include "files/confined_path.h"
#include "hash/sha256.h"
#include "nlohmann/json.hpp"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/quarantine.h"
#include "storage/text_array.h"

namespace factflow::catalog_mapping::connectors {
namespace {

using storage::SyncEntry;
using storage::TextArray;

constexpr char kReceivedFolder[] = "recus";
constexpr char kStateSynced[] = "Synchronisé";
constexpr char kStateQuarantine[] = "En quarantaine";
constexpr char kStateError[] = "En erreur";
constexpr char kStateAlready[] = "Déjà reçu";

std::string StripCsv(const std::string& name) {
  const bool csv = name.size() > 4 && absl::AsciiStrToLower(name.substr(name.size() - 4)) == ".csv";
  return csv ? name.substr(0, name.size() - 4) : name;
}

// Records the file by hash; false when it was received before.
bool RecordFile(pqxx::work& tx, const std::string& tenant_id, const std::string& connector,
                const std::string& sha, const std::string& name, const char* kind) {
  return !tx.exec_params("INSERT INTO received_files (tenant_id, connector_code, sha256, "
                         "file_name, kind) VALUES ($1, $2, $3, $4, $5) "
                         "ON CONFLICT DO NOTHING RETURNING 1",
                         tenant_id, connector, sha, name, kind)
              .empty();
}

// Stores the documents; returns the report entries (one per document).
std::vector<SyncEntry> StoreDocuments(pqxx::work& tx, const std::string& tenant_id,
                                      const std::string& producer,
                                      const domain::Connector& connector, const std::string& name,
                                      const std::vector<domain::EtaDocument>& documents) {
  std::set<std::string> codes;
  for (const auto& document : documents) {
    for (const auto& line : document.lines) codes.insert(line.article);
  }
  std::set<std::string> mapped;
  for (const auto& row : tx.exec_params(
           "SELECT c.external_code FROM unnest($3::text[]) AS q(code) JOIN correspondences c "
           "ON c.tenant_id = $1 AND c.connector_code = $2 AND c.external_code = q.code",
           tenant_id, connector.code, TextArray({codes.begin(), codes.end()}))) {
    mapped.insert(row[0].as<std::string>());
  }
  std::vector<std::string> ids, dates, customers, payments, totals, lines, statuses;
  std::map<std::string, std::string> missing_by_document;
  for (const auto& document : documents) {
    nlohmann::json json = nlohmann::json::array();
    std::vector<std::string> missing;
    for (const auto& line : document.lines) {
      json.push_back({{"article", line.article},
                      {"label", line.label},
                      {"quantity", line.quantity.ToString(4)},
                      {"unit_price_incl_vat", line.unit_price_incl_vat.ToString(4)},
                      {"vat_rate", line.vat_rate.ToString(4)}});
      if (!mapped.contains(line.article) &&
          std::find(missing.begin(), missing.end(), line.article) == missing.end()) {
        missing.push_back(line.article);
      }
    }
    ids.push_back(document.id);
    dates.push_back(document.date);
    customers.push_back(document.customer);
    payments.push_back(document.payment_mode);
    totals.push_back(document.total_incl_vat.ToString(4));
    lines.push_back(json.dump());
    statuses.push_back(missing.empty() ? "INTEGRATED" : "QUARANTINE");
    if (!missing.empty()) missing_by_document[document.id] = absl::StrJoin(missing, ", ");
  }
  std::set<std::string> inserted;
  for (const auto& row : tx.exec_params(
           "INSERT INTO received_documents (tenant_id, connector_code, document_id, kind, "
           "document_date, customer_code, payment_mode, total_incl_vat, lines, status, file_name) "
           "SELECT $1, $2, d.id, $3, d.date::date, d.customer, d.payment, d.total::numeric, "
           "d.lines::jsonb, d.status, $4 FROM unnest($5::text[], $6::text[], $7::text[], "
           "$8::text[], $9::text[], $10::text[], $11::text[]) "
           "AS d(id, date, customer, payment, total, lines, status) "
           "ON CONFLICT DO NOTHING RETURNING document_id",
           tenant_id, connector.code, connector.reception_document_type, name, TextArray(ids),
           TextArray(dates), TextArray(customers), TextArray(payments), TextArray(totals),
           TextArray(lines), TextArray(statuses))) {
    inserted.insert(row[0].as<std::string>());
  }
  std::vector<std::string> integrated;
  std::vector<SyncEntry> entries;
  const std::string file = StripCsv(name);
  for (const auto& document : documents) {
    const std::string identifier = absl::StrCat(document.id, " / ", document.customer);
    const std::string amount = document.total_incl_vat.ToFrench(2) + " €";
    if (!inserted.contains(document.id)) {
      entries.push_back({file, "Document", identifier, kStateAlready,
                         "document déjà reçu : ignoré"});
    } else if (auto it = missing_by_document.find(document.id); it != missing_by_document.end()) {
      entries.push_back({file, "Document", identifier, kStateQuarantine,
                         absl::StrCat("articles sans correspondance : ", it->second)});
    } else {
      integrated.push_back(document.id);
      entries.push_back({file, "Document", identifier, kStateSynced,
                         absl::StrCat(amount, document.payment_mode.empty() ? "" : " - ",
                                      document.payment_mode)});
    }
  }
  storage::AppendDocumentsReceived(tx, tenant_id, producer, connector.code,
                                   connector.reception_document_type, integrated, false);
  return entries;
}

std::vector<SyncEntry> StoreParties(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& producer,
                                    const domain::Connector& connector, const std::string& name,
                                    const std::vector<domain::EtaParty>& parties) {
  // The last row of a code wins (a file may update a party twice).
  std::map<std::string, const domain::Party*> by_code;
  for (const auto& entry : parties) by_code[entry.party.code] = &entry.party;
  std::vector<std::string> codes, kinds, names, families, billing, sirets, vats, emails, phones;
  for (const auto& [code, party] : by_code) {
    codes.push_back(code);
    kinds.push_back(party->kind);
    names.push_back(party->name);
    families.push_back(party->kind == domain::kPartySupplier ? connector.reception_supplier_family
                                                             : connector.reception_customer_family);
    const auto& a = party->billing_address;
    billing.push_back(a.empty() ? std::string("null")
                                : nlohmann::json{{"line1", a.line1},
                                                 {"line2", a.line2},
                                                 {"line3", a.line3},
                                                 {"postal_code", a.postal_code},
                                                 {"city", a.city},
                                                 {"country_code", a.country_code}}
                                      .dump());
    sirets.push_back(party->siret);
    vats.push_back(party->vat_number);
    emails.push_back(party->email);
    phones.push_back(party->phone);
  }
  std::vector<SyncEntry> entries;
  std::vector<std::string> changed;
  const std::string file = StripCsv(name);
  for (const auto& row : tx.exec_params(
           "INSERT INTO parties AS p (tenant_id, code, kind, name, family, billing_address, siret, "
           "vat_number, email, phone) SELECT $1, t.code, t.kind, t.name, t.family, "
           "nullif(t.billing, 'null')::jsonb, t.siret, t.vat, t.email, t.phone "
           "FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
           "$8::text[], $9::text[], $10::text[]) "
           "AS t(code, kind, name, family, billing, siret, vat, email, phone) "
           "ON CONFLICT (tenant_id, code) DO UPDATE SET kind = EXCLUDED.kind, "
           "name = EXCLUDED.name, family = EXCLUDED.family, "
           "billing_address = EXCLUDED.billing_address, siret = EXCLUDED.siret, "
           "vat_number = EXCLUDED.vat_number, email = EXCLUDED.email, phone = EXCLUDED.phone, "
           "updated_at = now() RETURNING p.code, p.name, (xmax = 0) AS created",
           tenant_id, TextArray(codes), TextArray(kinds), TextArray(names), TextArray(families),
           TextArray(billing), TextArray(sirets), TextArray(vats), TextArray(emails),
           TextArray(phones))) {
    changed.push_back(row[0].as<std::string>());
    entries.push_back({file, "Tiers", absl::StrCat(row[0].c_str(), " / ", row[1].c_str()),
                       kStateSynced, row[2].as<bool>() ? "tiers créé" : "tiers mis à jour"});
  }
  outbox::EventOrigin origin{tenant_id, "connector", connector.code, producer, ""};
  for (size_t begin = 0; begin < changed.size(); begin += storage::kDocumentsPerEvent) {
    events::v1::PartiesChanged payload;
    payload.set_connector_code(connector.code);
    const size_t end = std::min(changed.size(), begin + storage::kDocumentsPerEvent);
    for (size_t i = begin; i < end; ++i) payload.add_party_codes(changed[i]);
    outbox::Append(tx, storage::kReceptionTopic, outbox::MakeEnvelope(payload, origin));
  }
  return entries;
}

absl::StatusOr<std::string> ReadWhole(const std::filesystem::path& path, const std::string& name) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return absl::UnavailableError(absl::StrCat("« ", name, " » illisible"));
  if (size > kMaxReceptionFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat("« ", name, " » dépasse ",
                                                   kMaxReceptionFileBytes >> 20,
                                                   " Mio : découpez-le en plusieurs fichiers"));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return absl::UnavailableError(absl::StrCat("« ", name, " » illisible"));
  }
  return bytes;
}

// Moves a received file to <import>/recus/ (a hash suffix when the name is taken).
void MoveReceived(const std::filesystem::path& folder, const std::string& name,
                  const std::string& sha) {
  auto target = files::ConfinedPath(folder, {kReceivedFolder, files::SafeFileName(name)});
  if (!target.ok()) return;
  std::error_code error;
  std::filesystem::create_directories(target->parent_path(), error);
  if (std::filesystem::exists(*target, error)) {
    target = files::ConfinedPath(folder, {kReceivedFolder,
                                          files::SafeFileName(sha.substr(0, 12) + "-" + name)});
    if (!target.ok()) return;
  }
  std::filesystem::rename(folder / name, *target, error);
  if (error) spdlog::warn("reception: {} received but not moved: {}", name, error.message());
}

// Pending files in reception order: parties first.
absl::StatusOr<std::vector<std::string>> OrderedPendingFiles(const ConnectorFolders& folders,
                                                             const std::string& import_path) {
  auto names = folders.PendingFiles(import_path);
  if (!names.ok()) return names.status();
  std::stable_sort(names->begin(), names->end(), [](const std::string& a, const std::string& b) {
    return domain::EtaFileKindOf(a) == domain::EtaFileKind::kParties &&
           domain::EtaFileKindOf(b) != domain::EtaFileKind::kParties;
  });
  return names;
}

void PreviewDocuments(pqxx::work& tx, const std::string& tenant_id, const std::string& connector,
                      const std::vector<domain::EtaDocument>& documents, PendingFile& file) {
  std::set<std::string> codes;
  std::vector<std::string> ids;
  for (const auto& document : documents) {
    ids.push_back(document.id);
    for (const auto& line : document.lines) codes.insert(line.article);
  }
  std::set<std::string> received;
  for (const auto& row : tx.exec_params(
           "SELECT d.document_id FROM unnest($3::text[]) AS q(id) JOIN received_documents d "
           "ON d.tenant_id = $1 AND d.connector_code = $2 AND d.document_id = q.id",
           tenant_id, connector, TextArray(ids))) {
    received.insert(row[0].as<std::string>());
  }
  std::map<std::string, std::pair<std::string, std::string>> mapped;
  for (const auto& row : tx.exec_params(
           "SELECT c.external_code, a.code, a.label FROM unnest($3::text[]) AS q(code) "
           "JOIN correspondences c ON c.tenant_id = $1 AND c.connector_code = $2 "
           "AND c.external_code = q.code JOIN articles a ON a.tenant_id = c.tenant_id "
           "AND a.code = c.article_code",
           tenant_id, connector, TextArray({codes.begin(), codes.end()}))) {
    mapped[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
  }
  for (const auto& document : documents) {
    file.documents.push_back({document.id, document.customer,
                              document.total_incl_vat.ToString(2), document.payment_mode,
                              received.contains(document.id)});
  }
  for (const std::string& code : codes) {
    auto it = mapped.find(code);
    file.articles.push_back({code, it == mapped.end() ? "" : it->second.first,
                             it == mapped.end() ? "" : it->second.second});
  }
}

void PreviewParties(pqxx::work& tx, const std::string& tenant_id,
                    const std::vector<domain::EtaParty>& parties, PendingFile& file) {
  std::vector<std::string> codes;
  for (const auto& entry : parties) codes.push_back(entry.party.code);
  std::set<std::string> existing;
  for (const auto& row : tx.exec_params(
           "SELECT p.code FROM unnest($2::text[]) AS q(code) JOIN parties p "
           "ON p.tenant_id = $1 AND p.code = q.code",
           tenant_id, TextArray(codes))) {
    existing.insert(row[0].as<std::string>());
  }
  for (const auto& entry : parties) {
    file.parties.push_back({entry.party.code, entry.party.name,
                            existing.contains(entry.party.code)});
  }
}

}  // namespace

absl::StatusOr<std::vector<PendingFile>> Reception::Preview(const std::string& tenant_id,
                                                            const domain::Connector& connector) {
  if (connector.communication_mode != domain::kModeCsvFolder) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le connecteur « ", connector.code, " » n'a pas de dossier d'import (mode WEBSERVICE) : "
        "sa réception interroge le service web (factflowctl connectors receive)"));
  }
  FACTFLOW_ASSIGN_OR_RETURN(std::filesystem::path folder,
                            folders_.Resolve("import_path", connector.import_path));
  FACTFLOW_ASSIGN_OR_RETURN(std::vector<std::string> names,
                            OrderedPendingFiles(folders_, connector.import_path));
  std::vector<PendingFile> files;
  for (const std::string& name : names) {
    PendingFile& file = files.emplace_back();
    file.file_name = name;
    file.documents_file = domain::EtaFileKindOf(name) == domain::EtaFileKind::kDocuments;
    absl::StatusOr<std::string> bytes = ReadWhole(folder / name, name);
    if (!bytes.ok()) {
      file.error = std::string(bytes.status().message());
      continue;
    }
    absl::Status status;
    if (file.documents_file) {
      auto documents = domain::ParseEtaDocuments(name, *bytes);
      status = documents.status();
      if (documents.ok()) {
        status = pool_.InTransaction([&](pqxx::work& tx) {
          file.documents.clear();
          file.articles.clear();
          PreviewDocuments(tx, tenant_id, connector.code, *documents, file);
          return absl::OkStatus();
        });
        if (!status.ok() && status.code() != absl::StatusCode::kInvalidArgument) return status;
      }
    } else {
      auto parties = domain::ParseEtaParties(name, *bytes);
      status = parties.status();
      if (parties.ok()) {
        status = pool_.InTransaction([&](pqxx::work& tx) {
          file.parties.clear();
          PreviewParties(tx, tenant_id, *parties, file);
          return absl::OkStatus();
        });
        if (!status.ok() && status.code() != absl::StatusCode::kInvalidArgument) return status;
      }
    }
    if (!status.ok()) file.error = std::string(status.message());
  }
  return files;
}

Reception::Reception(db::Pool& pool, const ConnectorFolders& folders, std::string producer)
    : pool_(pool), folders_(folders), producer_(std::move(producer)) {}

absl::StatusOr<storage::SyncReportRecord> Reception::StoreOne(
    const std::string& tenant_id, const domain::Connector& connector, const std::string& name,
    const std::string& sha, domain::EtaFileKind kind, const absl::Status& parsed,
    const std::vector<domain::EtaDocument>& documents,
    const std::vector<domain::EtaParty>& parties) {
  storage::SyncReportRecord report{0, connector.code, "RECEPTION", kStateSynced, 0, {}};
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    report.entries.clear();
    report.state = kStateSynced;
    storage::LockConnector(tx, tenant_id, connector.code);
    if (!parsed.ok()) {
      report.state = kStateError;
      report.entries.push_back({StripCsv(name), "Fichier", "", kStateError,
                                std::string(parsed.message())});
    } else if (!RecordFile(tx, tenant_id, connector.code, sha, name,
                           kind == domain::EtaFileKind::kDocuments ? "DOCUMENTS" : "TIERS")) {
      report.entries.push_back({StripCsv(name), "Fichier", "", kStateAlready,
                                "fichier déjà reçu (même contenu) : ignoré"});
    } else if (kind == domain::EtaFileKind::kDocuments) {
      report.entries = StoreDocuments(tx, tenant_id, producer_, connector, name, documents);
    } else {
      report.entries = StoreParties(tx, tenant_id, producer_, connector, name, parties);
    }
    for (const SyncEntry& entry : report.entries) {
      if (entry.state == kStateQuarantine) report.state = "Partiel";
    }
    storage::ConnectorRepository::AppendReport(tx, tenant_id, report);
    return absl::OkStatus();
  }));
  return report;
}

void Reception::Combine(storage::SyncReportRecord& report, storage::SyncReportRecord& combined,
                        bool& errors, bool& quarantine) {
  errors |= report.state == kStateError;
  quarantine |= report.state == "Partiel";
  for (SyncEntry& entry : report.entries) combined.entries.push_back(std::move(entry));
}

std::string Reception::CombinedState(bool empty, bool errors, bool quarantine) {
  return empty        ? "Aucune donnée"
         : errors     ? kStateError
         : quarantine ? "Partiel"
                      : kStateSynced;
}

absl::StatusOr<storage::SyncReportRecord> Reception::Receive(const std::string& tenant_id,
                                                             const domain::Connector& connector) {
  if (connector.communication_mode == domain::kModeWebservice) {
    return ReceiveFromWebservice(tenant_id, connector);
  }
  FACTFLOW_ASSIGN_OR_RETURN(std::filesystem::path folder,
                            folders_.Resolve("import_path", connector.import_path));
  // Parties first, so that the customers of the documents exist.
  FACTFLOW_ASSIGN_OR_RETURN(std::vector<std::string> names,
                            OrderedPendingFiles(folders_, connector.import_path));
  storage::SyncReportRecord combined{0, connector.code, "RECEPTION", "", 0, {}};
  bool errors = false, quarantine = false;
  for (const std::string& name : names) {
    const domain::EtaFileKind kind = *domain::EtaFileKindOf(name);
    absl::StatusOr<std::string> bytes = ReadWhole(folder / name, name);
    std::vector<domain::EtaDocument> documents;
    std::vector<domain::EtaParty> parties;
    absl::Status parsed = bytes.status();
    if (parsed.ok() && kind == domain::EtaFileKind::kDocuments) {
      auto result = domain::ParseEtaDocuments(name, *bytes);
      parsed = result.status();
      if (result.ok()) documents = *std::move(result);
    } else if (parsed.ok()) {
      auto result = domain::ParseEtaParties(name, *bytes);
      parsed = result.status();
      if (result.ok()) parties = *std::move(result);
    }
    const std::string sha = bytes.ok() ? hash::Sha256Hex(*bytes) : "";
    FACTFLOW_ASSIGN_OR_RETURN(
        storage::SyncReportRecord report,
        StoreOne(tenant_id, connector, name, sha, kind, parsed, documents, parties));
    // After the commit only: a crash before this line leaves the file to be recognised.
    if (parsed.ok()) MoveReceived(folder, name, sha);
    Combine(report, combined, errors, quarantine);
  }
  combined.state = CombinedState(names.empty(), errors, quarantine);
  return combined;
}

}  // namespace factflow::catalog_mapping::connectors
