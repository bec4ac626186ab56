#pragma once

// Internal to the xlsx reader: the compact shared-string table, the memory accounting of growing
// buffers, and the tracking of which text of a string item is its value.
//
// Thread safety: none; each object belongs to one parse.

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "domain/parse_budget.h"

namespace factflow::importer::domain::xlsx_internal {

// The shared-string table, packed in blocks of 1 MiB: a table of small strings would cost far
// more in per-string overhead than its text, and one growing buffer would briefly need twice its
// size at each reallocation. A string never straddles two blocks (one string is at most
// max_cell_chars characters, far below a block); a longer one gets a block of its own.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view Get(size_t index) const {
    const Entry& e = ends_[index];
    size_t begin = index == 0 || ends_[index - 1].block != e.block ? 0 : ends_[index - 1].end;
    return std::string_view(blocks_[e.block].data() + begin, e.end - begin);
  }
  int64_t text_bytes() const { return text_bytes_; }
  void Append(std::string_view text) {
    if (blocks_.empty() || used_ + text.size() > blocks_.back().size()) NewBlock(text.size());
    std::copy(text.begin(), text.end(), blocks_.back().data() + used_);
    used_ += text.size();
    text_bytes_ += static_cast<int64_t>(text.size());
  }
  void EndString() {
    if (blocks_.empty()) NewBlock(0);
    ends_.push_back({static_cast<uint32_t>(blocks_.size() - 1), static_cast<uint32_t>(used_)});
    start_ = used_;
  }
  // Heap memory held (allocated capacity, not only what is used).
  int64_t held_bytes() const {
    return held_blocks_ + static_cast<int64_t>(ends_.capacity() * sizeof(Entry));
  }

 private:
  static constexpr size_t kBlockSize = size_t{1} << 20;
  struct Entry {
    uint32_t block;
    uint32_t end;  // offset in the block just past the string
  };

  // Moves the string being built (from start_) to a new block with room for `more` bytes.
  void NewBlock(size_t more) {
    size_t partial = used_ - start_;
    std::vector<char> block(std::max(kBlockSize, partial + more));
    if (!blocks_.empty()) {
      std::copy_n(blocks_.back().data() + start_, partial, block.data());
    }
    held_blocks_ += static_cast<int64_t>(block.size());
    blocks_.push_back(std::move(block));
    start_ = 0;
    used_ = partial;
  }

  std::vector<std::vector<char>> blocks_;
  std::vector<Entry> ends_;
  size_t start_ = 0;  // where the string being built begins in the last block
  size_t used_ = 0;   // bytes used in the last block
  int64_t text_bytes_ = 0;
  int64_t held_blocks_ = 0;
};

// Charges the growth of a buffer's capacity to the budget, as it happens.
class HeldMemory {
 public:
  HeldMemory(ParseBudget& budget, std::string_view what) : budget_(budget), what_(what) {}
  absl::Status Update(int64_t held) {
    if (held <= charged_) return absl::OkStatus();
    int64_t growth = held - charged_;
    charged_ = held;
    return budget_.ChargeMemory(growth, what_);
  }

 private:
  ParseBudget& budget_;
  std::string_view what_;
  int64_t charged_ = 0;
};

// Tracks whether text belongs to a string value: the <t> runs of <si>/<is> (plain or rich
// text <r><t>), but not phonetic guides (<rPh><t>), which are not part of the value.
class StringTextTracker {
 public:
  void Start(std::string_view name) {
    if (name == "t") in_t_ = true;
    if (name == "rPh") ++phonetic_depth_;
  }
  void End(std::string_view name) {
    if (name == "t") in_t_ = false;
    if (name == "rPh") --phonetic_depth_;
  }
  bool in_value_text() const { return in_t_ && phonetic_depth_ == 0; }

 private:
  bool in_t_ = false;
  int phonetic_depth_ = 0;
};

}  // namespace factflow::importer::domain::xlsx_internal
