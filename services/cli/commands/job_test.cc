// factflowctl end to end against in-process fakes of the importer and invoicing-state services
// (hermetic: one gRPC server on 127.0.0.1, no database, no broker).

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "app.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"

namespace factflow::cli {
namespace {

using importer::v1::Batch;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-job";
const std::string kSha(64, 'a');

// What the fakes were asked, for the assertions.
struct Calls {
  std::mutex mu;
  invoicing::v1::Tenant created;
  bool tenant_exists = false;
  importer::v1::UploadFileRequest upload;
  bool checked_all = false;
  bool generated = false;
  bool reject_generation = false;
  int batch_polls = 0;
  int summary_polls = 0;
  int operation_polls = 0;
  std::vector<invoicing::v1::ApplyActionRequest> actions;
};

class FakeTenants final : public invoicing::v1::TenantService::Service {
 public:
  explicit FakeTenants(Calls& calls) : calls_(calls) {}
  grpc::Status GetTenant(grpc::ServerContext*, const invoicing::v1::GetTenantRequest*,
                         invoicing::v1::Tenant* tenant) override {
    std::lock_guard lock(calls_.mu);
    if (!calls_.tenant_exists) return grpc::Status(grpc::StatusCode::NOT_FOUND, "dossier inconnu");
    *tenant = calls_.created;
    return grpc::Status::OK;
  }
  grpc::Status CreateTenant(grpc::ServerContext*, const invoicing::v1::Tenant* request,
                            invoicing::v1::Tenant* tenant) override {
    std::lock_guard lock(calls_.mu);
    calls_.created = *request;
    calls_.tenant_exists = true;
    *tenant = *request;
    return grpc::Status::OK;
  }

 private:
  Calls& calls_;
};

class FakeImporter final : public importer::v1::ImporterService::Service {
 public:
  explicit FakeImporter(Calls& calls) : calls_(calls) {}
  grpc::Status UploadFile(grpc::ServerContext*, const importer::v1::UploadFileRequest* request,
                          importer::v1::UploadFileResponse* response) override {
    std::lock_guard lock(calls_.mu);
    calls_.upload = *request;
    *response->mutable_batch() = Staged();
    return grpc::Status::OK;
  }
  // factflowctl uploads by client streaming: the header, then the file's bytes.
  grpc::Status UploadFileStream(grpc::ServerContext*,
                                grpc::ServerReader<importer::v1::UploadFileChunk>* reader,
                                importer::v1::UploadFileResponse* response) override {
    importer::v1::UploadFileChunk chunk;
    importer::v1::UploadFileRequest request;
    while (reader->Read(&chunk)) {
      if (chunk.has_header()) {
        request = chunk.header();
      } else {
        request.mutable_content()->append(chunk.data());
      }
    }
    std::lock_guard lock(calls_.mu);
    calls_.upload = request;
    *response->mutable_batch() = Staged();
    return grpc::Status::OK;
  }
  grpc::Status GetBatch(grpc::ServerContext*, const importer::v1::GetBatchRequest*,
                        Batch* batch) override {
    std::lock_guard lock(calls_.mu);
    *batch = Staged();
    if (!calls_.generated) return grpc::Status::OK;
    if (++calls_.batch_polls < 2) {
      batch->set_status(importer::v1::BATCH_STATUS_GENERATING);
    } else if (calls_.reject_generation) {
      batch->set_status(importer::v1::BATCH_STATUS_REJECTED);
      batch->set_status_message("série FA inconnue");
    } else {
      batch->set_status(importer::v1::BATCH_STATUS_GENERATED);
      batch->set_invoice_count(2);
      batch->set_first_invoice_number("FA2026-000001");
      batch->set_last_invoice_number("FA2026-000002");
    }
    return grpc::Status::OK;
  }
  grpc::Status ListGridDocuments(grpc::ServerContext*,
                                 const importer::v1::ListGridDocumentsRequest*,
                                 importer::v1::ListGridDocumentsResponse* response) override {
    importer::v1::GridDocument* doc = response->add_documents();
    doc->set_document_id("d-3");
    doc->set_external_id("CMD-3");
    importer::v1::Issue* issue = doc->add_rows()->add_issues();
    issue->set_file_name("commandes.xlsx");
    issue->set_row(5);
    issue->set_column("H");
    issue->set_header("Quantité");
    issue->set_message("la quantité doit être positive");
    return grpc::Status::OK;
  }
  grpc::Status SetDocumentsChecked(grpc::ServerContext*,
                                   const importer::v1::SetDocumentsCheckedRequest* request,
                                   importer::v1::SetDocumentsCheckedResponse* response) override {
    std::lock_guard lock(calls_.mu);
    calls_.checked_all = request->all() && request->checked() && request->batch_id() == "b-1";
    response->set_changed(3);
    response->set_checked_document_count(3);
    return grpc::Status::OK;
  }
  grpc::Status GenerateInvoices(grpc::ServerContext*,
                                const importer::v1::GenerateInvoicesRequest* request,
                                importer::v1::GenerateInvoicesResponse* response) override {
    std::lock_guard lock(calls_.mu);
    calls_.generated = !request->dry_run();
    response->set_generation_id("g-1");
    response->set_document_count(2);
    response->set_skipped_invalid(1);
    response->mutable_total_incl_vat()->set_value("45.80");
    return grpc::Status::OK;
  }

