#include "sources/git_commit_graph.h"

#include <algorithm>
#include <queue>
#include <string_view>

namespace keysnare {
namespace {

// The committer time from a raw commit object ("committer Name <email> 1700000000 +0100").
std::int64_t committer_time(std::string_view raw) {
  const std::size_t at = raw.find("\ncommitter ");
  if (at == std::string_view::npos) return 0;
  std::string_view line = raw.substr(at + 1);
  line = line.substr(0, line.find('\n'));
  const std::size_t gt = line.rfind('>');
  if (gt == std::string_view::npos) return 0;
  std::int64_t t = 0;
  std::size_t i = gt + 1;
  while (i < line.size() && line[i] == ' ') ++i;
  bool neg = false;
  if (i < line.size() && line[i] == '-') neg = true, ++i;
  for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) t = t * 10 + (line[i] - '0');
  return neg ? -t : t;
}

}  // namespace

std::uint32_t GitCommitGraph::node(const git_oid& id, std::string* why) {
  if (auto it = index_.find(id); it != index_.end()) return it->second;
  if (missing_.count(id)) {
    if (why) *why = "not in the repository";
    return kMissing;
  }
  if (!odb_) {
    git_odb* o = nullptr;
    if (git_repository_odb(&o, repo_) < 0) {
      if (why) *why = git_error_text();
      return kMissing;
    }
    odb_.reset(o);
  }
  git_odb_object* raw = nullptr;
  const int rc = git_odb_read(&raw, odb_.get(), &id);
  GitOdbObjectPtr obj(raw);
  if (rc < 0 || git_odb_object_type(raw) != GIT_OBJECT_COMMIT) {
    if (why) *why = rc == GIT_ENOTFOUND ? "not in the repository" : rc < 0 ? git_error_text() : "not a commit";
    missing_.emplace(id, true);
    return kMissing;
  }
  const std::string_view text(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
  Commit c;
  c.id = id;
  // Header lines up to the first empty line: "tree X", then "parent X" lines.
  std::size_t pos = 0;
  bool have_tree = false;
  while (pos < text.size() && text[pos] != '\n') {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    git_oid oid;
    if (line.size() == 5 + GIT_OID_HEXSZ && line.substr(0, 5) == "tree " &&
        git_oid_fromstrn(&oid, line.data() + 5, GIT_OID_HEXSZ) == 0) {
      c.tree = oid;
      have_tree = true;
    } else if (line.substr(0, 7) == "parent ") {
      if (line.size() == 7 + GIT_OID_HEXSZ && git_oid_fromstrn(&oid, line.data() + 7, GIT_OID_HEXSZ) == 0)
        c.parent_ids.push_back(oid);
      else
        c.bad_parent = true;  // reported by expand(): the history below it cannot be followed
    } else if (line.substr(0, 7) == "author ") {
      break;  // parents come before the author; the rest is not needed here
    }
    pos = eol + 1;
  }
  if (!have_tree) {
    if (why) *why = "malformed commit (no tree)";
    missing_.emplace(id, true);
    return kMissing;
  }
  c.time = committer_time(text);
  const auto i = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(std::move(c));
  index_.emplace(id, i);
  return i;
}

void GitCommitGraph::expand(std::uint32_t i, Diagnostics& diag) {
  if (nodes_[i].expanded) return;
  nodes_[i].expanded = true;
  const std::vector<git_oid> ids = nodes_[i].parent_ids;  // node() may grow nodes_
  std::vector<std::uint32_t> parents;
  bool cut = false;
  for (const auto& p : ids) {
    std::string why;
    const std::uint32_t n = node(p, &why);
    if (n == kMissing) {
      cut = true;
      if (git_repository_is_shallow(repo_) != 1 && !reported_missing_) {
        reported_missing_ = true;
        diag.error("commit " + oid_hex(nodes_[i].id) + ": parent " + oid_hex(p) + " " + why +
                   " (damaged repository?); history below it is not scanned");
      }
      continue;
    }
    parents.push_back(n);
  }
  if (nodes_[i].bad_parent) {
    cut = true;
    diag.error("corrupt repository: commit " + oid_hex(nodes_[i].id) +
               ": malformed parent line; history below it is not scanned");
  }
  nodes_[i].parents = std::move(parents);
  nodes_[i].cut = cut;
}

void GitCommitGraph::add_reachable(const std::vector<git_oid>& tips, Diagnostics& diag) {
  std::vector<std::uint32_t> stack;
  for (const auto& t : tips) {
    std::string why;
    const std::uint32_t n = node(t, &why);
    if (n != kMissing) stack.push_back(n);
    else diag.error("corrupt repository: commit " + oid_hex(t) + ": " + why + "; nothing below it is scanned");
  }
  while (!stack.empty()) {
    const std::uint32_t i = stack.back();
    stack.pop_back();
    if (nodes_[i].expanded) continue;
    expand(i, diag);
    for (std::uint32_t p : nodes_[i].parents)
      if (!nodes_[p].expanded) stack.push_back(p);
  }
}

GitCommitGraph::Range GitCommitGraph::range(std::uint32_t base, std::uint32_t head, Diagnostics& diag) {
  enum : std::uint8_t { kSeen = 1, kUninteresting = 2, kDone = 4 };
  std::unordered_map<std::uint32_t, std::uint8_t> flags;
  auto newer = [&](std::uint32_t a, std::uint32_t b) {  // heap order: newest on top
    if (nodes_[a].time != nodes_[b].time) return nodes_[a].time < nodes_[b].time;
    return oid_less(nodes_[b].id, nodes_[a].id);
  };
  std::vector<std::uint32_t> heap;
  auto push = [&](std::uint32_t i) {
    heap.push_back(i);
    std::push_heap(heap.begin(), heap.end(), newer);
  };
  // Marks `i` and, through commits already walked, their ancestors uninteresting.
  auto mark_uninteresting = [&](std::uint32_t i) {
    std::vector<std::uint32_t> stack{i};
    while (!stack.empty()) {
      const std::uint32_t c = stack.back();
      stack.pop_back();
      auto& f = flags[c];
      if (f & kUninteresting) continue;
      f |= kUninteresting;
      if (f & kDone)
        for (std::uint32_t p : nodes_[c].parents) stack.push_back(p);
    }
  };
  flags[base] = kSeen | kUninteresting;
  push(base);
  if (!(flags[head] & kSeen)) {
    flags[head] |= kSeen;
    push(head);
  }
  // Like git's limit_list: go on while anything interesting is queued, plus a few commits of slop
  // for clocks that went backwards.
  int slop = 5;
  Range out;
  while (!heap.empty()) {
    const bool everybody_uninteresting =
        std::all_of(heap.begin(), heap.end(), [&](std::uint32_t i) { return flags[i] & kUninteresting; });
    if (everybody_uninteresting) {
      if (--slop < 0) break;
    } else {
      slop = 5;
    }
    std::pop_heap(heap.begin(), heap.end(), newer);
    const std::uint32_t c = heap.back();
    heap.pop_back();
    flags[c] |= kDone;
    expand(c, diag);
    const bool unint = flags[c] & kUninteresting;
    for (std::uint32_t p : nodes_[c].parents) {
      if (unint) mark_uninteresting(p);
      auto& f = flags[p];
      if (!(f & kSeen)) {
        f |= kSeen;
        push(p);
      }
    }
  }
  for (const auto& [i, f] : flags)
    if ((f & kSeen) && !(f & kUninteresting)) {
      out.commits.push_back(i);
      if (nodes_[i].cut) out.cut = true;
    }
  return out;
}

std::vector<std::uint32_t> GitCommitGraph::all() const {
  std::vector<std::uint32_t> v(nodes_.size());
  for (std::uint32_t i = 0; i < v.size(); ++i) v[i] = i;
  return v;
}

std::vector<std::uint32_t> GitCommitGraph::oldest_first(const std::vector<std::uint32_t>& subset) const {
  // Kahn's algorithm over the subset's own edges, a min-heap on (time, id) choosing among ready ones.
  const std::size_t n = nodes_.size();
  constexpr std::uint32_t kOut = UINT32_MAX;
  std::vector<std::uint32_t> pending(n, kOut);  // parents in the subset not yet output; kOut = not in it
  for (std::uint32_t i : subset) pending[i] = 0;
  std::vector<std::uint32_t> child_start(n + 1, 0);  // children as compressed rows
  for (std::uint32_t i : subset)
    for (std::uint32_t p : nodes_[i].parents)
      if (pending[p] != kOut) ++child_start[p + 1];
  for (std::size_t i = 0; i < n; ++i) child_start[i + 1] += child_start[i];
  std::vector<std::uint32_t> children(child_start[n]);
  std::vector<std::uint32_t> fill(child_start.begin(), child_start.end() - 1);
  for (std::uint32_t i : subset)
    for (std::uint32_t p : nodes_[i].parents)
      if (pending[p] != kOut) {
        children[fill[p]++] = i;
        ++pending[i];
      }
  auto later = [&](std::uint32_t a, std::uint32_t b) {  // heap order: oldest on top
    if (nodes_[a].time != nodes_[b].time) return nodes_[a].time > nodes_[b].time;
    return oid_less(nodes_[b].id, nodes_[a].id);
  };
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, decltype(later)> ready(later);
  for (std::uint32_t i : subset)
    if (pending[i] == 0) ready.push(i);
  std::vector<std::uint32_t> out;
  out.reserve(subset.size());
  while (!ready.empty()) {
    const std::uint32_t i = ready.top();
    ready.pop();
    out.push_back(i);
    for (std::uint32_t k = child_start[i]; k < child_start[i + 1]; ++k)
      if (--pending[children[k]] == 0) ready.push(children[k]);
  }
  return out;
}

}  // namespace keysnare
