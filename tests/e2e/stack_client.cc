#include "e2e/stack_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "grpc/call.h"
#include "logging/logging.h"
#include "nlohmann/json.hpp"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using testing::RequireEnv;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

Stack::Stack()
    : signer_(RequireEnv("FACTFLOW_AUTH_SECRET")),
      state_dir_(RequireEnv("FACTFLOW_STATE_DIR")),
      stack_script_(RequireEnv("FACTFLOW_STACK_SCRIPT")),
      einvoice_dir_(RequireEnv("FACTFLOW_EINVOICE_DIR")),
      importer_(importer::v1::ImporterService::NewStub(
          grpcutil::MakeChannel(RequireEnv("FACTFLOW_IMPORTER_ADDRESS")))),
      tenants_(invoicing::v1::TenantService::NewStub(
          grpcutil::MakeChannel(RequireEnv("FACTFLOW_INVOICING_STATE_ADDRESS")))),
      invoices_(invoicing::v1::InvoiceService::NewStub(
          grpcutil::MakeChannel(RequireEnv("FACTFLOW_INVOICING_STATE_ADDRESS")))),
      catalog_(catalog::v1::CatalogService::NewStub(
          grpcutil::MakeChannel(RequireEnv("FACTFLOW_CATALOG_MAPPING_ADDRESS")))),
      dispatch_(dispatch::v1::DispatchService::NewStub(
          grpcutil::MakeChannel(RequireEnv("FACTFLOW_CHORUS_DISPATCH_ADDRESS")))) {}

std::string Stack::Token(const std::string& tenant, std::vector<std::string> roles,
                         const std::string& operator_id) const {
  auto token = signer_.Sign({tenant, operator_id, std::move(roles)}, absl::Hours(1));
  if (!token.ok()) throw std::runtime_error(token.status().ToString());
  return *token;
}

std::unique_ptr<grpc::ClientContext> Stack::Context(const std::string& token) const {
  if (!token.empty()) return grpcutil::OutgoingContext(token, absl::Seconds(60));
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

void Stack::Control(const std::string& action, const std::string& service) const {
  std::string command = "'" + stack_script_ + "' '" + state_dir_ + "' " + action + " " + service;
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("stack control failed: " + command);
  }
}

std::string Stack::ScrapeMetrics(const std::string& service) const {
  std::string upper = service;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  std::string url =
      "http://" + RequireEnv(("FACTFLOW_" + upper + "_METRICS_ADDRESS").c_str()) + "/metrics";
  std::string body;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* out) -> size_t {
        static_cast<std::string*>(out)->append(data, size * count);
        return size * count;
      });
  CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(code));
  return body;
}

GeneratedExport GenerateFnacExport(int orders, int error_rows, int seed) {
  GeneratedExport out;
  std::string dir = RequireEnv("FACTFLOW_STATE_DIR") + "/e2e-files";
  std::system(("mkdir -p '" + dir + "'").c_str());
  out.file_name = "commandes-terminees-" + logging::NewUuid().substr(0, 8) + ".xlsx";
  out.path = dir + "/" + out.file_name;
  std::string summary = out.path + ".json";
  std::string command = "/usr/bin/python3 '" FACTFLOW_SOURCE_DIR
                        "/tests/testdata/gen_fnac_export.py' --orders " +
                        std::to_string(orders) + " --errors " + std::to_string(error_rows) +
                        " --seed " + std::to_string(seed) + " --date 2026-11-20 --out '" +
                        out.path + "' --summary '" + summary + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("generator failed: " + command);
  auto json = nlohmann::json::parse(ReadFile(summary));
  out.orders = json.at("orders").get<int>();
  out.valid_orders = json.at("valid_orders").get<int>();
  out.total_incl_vat_valid = json.at("total_incl_vat_valid").get<std::string>();
  out.content = ReadFile(out.path);
  return out;
}

invoicing::v1::Tenant DemoTenant(const std::string& tenant_id) {
  invoicing::v1::Tenant tenant;
  tenant.set_tenant_id(tenant_id);
  auto* company = tenant.mutable_company();
  company->set_name("Librairie du Marais");
  company->set_legal_form("SAS");
  company->set_share_capital("10 000 €");
  company->set_siren("732829320");
  company->set_siret("73282932000074");
  company->set_vat_number("FR44732829320");
  company->mutable_address()->set_line1("12 rue des Archives");
  company->mutable_address()->set_postal_code("75004");
  company->mutable_address()->set_city("Paris");
  company->mutable_address()->set_country_code("FR");
  company->set_email("facturation@librairie-du-marais.fr");
  company->set_iban("FR7630006000011234567890189");
  tenant.mutable_legal_mentions()->set_late_penalty_rate("3 fois le taux d'intérêt légal");
  tenant.add_activated_import_formats("fnac-orders-xlsx");
  auto* series = tenant.add_series();
  series->set_code("FA");
  series->set_prefix("FA2026-");
  series->set_padding(6);
  series->set_document_kind("INVOICE");
  tenant.set_archiving_enabled(true);
  return tenant;
}

std::string UniqueTenant(const std::string& prefix) {
  return prefix + "-" + logging::NewUuid().substr(0, 8);
}

}  // namespace factflow::e2e