 private:
  static Batch Staged() {
    Batch batch;
    batch.set_batch_id("b-1");
    batch.set_batch_number(1);
    batch.set_file_name("commandes.xlsx");
    batch.set_format("fnac-orders-xlsx");
    batch.set_status(importer::v1::BATCH_STATUS_STAGED);
    batch.set_rows_read(4);
    batch.set_document_count(3);
    batch.set_valid_document_count(2);
    batch.set_issue_count(1);
    batch.mutable_total_incl_vat()->set_value("45.80");
    return batch;
  }
  Calls& calls_;
};

class FakeInvoices final : public invoicing::v1::InvoiceService::Service {
 public:
  explicit FakeInvoices(Calls& calls) : calls_(calls) {}
  grpc::Status ApplyAction(grpc::ServerContext*, const invoicing::v1::ApplyActionRequest* request,
                           invoicing::v1::ApplyActionResponse* response) override {
    std::lock_guard lock(calls_.mu);
    calls_.actions.push_back(*request);
    response->set_selected(2);
    invoicing::v1::Operation* op = response->mutable_operation();
    op->set_operation_id("op-" + std::to_string(calls_.actions.size()));
    op->set_kind("ACTION");
    op->set_action(request->action());
    op->set_state(invoicing::v1::OPERATION_STATE_RUNNING);
    op->set_total(2);
    return grpc::Status::OK;
  }
  // Actions finish on the second poll; the generation's operation is not known yet.
  grpc::Status GetOperation(grpc::ServerContext*, const invoicing::v1::GetOperationRequest* request,
                            invoicing::v1::Operation* op) override {
    std::lock_guard lock(calls_.mu);
    if (request->operation_id() == "g-1") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "opération introuvable");
    }
    bool finished = ++calls_.operation_polls % 2 == 0;
    op->set_operation_id(request->operation_id());
    op->set_action(calls_.actions.back().action());
    op->set_state(finished ? invoicing::v1::OPERATION_STATE_SUCCEEDED
                           : invoicing::v1::OPERATION_STATE_RUNNING);
    op->set_total(2);
    op->set_done(finished ? 2 : 1);
    return grpc::Status::OK;
  }
  grpc::Status SummarizeSelection(grpc::ServerContext*, const invoicing::v1::SelectionCriteria*,
                                  invoicing::v1::SelectionSummary* summary) override {
    std::lock_guard lock(calls_.mu);
    bool archived = ++calls_.summary_polls >= 2;
    summary->set_total(2);
    summary->set_envoye(2);
    summary->set_archived(archived ? 2 : 0);
    summary->set_with_einvoice(archived ? 2 : 0);
    summary->mutable_total_with_vat()->set_value("45.80");
    return grpc::Status::OK;
  }
  grpc::Status ListInvoices(grpc::ServerContext*, const invoicing::v1::ListInvoicesRequest*,
                            invoicing::v1::ListInvoicesResponse* response) override {
    bool archived = true;
    for (int i = 1; i <= 2; ++i) {
      invoicing::v1::Invoice* invoice = response->add_invoices();
      invoice->set_number("FA2026-00000" + std::to_string(i));
      invoice->mutable_buyer()->set_name(i == 1 ? "Claire Martin" : "Médiathèque d'Arles");
      invoice->mutable_total_with_vat()->set_value(i == 1 ? "12.50" : "33.30");
      invoice->set_send_state(invoicing::v1::SEND_STATE_ENVOYE);
      invoice->set_archived(archived);
      if (archived) invoice->set_pdf_sha256(kSha);
      invoice->set_einvoice_path("/tmp/einvoices/FA2026-00000" + std::to_string(i) + ".xml");
    }
    return grpc::Status::OK;
  }

 private:
  Calls& calls_;
};

class FakeStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&tenants_);
    builder.RegisterService(&importer_);
    builder.RegisterService(&invoices_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    std::string address = "127.0.0.1:" + std::to_string(port);
    setenv("FACTFLOW_IMPORTER_ADDRESS", address.c_str(), 1);
    setenv("FACTFLOW_INVOICING_STATE_ADDRESS", address.c_str(), 1);
    setenv("FACTFLOW_AUTH_SECRET", kSecret, 1);
    unsetenv("FACTFLOW_TOKEN");
    unsetenv("FACTFLOW_TENANT");
    file_ = std::filesystem::temp_directory_path() /
            ("commandes-terminees-" + std::to_string(getpid()) + ".xlsx");
    std::ofstream(file_, std::ios::binary) << "PK\x03\x04 fake xlsx";
  }
  void TearDown() override {
    server_->Shutdown();
    std::filesystem::remove(file_);
  }

  int Run(std::vector<const char*> args) {
    args.insert(args.begin(), "factflowctl");
    return RunFactflowctl(static_cast<int>(args.size()), args.data());
  }

  Calls calls_;
  FakeTenants tenants_{calls_};
  FakeImporter importer_{calls_};
  FakeInvoices invoices_{calls_};
  std::unique_ptr<grpc::Server> server_;
  std::filesystem::path file_;
};

