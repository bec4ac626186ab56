// PDF signatures: pdfsig (poppler) verifies what SignPdf makes, notices a tampered byte, and the
// signed Factur-X still passes the shared kit's checks. Identities are made by openssl(1) here,
// as the project's scripts do for the local stack.

#include "rendering/pdf_signature.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "domain/testing/process.h"
#include "domain/testing/sample_invoices.h"
#include "rendering/facturx.h"
#include "testing/einvoice_validator.h"

namespace factflow::dispatch::rendering {
namespace {

using domain::testing::RunCommand;
using domain::testing::ShellQuote;
using domain::testing::WriteTempFile;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class PdfSignatureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(WriteTempFile("sig-marker", "")).parent_path() / "signing";
    std::filesystem::create_directories(dir_);
    key_ = (dir_ / "key.pem").string();
    cert_ = (dir_ / "cert.pem").string();
    auto made = RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout " +
                           ShellQuote(key_) + " -out " + ShellQuote(cert_) +
                           " -subj '/CN=Factflow Test Signer/O=Dupont SAS'");
    ASSERT_EQ(made.exit_code, 0) << made.output;
    pem_ = ReadFile(cert_) + ReadFile(key_);
    absl::StatusOr<FacturX> fx = RenderFacturX(domain::testing::SampleInvoice());
    ASSERT_TRUE(fx.ok()) << fx.status();
    pdf_ = fx->pdf;
  }

  // pdfsig's report on `bytes`.
  std::string PdfSig(const std::string& name, const std::string& bytes) {
    return RunCommand("pdfsig " + ShellQuote(WriteTempFile(name, bytes))).output;
  }

  std::filesystem::path dir_;
  std::string key_, cert_, pem_, pdf_;
};

TEST_F(PdfSignatureTest, PemSignatureIsValidForPdfsig) {
  absl::StatusOr<SigningIdentity> identity = SigningIdentity::Load(pem_, "", "cert.pem");
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_THAT(identity->Subject(), HasSubstr("Factflow Test Signer"));
  absl::StatusOr<std::string> signed_pdf = SignPdf(pdf_, *identity, absl::Now());
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.status();
  std::string report = PdfSig("signed.pdf", *signed_pdf);
  EXPECT_THAT(report, HasSubstr("Signature is Valid"));
  EXPECT_THAT(report, HasSubstr("Total document signed"));
  EXPECT_THAT(report, HasSubstr("adbe.pkcs7.detached"));
  EXPECT_THAT(report, HasSubstr("Factflow Test Signer"));
  // The signed file still carries the very same e-invoice.
  std::string out = WriteTempFile("signed-out.xml", "");
  auto detach = RunCommand("pdfdetach -savefile factur-x.xml -o " + ShellQuote(out) + " " +
                           ShellQuote(WriteTempFile("signed2.pdf", *signed_pdf)));
  EXPECT_EQ(detach.exit_code, 0) << detach.output;
  absl::StatusOr<FacturX> fx = RenderFacturX(domain::testing::SampleInvoice());
  EXPECT_EQ(ReadFile(out), fx->xml);
}

TEST_F(PdfSignatureTest, TamperedPdfIsReportedInvalid) {
  absl::StatusOr<SigningIdentity> identity = SigningIdentity::Load(pem_, "", "cert.pem");
  ASSERT_TRUE(identity.ok()) << identity.status();
  absl::StatusOr<std::string> signed_pdf = SignPdf(pdf_, *identity, absl::Now());
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.status();
  std::string tampered = *signed_pdf;
  size_t at = tampered.find("F2024-00042");
  ASSERT_NE(at, std::string::npos);
  tampered[at + 10] = '3';  // F2024-00043
  std::string report = PdfSig("tampered.pdf", tampered);
  EXPECT_THAT(report, Not(HasSubstr("Signature is Valid"))) << report;
}

