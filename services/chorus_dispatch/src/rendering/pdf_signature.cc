#include "rendering/pdf_signature.h"

// qpdf 11: no PointerHolder in the API we use.
#define POINTERHOLDER_TRANSITION 4

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <exception>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "files/confined_path.h"

namespace factflow::dispatch::rendering {

struct SigningIdentity::Impl {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  ~Impl() {
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
  }
};

namespace {

// Room for the DER CMS (certificate chain included) in /Contents.
constexpr size_t kSignatureReserve = 16384;
// /ByteRange placeholder numbers: wide enough for any offset, replaced in place.
constexpr int64_t kByteRangePlaceholder = 9999999999;

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "raison inconnue";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

BioPtr MemoryBio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), &BIO_free);
}

std::string PdfDate(absl::Time at) {
  return absl::StrCat("D:", absl::FormatTime("%Y%m%d%H%M%S", at, absl::UTCTimeZone()), "+00'00'");
}

// Adds the signature dictionary (placeholders) and its invisible field; returns the new file.
std::string WithPlaceholder(std::string_view bytes, absl::Time at) {
  QPDF pdf;
  pdf.processMemoryFile("invoice.pdf", bytes.data(), bytes.size());
  QPDFObjectHandle sig = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
  sig.replaceKey("/Type", QPDFObjectHandle::newName("/Sig"));
  sig.replaceKey("/Filter", QPDFObjectHandle::newName("/Adobe.PPKLite"));
  sig.replaceKey("/SubFilter", QPDFObjectHandle::newName("/adbe.pkcs7.detached"));
  QPDFObjectHandle range = QPDFObjectHandle::newArray();
  range.appendItem(QPDFObjectHandle::newInteger(0));
  for (int i = 0; i < 3; ++i) range.appendItem(QPDFObjectHandle::newInteger(kByteRangePlaceholder));
  sig.replaceKey("/ByteRange", range);
  sig.replaceKey("/Contents", QPDFObjectHandle::newString(std::string(kSignatureReserve, '\0')));
  sig.replaceKey("/M", QPDFObjectHandle::newString(PdfDate(at)));

  std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(pdf).getAllPages();
  if (pages.empty()) throw std::runtime_error("le PDF n'a aucune page");
  QPDFObjectHandle page = pages.front().getObjectHandle();
  QPDFObjectHandle field = pdf.makeIndirectObject(QPDFObjectHandle::parse(
      "<< /FT /Sig /T (Signature) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>"));
  field.replaceKey("/V", sig);
  field.replaceKey("/P", page);
  QPDFObjectHandle annots = page.getKey("/Annots");
  if (!annots.isArray()) {
    annots = QPDFObjectHandle::newArray();
    page.replaceKey("/Annots", annots);
  }
  annots.appendItem(field);
  QPDFObjectHandle form = QPDFObjectHandle::newDictionary();
  QPDFObjectHandle fields = QPDFObjectHandle::newArray();
  fields.appendItem(field);
  form.replaceKey("/Fields", fields);
  form.replaceKey("/SigFlags", QPDFObjectHandle::newInteger(3));
  pdf.getRoot().replaceKey("/AcroForm", form);

  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  // The signature dictionary must be a plain object of the file, not inside an object stream.
  writer.setObjectStreamMode(qpdf_o_disable);
  writer.setDeterministicID(true);
  writer.write();
  std::shared_ptr<Buffer> out = writer.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(out->getBuffer()), out->getSize());
}

absl::StatusOr<std::string> DetachedCms(std::string_view data, const SigningIdentity::Impl& id,
                                        absl::Time at) {
  constexpr unsigned int kFlags = CMS_DETACHED | CMS_BINARY;
  BioPtr in = MemoryBio(data);
  std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
      CMS_sign(nullptr, nullptr, id.chain, nullptr, kFlags | CMS_PARTIAL), &CMS_ContentInfo_free);
  if (cms == nullptr) return absl::InternalError(OpenSslError());
  CMS_SignerInfo* signer = CMS_add1_signer(cms.get(), id.cert, id.key, EVP_sha256(), kFlags);
  if (signer == nullptr) return absl::InternalError(OpenSslError());
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> time(
      ASN1_TIME_set(nullptr, absl::ToTimeT(at)), &ASN1_TIME_free);
  if (time == nullptr ||
      CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, time->type, time.get(), -1) != 1 ||
      CMS_final(cms.get(), in.get(), nullptr, kFlags) != 1) {
    return absl::InternalError(OpenSslError());
  }
  unsigned char* der = nullptr;
  int size = i2d_CMS_ContentInfo(cms.get(), &der);
  if (size <= 0) return absl::InternalError(OpenSslError());
  std::string out(reinterpret_cast<const char*>(der), size);
  OPENSSL_free(der);
  return out;
}