TEST_F(FakeStackTest, FnacJobRunsEveryStepInOrder) {
  testing::internal::CaptureStdout();
  int code = Run({"job", "fnac", "--file", file_.c_str()});
  std::string out = testing::internal::GetCapturedStdout();
  ASSERT_EQ(code, 0) << out;

  EXPECT_EQ(calls_.created.tenant_id(), "demo");
  EXPECT_EQ(calls_.created.company().name(), "Librairie du Marais");
  EXPECT_EQ(calls_.upload.file_name(), file_.filename().string());
  EXPECT_EQ(calls_.upload.content(), "PK\x03\x04 fake xlsx");
  EXPECT_EQ(calls_.upload.format(), "fnac-orders-xlsx");
  // No --series: the job sends none, so the importer takes the saved preferences' series (FA
  // when none is saved) instead of overriding them with FA.
  EXPECT_EQ(calls_.upload.preferences().series_code(), "");
  EXPECT_TRUE(calls_.checked_all);
  ASSERT_EQ(calls_.actions.size(), 2u);
  EXPECT_EQ(calls_.actions[0].action(), invoicing::v1::INVOICE_ACTION_PREPARE);
  EXPECT_FALSE(calls_.actions[0].confirm_final());
  EXPECT_EQ(calls_.actions[0].criteria().batch_id(), "b-1");
  EXPECT_EQ(calls_.actions[1].action(), invoicing::v1::INVOICE_ACTION_SEND);
  EXPECT_TRUE(calls_.actions[1].confirm_final());
  EXPECT_EQ(calls_.actions[1].criteria().batch_id(), "b-1");

  for (const char* expected : {
           "Dossier créé : « Librairie du Marais » (demo)",
           "commandes.xlsx:5:H Quantité — la quantité doit être positive",
           "2 factures générées (FA2026-000001 → FA2026-000002)",
           "Préparation de l'envoi : 2 factures sélectionnées, 2 modifiées",
           "L'envoi au destinataire est définitif",
           "Envoi : 2 factures sélectionnées, 2 modifiées",
           "PDF archivés : 2/2 (100 %), terminé en",
           "Médiathèque d'Arles",
           "/tmp/einvoices/FA2026-000002.xml",
           "Factures envoyées",
           "Fichiers e-facture CII écrits : 2",
           "Total TTC                     : 45,80 €",
           "Job terminé.",
       }) {
    EXPECT_NE(out.find(expected), std::string::npos) << expected << "\n" << out;
  }
  EXPECT_NE(out.find(kSha), std::string::npos) << "the full SHA-256 of each archived PDF";
}

TEST_F(FakeStackTest, FnacJobSaysWhichStepFailed) {
  calls_.reject_generation = true;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = Run({"job", "fnac", "--file", file_.c_str()});
  testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("erreur : étape 3 (Génération des factures) : génération refusée pour le lot "
                     "n° 1 (refusé) : série FA inconnue (FAILED_PRECONDITION)"),
            std::string::npos)
      << err;
  EXPECT_TRUE(calls_.actions.empty()) << "nothing is sent after a failed step";
}

TEST_F(FakeStackTest, SendNeedsAConfirmation) {
  testing::internal::CaptureStdout();
  int code = Run({"action", "send", "--batch", "b-1", "--yes"});
  std::string out = testing::internal::GetCapturedStdout();
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("Attention, l'envoi de la facture au destinataire est définitif."),
            std::string::npos);
  ASSERT_EQ(calls_.actions.size(), 1u);
  EXPECT_TRUE(calls_.actions[0].confirm_final());

  if (isatty(STDIN_FILENO)) GTEST_SKIP() << "stdin is a terminal: the prompt would wait";
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  code = Run({"action", "send", "--batch", "b-1"});
  testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("--yes"), std::string::npos) << err;
  EXPECT_EQ(calls_.actions.size(), 1u) << "refused without confirmation";
}

TEST_F(FakeStackTest, UsageErrorsExitWithTwo) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(Run({"action", "prepare"}), 2);
  EXPECT_EQ(Run({"action", "explode", "--batch", "1"}), 2);
  EXPECT_EQ(Run({"check", "b-1"}), 2);
  EXPECT_EQ(Run({"invoices", "--state", "PAYEE"}), 2);
  EXPECT_EQ(Run({"nonsense"}), 2);
  testing::internal::GetCapturedStderr();
  EXPECT_TRUE(calls_.actions.empty());
}

}  // namespace
}  // namespace factflow::cli
