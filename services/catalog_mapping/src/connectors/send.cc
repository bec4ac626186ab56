#include "connectors/send.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "connectors/export_file.h"
#include "connectors/http_client.h"
#include "domain/eta_export.h"
#include "domain/saved_filter.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/saved_filters.h"

namespace factflow::catalog_mapping::connectors {
namespace {

using storage::SyncEntry;

constexpr char kStateSynced[] = "Synchronisé";
constexpr char kStateError[] = "En erreur";

// One chunk of rows read in one transaction: CSV rows or JSON items.
struct Chunk {
  std::string csv;
  nlohmann::json items = nlohmann::json::array();
  std::string last;  // code of the last row, "" when the chunk is empty
  int64_t count = 0;
};

// One kind of data to send (articles or customers).
struct Kind {
  std::string stage;        // "Articles" / "Clients"
  std::string file_prefix;  // "ExportArticles" / "ExportTiers"
  std::string endpoint;     // "/articles" / "/tiers"
  std::string header;       // CSV header line
  std::string unit_name;    // "articles" / "tiers"
  int64_t total = 0;
  // Reads the rows after `after` into `chunk` (JSON items when `json`, else CSV rows).
  std::function<void(pqxx::work& tx, const std::string& after, bool json, Chunk& chunk)> fill;
};

struct Target {
  bool webservice = false;
  std::filesystem::path folder;  // CSV mode
  std::string url, key;          // webservice mode
  std::string stamp;             // file name suffix
};

// Sends one kind; appends its report entries. Returns false when it failed.
bool SendKind(db::Pool& pool, const Kind& kind, const Target& target,
              const SendProgressFn& progress, std::vector<SyncEntry>& entries) {
  std::optional<ExportFile> file;
  const std::string name = absl::StrCat(kind.file_prefix, "-", target.stamp, ".csv");
  if (!target.webservice) {
    auto opened = ExportFile::Open(target.folder, name);
    if (!opened.ok()) {
      entries.push_back({name, kind.stage, "", kStateError, std::string(opened.status().message())});
      return false;
    }
    file.emplace(*std::move(opened));
    if (absl::Status s = file->Append(kind.header); !s.ok()) {
      entries.push_back({name, kind.stage, "", kStateError, std::string(s.message())});
      return false;
    }
  }
  std::string after;
  int64_t done = 0;
  int posts = 0;
  for (;;) {
    Chunk chunk;
    absl::Status read = pool.InTransaction([&](pqxx::work& tx) {
      chunk = Chunk{};
      kind.fill(tx, after, target.webservice, chunk);
      return absl::OkStatus();
    });
    if (!read.ok()) {
      entries.push_back({target.webservice ? target.url + kind.endpoint : name, kind.stage, "",
                         kStateError, std::string(read.message())});
      return false;
    }
    if (chunk.count == 0) break;
    const int64_t count = chunk.count;
    if (target.webservice) {
      ++posts;
      HttpRequest request;
      request.method = "POST";
      request.url = target.url + kind.endpoint;
      request.key = target.key;
      request.body = nlohmann::json{{"items", std::move(chunk.items)}}.dump();
      const HttpAnswer answer = CallWithRetries(request);
      const std::string identifier = absl::StrCat("lot ", posts, " : ", count, " ", kind.unit_name);
      if (!answer.ok) {
        entries.push_back({request.url, kind.stage, identifier, kStateError, answer.error});
        return false;
      }
      entries.push_back({request.url, kind.stage, identifier, kStateSynced,
                         absl::StrCat("HTTP ", answer.http_status, " en ", answer.elapsed_ms,
                                      " ms")});
    } else {
      if (absl::Status s = file->Append(chunk.csv); !s.ok()) {
        entries.push_back({name, kind.stage, "", kStateError, std::string(s.message())});
        return false;
      }
    }
    done += count;
    after = chunk.last;
    if (progress) progress(kind.stage, done, kind.total);
  }
  if (!target.webservice) {
    if (absl::Status s = file->Commit(); !s.ok()) {
      entries.push_back({name, kind.stage, "", kStateError, std::string(s.message())});
      return false;
    }
    entries.push_back({name, kind.stage, absl::StrCat(done, " ", kind.unit_name),
                       kStateSynced, "fichier écrit dans le dossier d'export"});
  }
  return true;
}

}  // namespace

absl::StatusOr<storage::SyncReportRecord> Sender::Send(const std::string& tenant_id,
                                                       const domain::Connector& connector,
                                                       const std::string& key,
                                                       const SendProgressFn& progress) {
  const bool articles = connector.send_articles != "NONE";
  const bool customers = connector.send_customers != "NONE";
  if (!articles && !customers) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le connecteur « ", connector.code, " » n'envoie rien (articles et clients à NONE) : "
        "réglez --send-articles ou --send-customers (factflowctl connectors update)"));
  }
  Target target;
  target.webservice = connector.communication_mode == domain::kModeWebservice;
  if (target.webservice) {
    target.url = connector.webservice_url;
    while (!target.url.empty() && target.url.back() == '/') target.url.pop_back();
    target.key = key;
  } else {
    FACTFLOW_ASSIGN_OR_RETURN(target.folder,
                              folders_.Resolve("export_path", connector.export_path));
  }
  target.stamp = absl::FormatTime("%Y%m%d-%H%M%S", absl::Now(), absl::UTCTimeZone());
  // The selections first: a filter deleted since the settings were saved stops the send before
  // anything is written.
  domain::Selection article_selection, customer_selection;
  std::vector<std::string> kinds = {"CLIENT"};
  if (connector.send_contacts) kinds.push_back(std::string(domain::kPartyContact));
  int64_t article_total = 0, customer_total = 0;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    if (articles) {
      FACTFLOW_ASSIGN_OR_RETURN(
          article_selection,
          storage::ResolveSelection(tx, tenant_id, domain::kFilterArticles,
                                    connector.send_articles, connector.send_articles_filter));
      article_total = storage::CountArticles(tx, tenant_id, article_selection);
    }
    if (customers) {
      FACTFLOW_ASSIGN_OR_RETURN(
          customer_selection,
          storage::ResolveSelection(tx, tenant_id, domain::kFilterCustomers,
                                    connector.send_customers, connector.send_customers_filter));
      customer_total = storage::CountParties(tx, tenant_id, customer_selection, kinds);
    }
    return absl::OkStatus();
  }));
  const domain::ArticleSendSettings settings{connector.send_tariff_category, connector.send_unit,
                                             connector.send_depot};
  storage::SyncReportRecord report{0, connector.code, "ENVOI", kStateSynced, 0, {}};
  bool ok = true;
  if (articles) {
    Kind kind{"Articles", "ExportArticles", "/articles", domain::ArticlesCsvHeader(),
              "articles", article_total, nullptr};
    kind.fill = [&](pqxx::work& tx, const std::string& after, bool json, Chunk& chunk) {
      auto rows = storage::SelectArticles(tx, tenant_id, article_selection, after, kSendChunk);
      std::vector<std::string> codes;
      for (const auto& a : rows) codes.push_back(a.code);
      const auto external = storage::ExternalCodes(tx, tenant_id, connector.code, codes);
      for (const auto& a : rows) {
        auto it = external.find(a.code);
        const std::string code = it == external.end() ? "" : it->second;
        if (json) {
          chunk.items.push_back(domain::ArticleJson(a, code, settings));
        } else {
          chunk.csv += domain::ArticleCsvRow(a, code, settings);
        }
        chunk.last = a.code;
      }
      chunk.count = static_cast<int64_t>(rows.size());
    };
    ok &= SendKind(pool_, kind, target, progress, report.entries);
  }
  if (customers) {
    Kind kind{"Clients", "ExportTiers", "/tiers", domain::PartiesCsvHeader(), "tiers",
              customer_total, nullptr};
    kind.fill = [&](pqxx::work& tx, const std::string& after, bool json, Chunk& chunk) {
      for (const auto& p :
           storage::SelectParties(tx, tenant_id, customer_selection, kinds, after, kSendChunk)) {
        if (json) {
          chunk.items.push_back(domain::PartyJson(p));
        } else {
          chunk.csv += domain::PartyCsvRow(p);
        }
        chunk.last = p.code;
        ++chunk.count;
      }
    };
    ok &= SendKind(pool_, kind, target, progress, report.entries);
  }
  report.state = ok ? kStateSynced : kStateError;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    report.id = storage::ConnectorRepository::AppendReport(tx, tenant_id, report);
    return absl::OkStatus();
  }));
  report.at = absl::ToUnixSeconds(absl::Now());
  spdlog::info("send: connector {} sent {} articles and {} parties ({})", connector.code,
               articles ? article_total : 0, customers ? customer_total : 0, report.state);
  return report;
}

}  // namespace factflow::catalog_mapping::connectors