absl::StatusOr<std::string> Sign(std::string_view pdf, const SigningIdentity::Impl& id,
                                 absl::Time at) {
  std::string file = WithPlaceholder(pdf, at);
  const std::string contents =
      absl::StrCat("/Contents <", std::string(2 * kSignatureReserve, '0'), ">");
  size_t contents_at = file.find(contents);
  size_t range_at = file.find("/ByteRange");
  size_t range_open = range_at == std::string::npos ? range_at : file.find('[', range_at);
  size_t range_close = range_open == std::string::npos ? range_open : file.find(']', range_open);
  if (contents_at == std::string::npos || range_close == std::string::npos ||
      file.find(contents, contents_at + 1) != std::string::npos) {
    return absl::InternalError("emplacement de la signature introuvable dans le PDF écrit");
  }
  const size_t hole_begin = contents_at + std::string_view("/Contents ").size();
  const size_t hole_end = contents_at + contents.size();
  std::string range = absl::StrFormat("[0 %d %d %d", hole_begin, hole_end, file.size() - hole_end);
  const size_t width = range_close - range_open;  // '[' .. before ']'
  if (range.size() > width) return absl::InternalError("/ByteRange trop court");
  range.append(width - range.size(), ' ');
  file.replace(range_open, width, range);

  std::string signed_bytes = file.substr(0, hole_begin) + file.substr(hole_end);
  absl::StatusOr<std::string> cms = DetachedCms(signed_bytes, id, at);
  if (!cms.ok()) return cms.status();
  std::string hex = absl::BytesToHexString(*cms);
  if (hex.size() > 2 * kSignatureReserve) {
    return absl::InternalError("signature CMS plus grande que la place réservée");
  }
  file.replace(hole_begin + 1, hex.size(), hex);
  return file;
}

}  // namespace

absl::StatusOr<SigningIdentity> SigningIdentity::Load(std::string_view bytes,
                                                      const std::string& password,
                                                      const std::string& source) {
  auto impl = std::make_shared<Impl>();
  auto invalid = [&](const char* what) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificat de signature ", source, " : ", what, " (", OpenSslError(), ")"));
  };
  if (bytes.find("-----BEGIN") != std::string_view::npos) {
    BioPtr bio = MemoryBio(bytes);
    impl->cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (impl->cert == nullptr) return invalid("aucun certificat PEM");
    impl->chain = sk_X509_new_null();
    while (X509* extra = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      sk_X509_push(impl->chain, extra);
    }
    ERR_clear_error();
    BioPtr key_bio = MemoryBio(bytes);
    impl->key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr,
                                        const_cast<char*>(password.c_str()));
    if (impl->key == nullptr) return invalid("aucune clé privée PEM lisible");
  } else {
    BioPtr bio = MemoryBio(bytes);
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(d2i_PKCS12_bio(bio.get(), nullptr),
                                                         &PKCS12_free);
    if (p12 == nullptr) return invalid("ni PEM ni PKCS#12");
    if (PKCS12_parse(p12.get(), password.c_str(), &impl->key, &impl->cert, &impl->chain) != 1 ||
        impl->key == nullptr || impl->cert == nullptr) {
      return invalid("PKCS#12 illisible (mot de passe ?)");
    }
  }
  if (X509_check_private_key(impl->cert, impl->key) != 1) {
    return invalid("la clé privée ne correspond pas au certificat");
  }
  SigningIdentity identity;
  identity.impl = std::move(impl);
  return identity;
}

std::string SigningIdentity::Subject() const {
  char* text = X509_NAME_oneline(X509_get_subject_name(impl->cert), nullptr, 0);
  std::string out = text != nullptr ? text : "";
  OPENSSL_free(text);
  return out;
}

absl::StatusOr<std::string> SignPdf(std::string_view pdf, const SigningIdentity& identity,
                                    absl::Time at) {
  try {
    absl::StatusOr<std::string> out = Sign(pdf, *identity.impl, at);
    if (!out.ok()) {
      return absl::InternalError(absl::StrCat("signature du PDF impossible : ", out.status().message()));
    }
    return out;
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("signature du PDF impossible (qpdf : ", e.what(), ")"));
  }
}

TenantSigner::TenantSigner(std::filesystem::path dir, std::string password)
    : dir_(std::move(dir)), password_(std::move(password)) {}

absl::StatusOr<SigningIdentity> TenantSigner::Identity(const std::string& tenant_id) {
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(tenant_id); it != cache_.end()) return it->second;
  for (const std::string& base : {files::SafeFileName(tenant_id), std::string("default")}) {
    for (const char* ext : {".p12", ".pem"}) {
      absl::StatusOr<std::filesystem::path> path = files::ConfinedPath(dir_, {base + ext});
      std::error_code error;
      if (!path.ok() || !std::filesystem::is_regular_file(*path, error)) continue;
      std::ifstream in(*path, std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      absl::StatusOr<SigningIdentity> identity =
          SigningIdentity::Load(bytes.str(), password_, path->filename().string());
      if (!identity.ok()) return identity.status();
      cache_.emplace(tenant_id, *identity);
      return identity;
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("aucun certificat de signature pour le tenant « ", tenant_id, " » dans ",
                   dir_.string(), " (", files::SafeFileName(tenant_id),
                   ".p12/.pem ou default.p12/.pem)"));
}

absl::StatusOr<std::string> TenantSigner::Sign(const std::string& tenant_id, std::string_view pdf) {
  absl::StatusOr<SigningIdentity> identity = Identity(tenant_id);
  if (!identity.ok()) return identity.status();
  return SignPdf(pdf, *identity, absl::Now());
}

}  // namespace factflow::dispatch::rendering
