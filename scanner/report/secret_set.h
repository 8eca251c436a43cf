#pragma once
// SecretSet (internal to report/): finds every occurrence of any of a set of byte strings in a text in
// one pass (Aho–Corasick), so redaction can hide every reported secret wherever it shows up in a blob's
// line texts — not only the finding's own secret at its own place — in time linear in the texts.
//
//   SecretSet set({"tokenA", "tokenB"});
//   std::string out = set.replace(text, [](std::size_t which) { return "…"; });
//
// Memory is one node per pattern byte (patterns are one blob's secrets, at most the per-file cap).
// Immutable after construction; safe to share between threads.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keysnare {

class SecretSet {
 public:
  // Empty patterns are ignored; duplicates are allowed (the first index wins).
  explicit SecretSet(const std::vector<std::string_view>& patterns);

  // `text` with occurrences replaced by with(pattern index): leftmost first, the longest at a
  // position, never overlapping a replaced one.
  std::string replace(std::string_view text, const std::function<std::string(std::size_t)>& with) const;
  // Whether any pattern occurs in `text`.
  bool found_in(std::string_view text) const;
  bool empty() const { return nodes_.size() <= 1; }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, std::uint32_t>> next;  // sorted by byte
    std::uint32_t fail = 0;
    std::uint32_t out_link = 0;  // nearest node on the fail chain that ends a pattern (0: none)
    std::int32_t pattern = -1;   // the pattern ending here
    std::uint32_t depth = 0;
  };
  std::uint32_t child(std::uint32_t node, unsigned char c) const;  // 0 when absent (root: root)
  std::uint32_t step(std::uint32_t node, unsigned char c) const;
  std::vector<Node> nodes_;
};

}  // namespace keysnare
