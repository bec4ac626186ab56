#include "domain/audit_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "hash/sha256.h"

namespace factflow::invoicing::domain {
namespace {

using ::testing::HasSubstr;

// A chain of `n` entries linked the way the database trigger links them.
std::vector<ChainEntry> Chain(int n) {
  std::vector<ChainEntry> chain;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    ChainEntry e;
    e.id = 100 + i;
    e.tenant_id = "acme";
    e.sequence = i;
    e.invoice_id = "00000000-0000-0000-0000-00000000000" + std::to_string(i % 10);
    e.at_micros = 1'700'000'000'000'000 + i;
    e.operator_id = "alice";
    e.action = i == 1 ? "ISSUE" : "PREPARE";
    e.to_state = "PRET";
    if (i % 2 == 0) e.from_state = "EN_ATTENTE";
    e.prev_hash = prev;
    e.entry_hash = ComputeEntryHash(prev, e);
    prev = e.entry_hash;
    chain.push_back(e);
  }
  return chain;
}

ChainVerifier Verify(const std::vector<ChainEntry>& chain, int64_t head_seq,
                     const std::string& head_hash) {
  ChainVerifier verifier;
  for (const auto& e : chain) {
    if (!verifier.Add(e)) break;
  }
  verifier.Finish(head_seq, head_hash);
  return verifier;
}

TEST(AuditChainTest, CanonicalContentIsLengthPrefixedAndMarksAbsentValues) {
  ChainEntry e;
  e.tenant_id = "t";
  e.sequence = 12;
  e.invoice_id = "id";
  e.at_micros = 5;
  e.operator_id = "op";
  e.action = "SEND";
  e.detail = "";
  EXPECT_EQ(CanonicalContent(e), "1:t;2:12;2:id;1:5;2:op;4:SEND;-;-;0:;-;");
  // Same text as the SQL trigger hashes: prev + "|" + canonical content.
  EXPECT_EQ(ComputeEntryHash(kGenesisHash, e),
            hash::Sha256Hex(std::string(kGenesisHash) + "|" + CanonicalContent(e)));
}

TEST(AuditChainTest, AnIntactChainVerifies) {
  auto chain = Chain(5);
  ChainVerifier v = Verify(chain, 5, chain.back().entry_hash);
  EXPECT_TRUE(v.intact()) << v.problem();
  EXPECT_EQ(v.checked(), 5);
  EXPECT_TRUE(Verify({}, 0, "").intact());
}

TEST(AuditChainTest, AChangedEntryIsNamed) {
  auto chain = Chain(5);
  chain[2].operator_id = "mallory";
  ChainVerifier v = Verify(chain, 5, chain.back().entry_hash);
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.first_broken_sequence(), 3);
  EXPECT_THAT(v.problem(), HasSubstr("entrée n° 3"));
  EXPECT_THAT(v.problem(), HasSubstr("modifiée"));
}

TEST(AuditChainTest, AChangedEntryWithARecomputedHashBreaksTheNextLink) {
  auto chain = Chain(5);
  chain[1].detail = "réécrit";
  chain[1].entry_hash = ComputeEntryHash(chain[1].prev_hash, chain[1]);
  ChainVerifier v = Verify(chain, 5, chain.back().entry_hash);
  EXPECT_EQ(v.first_broken_sequence(), 2);
  EXPECT_THAT(v.problem(), HasSubstr("entrée n° 2 modifiée"));
}

TEST(AuditChainTest, ADeletedEntryIsNamed) {
  auto chain = Chain(5);
  chain.erase(chain.begin() + 3);
  ChainVerifier v = Verify(chain, 5, chain.back().entry_hash);
  EXPECT_EQ(v.first_broken_sequence(), 4);
  EXPECT_THAT(v.problem(), HasSubstr("entrée n° 4 supprimée"));
}

TEST(AuditChainTest, ADeletedTailIsFoundFromTheHead) {
  auto chain = Chain(5);
  std::string head = chain.back().entry_hash;
  chain.resize(3);
  ChainVerifier v = Verify(chain, 5, head);
  EXPECT_EQ(v.first_broken_sequence(), 4);
  EXPECT_THAT(v.problem(), HasSubstr("entrées n° 4 à 5 supprimées"));
}

TEST(AuditChainTest, ReorderedEntriesAreFound) {
  auto chain = Chain(5);
  std::swap(chain[1].sequence, chain[2].sequence);
  std::swap(chain[1], chain[2]);  // read back in chain_seq order
  ChainVerifier v = Verify(chain, 5, chain.back().entry_hash);
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.first_broken_sequence(), 2);
}

}  // namespace
}  // namespace factflow::invoicing::domain
