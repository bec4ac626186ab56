#pragma once

// PDF signatures of archived invoices (domain.md §4: the archived PDF is signed with the
// tenant's certificate).
//
// How: qpdf adds an invisible signature field (/FT /Sig, merged widget on page 1, /AcroForm
// /SigFlags 3) whose signature dictionary (/Filter /Adobe.PPKLite, /SubFilter
// /adbe.pkcs7.detached) has a zero-filled /Contents placeholder and a /ByteRange placeholder;
// the written file gets its real /ByteRange, and OpenSSL's CMS (detached, signed attributes with
// messageDigest and signingTime, SHA-256) over those byte ranges fills /Contents. `pdfsig`
// (poppler) reports such a signature valid. No PDF syntax is written by hand.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace factflow::dispatch::rendering {

// A private key with its certificate and the chain that comes with it.
class SigningIdentity {
 public:
  // Reads a PKCS#12 bundle (DER; `password` protects it) or PEM text holding the certificate
  // (first), the private key and optionally more certificates (the chain).
  // Errors: InvalidArgument (French) when the bytes are neither, the password is wrong, or the
  // key does not match the certificate; `source` names the file in the message.
  static absl::StatusOr<SigningIdentity> Load(std::string_view bytes, const std::string& password,
                                              const std::string& source);

  // The certificate's subject, for reports ("CN=...,O=...").
  std::string Subject() const;

  struct Impl;
  std::shared_ptr<const Impl> impl;
};

// Signs `pdf` (a whole PDF file) as described above; `at` is the signing time (/M and the CMS
// signingTime). The result is a new, complete PDF.
// Errors: Internal (French, with the library's reason) when qpdf cannot read the PDF or OpenSSL
// cannot sign.
// Thread safety: safe to call concurrently with the same identity.
absl::StatusOr<std::string> SignPdf(std::string_view pdf, const SigningIdentity& identity,
                                    absl::Time at);

// The tenants' identities, read from one folder: <SafeFileName(tenant)>.p12 or .pem, else
// default.p12 or default.pem (the local stack's; production mounts a Kubernetes Secret there).
// PKCS#12 files are opened with `password`. Identities are read once and kept.
class TenantSigner {
 public:
  TenantSigner(std::filesystem::path dir, std::string password);

  // Signs `pdf` with the tenant's identity, now.
  // Errors: FailedPrecondition (French) when the tenant has no certificate in the folder; those
  // of SigningIdentity::Load and SignPdf.
  absl::StatusOr<std::string> Sign(const std::string& tenant_id, std::string_view pdf);

 private:
  absl::StatusOr<SigningIdentity> Identity(const std::string& tenant_id);

  std::filesystem::path dir_;
  std::string password_;
  std::mutex mutex_;
  std::map<std::string, SigningIdentity> cache_;
};

}  // namespace factflow::dispatch::rendering
