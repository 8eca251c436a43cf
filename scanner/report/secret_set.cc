#include "report/secret_set.h"

#include <algorithm>
#include <deque>

namespace keysnare {

std::uint32_t SecretSet::child(std::uint32_t node, unsigned char c) const {
  const auto& next = nodes_[node].next;
  auto it = std::lower_bound(next.begin(), next.end(), c, [](const auto& e, unsigned char v) { return e.first < v; });
  return it != next.end() && it->first == c ? it->second : 0;
}

std::uint32_t SecretSet::step(std::uint32_t node, unsigned char c) const {
  while (true) {
    if (const std::uint32_t n = child(node, c)) return n;
    if (node == 0) return 0;
    node = nodes_[node].fail;
  }
}

SecretSet::SecretSet(const std::vector<std::string_view>& patterns) : nodes_(1) {
  for (std::size_t p = 0; p < patterns.size(); ++p) {
    std::uint32_t node = 0;
    for (unsigned char c : patterns[p]) {
      std::uint32_t n = child(node, c);
      if (n == 0) {
        n = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back({});
        nodes_[n].depth = nodes_[node].depth + 1;
        auto& next = nodes_[node].next;
        next.insert(std::lower_bound(next.begin(), next.end(), c,
                                     [](const auto& e, unsigned char v) { return e.first < v; }),
                    {c, n});
      }
      node = n;
    }
    if (node != 0 && nodes_[node].pattern < 0) nodes_[node].pattern = static_cast<std::int32_t>(p);
  }
  // Breadth first: a node's fail link is the longest proper suffix of its path that is in the trie.
  std::deque<std::uint32_t> queue;
  for (const auto& [c, n] : nodes_[0].next) queue.push_back(n);
  while (!queue.empty()) {
    const std::uint32_t node = queue.front();
    queue.pop_front();
    for (const auto& [c, n] : nodes_[node].next) {
      const std::uint32_t f = node == 0 ? 0 : step(nodes_[node].fail, c);
      nodes_[n].fail = f == n ? 0 : f;
      nodes_[n].out_link = nodes_[nodes_[n].fail].pattern >= 0 ? nodes_[n].fail : nodes_[nodes_[n].fail].out_link;
      queue.push_back(n);
    }
  }
}

bool SecretSet::found_in(std::string_view text) const {
  std::uint32_t state = 0;
  for (unsigned char c : text) {
    state = step(state, c);
    if (nodes_[state].pattern >= 0 || nodes_[state].out_link != 0) return true;
  }
  return false;
}

std::string SecretSet::replace(std::string_view text, const std::function<std::string(std::size_t)>& with) const {
  if (empty()) return std::string(text);
  struct Hit {
    std::size_t start, end, pattern;
  };
  std::vector<Hit> hits;
  std::uint32_t state = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    state = step(state, static_cast<unsigned char>(text[i]));
    for (std::uint32_t n = nodes_[state].pattern >= 0 ? state : nodes_[state].out_link; n != 0; n = nodes_[n].out_link)
      if (nodes_[n].pattern >= 0)
        hits.push_back({i + 1 - nodes_[n].depth, i + 1, static_cast<std::size_t>(nodes_[n].pattern)});
  }
  if (hits.empty()) return std::string(text);
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::string out;
  std::size_t from = 0;
  for (const Hit& h : hits) {
    if (h.start < from) continue;  // overlaps one already replaced
    out.append(text, from, h.start - from);
    out += with(h.pattern);
    from = h.end;
  }
  out.append(text, from, std::string_view::npos);
  return out;
}

}  // namespace keysnare
