#pragma once
// SecretSet (internal to report/): finds every occurrence of any of a set of byte strings in a text, so
// redaction can hide the secrets of the whole run wherever they show up in reported text (another
// file's line, a note, a commit message) — the backstop behind the exact spans the detector records.
//
//   SecretSet set({"tokenA", "tokenB"});
//   std::string out = set.replace(text, [](std::size_t which) { return "…"; });
//
// The patterns are kept sorted, each with a link to the longest other pattern that is a prefix of it;
// the longest pattern starting at a text position is then one binary search plus a walk down those
// links; a bitmap of the patterns' first two bytes skips almost every position at once. The set
// refers to the patterns' bytes, which must outlive it; its own memory is 32 bytes per
// pattern (an Aho–Corasick trie, used before, took about 80 bytes per pattern byte: 1.86 GB for a file
// of 1,000 private keys). Time is O(log P) string
// comparisons per text byte; the texts searched are a report's line texts, notes and commit fields.
// Immutable after construction; safe to share between threads.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace keysnare {

class SecretSet {
 public:
  // Empty patterns are ignored; duplicates are allowed (the first index wins). The bytes the views
  // point to must outlive the set.
  explicit SecretSet(const std::vector<std::string_view>& patterns);

  // `text` with occurrences replaced by with(pattern index): leftmost first, the longest at a
  // position, never overlapping a replaced one.
  std::string replace(std::string_view text, const std::function<std::string(std::size_t)>& with) const;
  // Whether any pattern occurs in `text`.
  bool found_in(std::string_view text) const;
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string_view text;
    std::size_t pattern;   // index in the constructor's list
    std::int64_t prefix;   // entry of the longest other pattern that is a prefix of this one, or -1
  };
  // The entry of the longest pattern that `rest` starts with, or -1.
  std::int64_t longest_at(std::string_view rest) const;
  // Whether a pattern can start at text[i]: its first byte (1-byte patterns) or first two bytes.
  bool may_start(std::string_view text, std::size_t i) const {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (first1_[b0]) return true;
    if (i + 1 >= text.size()) return false;
    const unsigned k = b0 << 8 | static_cast<unsigned char>(text[i + 1]);
    return (first2_[k >> 6] >> (k & 63)) & 1;
  }
  std::vector<Entry> entries_;  // sorted by text, distinct
  std::vector<bool> first1_ = std::vector<bool>(256, false);
  std::vector<std::uint64_t> first2_ = std::vector<std::uint64_t>(1024, 0);  // 65,536 bits
};

}  // namespace keysnare
