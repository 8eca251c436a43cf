#include "report/secret_set.h"

#include <algorithm>

namespace keysnare {

SecretSet::SecretSet(const std::vector<std::string_view>& patterns) {
  entries_.reserve(patterns.size());
  for (std::size_t p = 0; p < patterns.size(); ++p)
    if (!patterns[p].empty()) entries_.push_back({patterns[p], p, -1});
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.text != b.text ? a.text < b.text : a.pattern < b.pattern;
  });
  entries_.erase(std::unique(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.text == b.text; }),
                 entries_.end());
  for (const Entry& e : entries_) {
    const auto b0 = static_cast<unsigned char>(e.text[0]);
    if (e.text.size() == 1) {
      first1_[b0] = true;
    } else {
      const unsigned k = b0 << 8 | static_cast<unsigned char>(e.text[1]);
      first2_[k >> 6] |= std::uint64_t{1} << (k & 63);
    }
  }
  // In sorted order every pattern that is a prefix of entry k comes before it, and nothing between
  // such a prefix and k can fail to start with it: so a stack of "prefixes of the current entry" is
  // all that is needed (the order a trie's depth-first walk would visit them).
  std::vector<std::int64_t> stack;
  for (std::size_t k = 0; k < entries_.size(); ++k) {
    const std::string_view t = entries_[k].text;
    while (!stack.empty() && !t.starts_with(entries_[static_cast<std::size_t>(stack.back())].text)) stack.pop_back();
    entries_[k].prefix = stack.empty() ? -1 : stack.back();
    stack.push_back(static_cast<std::int64_t>(k));
  }
}

std::int64_t SecretSet::longest_at(std::string_view rest) const {
  // The last pattern <= rest: if any pattern is a prefix of rest, the longest such one is a prefix of
  // this one too (anything sorted between them starts with it), within their common prefix.
  auto it = std::upper_bound(entries_.begin(), entries_.end(), rest,
                             [](std::string_view v, const Entry& e) { return v < e.text; });
  if (it == entries_.begin()) return -1;
  std::int64_t k = (it - entries_.begin()) - 1;
  const std::string_view q = entries_[static_cast<std::size_t>(k)].text;
  std::size_t common = 0;
  while (common < q.size() && common < rest.size() && q[common] == rest[common]) ++common;
  while (k >= 0 && entries_[static_cast<std::size_t>(k)].text.size() > common) k = entries_[static_cast<std::size_t>(k)].prefix;
  return k;
}

bool SecretSet::found_in(std::string_view text) const {
  if (empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (may_start(text, i) && longest_at(text.substr(i)) >= 0) return true;
  return false;
}

std::string SecretSet::replace(std::string_view text, const std::function<std::string(std::size_t)>& with) const {
  if (empty()) return std::string(text);
  std::string out;
  std::size_t from = 0;  // start of the text not yet copied
  for (std::size_t i = 0; i < text.size();) {
    const std::int64_t k = may_start(text, i) ? longest_at(text.substr(i)) : -1;
    if (k < 0) {
      ++i;
      continue;
    }
    const Entry& e = entries_[static_cast<std::size_t>(k)];
    out.append(text, from, i - from);
    out += with(e.pattern);
    i += e.text.size();
    from = i;
  }
  if (from == 0) return std::string(text);
  out.append(text, from, std::string_view::npos);
  return out;
}

}  // namespace keysnare
