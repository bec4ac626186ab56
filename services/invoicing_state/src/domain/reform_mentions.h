#pragma once

// What the 2026-2027 French e-invoicing reform adds to an invoice beyond the classic mentions:
// the category of the operation (goods, services or both, carried as BT-23 "cadre de
// facturation" in the e-invoice and as a sentence on the PDF), the "option pour le paiement de la
// TVA d'après les débits", the OSS mention of a distance sale taxed in the destination member
// state, and the SIREN-based electronic address of the reform's directory (EAS scheme 0225).
//
// Thread safety: pure functions; safe to call concurrently.

#include <string>
#include <string_view>

namespace factflow::invoicing::domain {

// EAS scheme of the reform's directory addresses (SIREN, SIREN_SIRET, ...).
inline constexpr std::string_view kDirectoryAddressScheme = "0225";

// The tenant's setting "BIENS" (also empty or unknown), "SERVICES" or "MIXTE" as the BT-23 code:
// B1 / S1 / M1, or B2 / S2 / M2 when the invoice is already paid when issued.
std::string OperationFramework(std::string_view tenant_category, bool already_paid);

// "Catégorie de l'opération : livraison de biens" / "prestation de services" /
// "livraison de biens et prestation de services".
std::string OperationCategoryText(std::string_view tenant_category);

// "Option pour le paiement de la taxe d'après les débits" (art. 269, 2-c du CGI).
std::string_view VatOnDebitsText();

// "Vente à distance intracommunautaire : TVA de l'État membre de livraison, déclarée via le
// guichet unique (OSS), art. 258 A et 298 sexdecies G du CGI".
std::string_view OssMentionText();

// The directory address of a company known by `siren` or `siret` (its first 9 digits): the
// SIREN itself; empty when neither is given.
std::string DirectoryAddress(std::string_view siren, std::string_view siret);

}  // namespace factflow::invoicing::domain