TEST_F(PdfSignatureTest, Pkcs12WithPasswordSignsAndWrongPasswordIsRefused) {
  std::string p12 = (dir_ / "id.p12").string();
  auto made = RunCommand("openssl pkcs12 -export -inkey " + ShellQuote(key_) + " -in " +
                         ShellQuote(cert_) + " -out " + ShellQuote(p12) + " -passout pass:s3cret");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  absl::StatusOr<SigningIdentity> identity = SigningIdentity::Load(ReadFile(p12), "s3cret", "id.p12");
  ASSERT_TRUE(identity.ok()) << identity.status();
  absl::StatusOr<std::string> signed_pdf = SignPdf(pdf_, *identity, absl::Now());
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.status();
  EXPECT_THAT(PdfSig("p12.pdf", *signed_pdf), HasSubstr("Signature is Valid"));

  absl::StatusOr<SigningIdentity> wrong = SigningIdentity::Load(ReadFile(p12), "nope", "id.p12");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(wrong.status().message(), HasSubstr("id.p12"));
  EXPECT_THAT(wrong.status().message(), HasSubstr("mot de passe"));
}

TEST_F(PdfSignatureTest, MismatchedKeyAndGarbageAreRefusedInFrench) {
  std::string other_key = (dir_ / "other.pem").string();
  ASSERT_EQ(RunCommand("openssl genrsa -out " + ShellQuote(other_key) + " 2048").exit_code, 0);
  absl::StatusOr<SigningIdentity> mismatched =
      SigningIdentity::Load(ReadFile(cert_) + ReadFile(other_key), "", "mix.pem");
  EXPECT_EQ(mismatched.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mismatched.status().message(), HasSubstr("ne correspond pas"));
  absl::StatusOr<SigningIdentity> garbage = SigningIdentity::Load("not a key", "", "x.p12");
  EXPECT_EQ(garbage.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(garbage.status().message(), HasSubstr("x.p12"));
}

TEST_F(PdfSignatureTest, TenantSignerPrefersTheTenantFileThenDefault) {
  std::filesystem::path folder = dir_ / "tenants";
  std::filesystem::create_directories(folder);
  {
    TenantSigner signer(folder, "");
    absl::StatusOr<std::string> none = signer.Sign("acme", pdf_);
    EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(none.status().message(), HasSubstr("acme"));
  }
  std::ofstream(folder / "default.pem") << pem_;
  std::string acme_key = (dir_ / "acme-key.pem").string();
  std::string acme_cert = (dir_ / "acme-cert.pem").string();
  ASSERT_EQ(RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout " +
                       ShellQuote(acme_key) + " -out " + ShellQuote(acme_cert) +
                       " -subj '/CN=Acme Signer'")
                .exit_code,
            0);
  std::ofstream(folder / "acme.pem") << ReadFile(acme_cert) << ReadFile(acme_key);
  TenantSigner signer(folder, "");
  absl::StatusOr<std::string> acme = signer.Sign("acme", pdf_);
  ASSERT_TRUE(acme.ok()) << acme.status();
  EXPECT_THAT(PdfSig("acme.pdf", *acme), HasSubstr("Acme Signer"));
  absl::StatusOr<std::string> other = signer.Sign("../etc/other", pdf_);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_THAT(PdfSig("other.pdf", *other), HasSubstr("Factflow Test Signer"));
}

TEST_F(PdfSignatureTest, SignedFacturXStillPassesTheSharedChecks) {
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  absl::StatusOr<SigningIdentity> identity = SigningIdentity::Load(pem_, "", "cert.pem");
  ASSERT_TRUE(identity.ok()) << identity.status();
  absl::StatusOr<std::string> signed_pdf = SignPdf(pdf_, *identity, absl::Now());
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.status();
  std::string path = WriteTempFile("signed-fx.pdf", *signed_pdf);
  auto result = RunCommand(ShellQuote(validator) + " -q " + ShellQuote(path));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("-> VALID")) << result.output;
}

}  // namespace
}  // namespace factflow::dispatch::rendering
