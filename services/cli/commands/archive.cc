// factflowctl archive list | get: the write-once archive (GED) of chorus-dispatch.

#include <fmt/core.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "format.h"
#include "hash/sha256.h"
#include "output.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using dispatch::v1::ArchivedObject;
using dispatch::v1::DispatchService;

std::string FrenchKind(const std::string& kind) {
  if (kind == "invoice-pdf") return "PDF de la facture";
  if (kind == "einvoice-cii") return "e-facture CII";
  return kind;
}

absl::Status RunList(Client& client, const std::string& invoice_ref, bool json) {
  absl::StatusOr<std::string> invoice_id = ResolveInvoiceId(client, invoice_ref);
  if (!invoice_id.ok()) return invoice_id.status();
  dispatch::v1::ListArchivedObjectsRequest request;
  request.set_invoice_id(*invoice_id);
  dispatch::v1::ListArchivedObjectsResponse response;
  absl::Status status =
      client.Call(&DispatchService::Stub::ListArchivedObjects, request, &response);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  if (response.objects().empty()) {
    fmt::print("Rien n'est archivé pour la facture {}.\n", invoice_ref);
    return absl::OkStatus();
  }
  // -o wide adds the invoice and the media type.
  const bool wide = CurrentOutputFormat() == OutputFormat::kWide;
  std::vector<Table::Column> columns = {{"Objet"},      {"Type"},
                                        {"Fichier"},    {"Taille", Table::Align::kRight},
                                        {"Archivé le"}, {"Conservé jusqu'au"},
                                        {"SHA-256"}};
  if (wide) columns.insert(columns.end(), {{"Facture"}, {"Identifiant facture"}, {"Type MIME"}});
  Table table(columns);
  for (const ArchivedObject& object : response.objects()) {
    std::vector<std::string> row = {object.object_id(),
                                    FrenchKind(object.kind()),
                                    object.file_name(),
                                    FormatBytes(object.size()),
                                    FormatTimestamp(object.stored_at(), absl::LocalTimeZone()),
                                    FormatIsoDate(object.retain_until()),
                                    object.sha256()};
    if (wide) {
      row.insert(row.end(), {object.invoice_number(), object.invoice_id(), object.media_type()});
    }
    table.AddRow(row);
  }
  fmt::print("{}", table.Render());
  return absl::OkStatus();
}

absl::StatusOr<ArchivedObject> GetObject(Client& client, const std::string& object_id) {
  dispatch::v1::GetArchivedObjectRequest request;
  request.set_object_id(object_id);
  ArchivedObject object;
  absl::Status status = client.Call(&DispatchService::Stub::GetArchivedObject, request, &object);
  if (!status.ok()) return status;
  return object;
}

// `ref` is an object id, or an invoice (number or id) whose archived object of `kind` is wanted.
absl::StatusOr<ArchivedObject> FindObject(Client& client, const std::string& ref,
                                          const std::string& kind) {
  if (LooksLikeUuid(ref)) {
    absl::StatusOr<ArchivedObject> object = GetObject(client, ref);
    if (object.ok() || !absl::IsNotFound(object.status())) return object;
  }
  absl::StatusOr<std::string> invoice_id = ResolveInvoiceId(client, ref);
  if (!invoice_id.ok()) return invoice_id.status();
  dispatch::v1::ListArchivedObjectsRequest request;
  request.set_invoice_id(*invoice_id);
  dispatch::v1::ListArchivedObjectsResponse response;
  absl::Status status =
      client.Call(&DispatchService::Stub::ListArchivedObjects, request, &response);
  if (!status.ok()) return status;
  for (const ArchivedObject& object : response.objects()) {
    if (object.kind() == kind) return GetObject(client, object.object_id());
  }
  return absl::NotFoundError(absl::StrCat("aucun objet « ", FrenchKind(kind),
                                          " » archivé pour la facture ", ref,
                                          " (factflowctl archive list ", ref, ")"));
}

absl::Status RunGet(Client& client, const std::string& ref, const std::string& kind,
                    const std::string& path) {
  absl::StatusOr<ArchivedObject> found = FindObject(client, ref, kind);
  if (!found.ok()) return found.status();
  const ArchivedObject& object = *found;
  const std::string& object_id = object.object_id();
  // The archive is the legal copy: a copy that does not match its recorded hash is not written.
  std::string actual = hash::Sha256Hex(object.content());
  if (!object.sha256().empty() && !absl::EqualsIgnoreCase(actual, object.sha256())) {
    return absl::DataLossError(absl::StrCat("l'objet ", object_id,
                                            " ne correspond pas à son "
                                            "empreinte : SHA-256 attendu ",
                                            object.sha256(), ", reçu ", actual));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(object.content().data(), static_cast<std::streamsize>(object.content().size()));
  out.close();
  if (!out) return absl::PermissionDeniedError(absl::StrCat("impossible d'écrire ", path));
  fmt::print("{} ({}) de la facture {} écrit dans {} : {}, SHA-256 {} vérifié.\n",
             FrenchKind(object.kind()), object.file_name(), object.invoice_number(), path,
             FormatBytes(static_cast<int64_t>(object.content().size())), actual);
  return absl::OkStatus();
}

}  // namespace

void AddArchiveCommands(CLI::App& app, Session& session) {
  CLI::App* archive = app.add_subcommand("archive", "Archive à valeur probante (GED)");
  archive->require_subcommand(1);

  struct ListOptions {
    std::string invoice;
    bool json = false;
  };
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = archive->add_subcommand("list", "Objets archivés d'une facture (PDF, XML)");
  list->add_option("INVOICE", list_options->invoice, "Numéro ou identifiant de la facture")
      ->required();
  AddJsonFlag(list, &list_options->json);
  session.OnRun(list, [&session, list_options] {
    return RunList(session.client(), list_options->invoice, list_options->json);
  });

  struct GetOptions {
    std::string object_id;
    std::string kind = "invoice-pdf";
    std::string out;
  };
  auto get_options = std::make_shared<GetOptions>();
  CLI::App* get = archive->add_subcommand(
      "get",
      "Télécharge un objet archivé (empreinte SHA-256 vérifiée) ; ex. factflowctl archive get "
      "FA2026-000001 --out facture.pdf");
  get->add_option("OBJET", get_options->object_id,
                  "Identifiant de l'objet, ou numéro / identifiant de la facture")
      ->required();
  get->add_option("--kind", get_options->kind,
                  "Pour une facture : invoice-pdf (PDF) ou einvoice-cii (e-facture XML)")
      ->capture_default_str();
  get->add_option("--out", get_options->out, "Fichier à écrire")->required();
  session.OnRun(get, [&session, get_options] {
    return RunGet(session.client(), get_options->object_id, get_options->kind, get_options->out);
  });
  AddArchiveFailureCommands(*archive, session);
}

}  // namespace factflow::cli
