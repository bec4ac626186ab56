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

// One kind of data to send (articles or customers).
struct Kind {
  std::string stage;        // "Articles" / "Clients"
  std::string file_prefix;  // "ExportArticles" / "ExportTiers"
  std::string endpoint;     // "/articles" / "/tiers"
  std::string header;       // CSV header line
  std::string unit_name;    // "article(s)" / "tiers"
  int64_t total = 0;
  // Reads the chunk after `after` (its CSV rows or JSON items, per `json`); sets `last` to the
  // chunk's last code ("" when there is nothing more) and `count` to its size.
  std::function<absl::Status(const std::string& after, bool json, std::string& csv,
                             nlohmann::json& items, std::string& last, int64_t& count)>
      next;
};

struct Target {
  bool webservice = false;
  std::filesystem::path folder;  // CSV mode
  std::string url, key;          // webservice mode
  std::string stamp;             // file name suffix
};

// Sends one kind; appends its report entries. Returns false when it failed.
bool SendKind(const Kind& kind, const Target& target, const SendProgressFn& progress,
              std::vector<SyncEntry>& entries) {
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
  std::string after, csv, last;
  int64_t done = 0;
  int chunk = 0;
  for (;;) {
    nlohmann::json items = nlohmann::json::array();
    csv.clear();
    int64_t count = 0;
    if (absl::Status s = kind.next(after, target.webservice, csv, items, last, count);
        !s.ok()) {
      entries.push_back({target.webservice ? target.url + kind.endpoint : name, kind.stage, "",
                         kStateError, std::string(s.message())});
      return false;
    }
    if (last.empty()) break;
    if (target.webservice) {
      ++chunk;
      HttpRequest request;
      request.method = "POST";
      request.url = target.url + kind.endpoint;
      request.key = target.key;
      request.body = nlohmann::json{{"items", std::move(items)}}.dump();
      const HttpAnswer answer = CallWithRetries(request);
      const std::string identifier = absl::StrCat("lot ", chunk, " : ", count, " ", kind.unit_name);
      if (!answer.ok) {
        entries.push_back({request.url, kind.stage, identifier, kStateError, answer.error});
        return false;
      }
      entries.push_back({request.url, kind.stage, identifier, kStateSynced,
                         absl::StrCat("HTTP ", answer.http_status, " en ", answer.elapsed_ms,
                                      " ms")});
    } else {
      if (absl::Status s = file->Append(csv); !s.ok()) {
        entries.push_back({name, kind.stage, "", kStateError, std::string(s.message())});
        return false;
      }
    }
    done += count;
    after = last;
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
    kind.next = [&](const std::string& after, bool json, std::string& csv, nlohmann::json& items,
                    std::string& last, int64_t& count) {
      return pool_.InTransaction([&](pqxx::work& tx) {
        csv.clear();
        items = nlohmann::json::array();
        last.clear();
        auto chunk = storage::SelectArticles(tx, tenant_id, article_selection, after, kSendChunk);
        std::vector<std::string> codes;
        for (const auto& a : chunk) codes.push_back(a.code);
        const auto external = storage::ExternalCodes(tx, tenant_id, connector.code, codes);
        for (const auto& a : chunk) {
          auto it = external.find(a.code);
          const std::string code = it == external.end() ? "" : it->second;
          if (json) {
            items.push_back(domain::ArticleJson(a, code, settings));
          } else {
            csv += domain::ArticleCsvRow(a, code, settings);
          }
        }
        if (!chunk.empty()) last = chunk.back().code;
        count = static_cast<int64_t>(chunk.size());
        return absl::OkStatus();
      });
    };
    ok &= SendKind(kind, target, progress, report.entries);
  }
  if (customers) {
    Kind kind{"Clients", "ExportTiers", "/tiers", domain::PartiesCsvHeader(), "tiers",
              customer_total, nullptr};
    kind.next = [&](const std::string& after, bool json, std::string& csv, nlohmann::json& items,
                    std::string& last, int64_t& count) {
      return pool_.InTransaction([&](pqxx::work& tx) {
        csv.clear();
        items = nlohmann::json::array();
        last.clear();
        auto chunk =
            storage::SelectParties(tx, tenant_id, customer_selection, kinds, after, kSendChunk);
        for (const auto& p : chunk) {
          if (json) {
            items.push_back(domain::PartyJson(p));
          } else {
            csv += domain::PartyCsvRow(p);
          }
        }
        if (!chunk.empty()) last = chunk.back().code;
        count = static_cast<int64_t>(chunk.size());
        return absl::OkStatus();
      });
    };
    ok &= SendKind(kind, target, progress, report.entries);
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
