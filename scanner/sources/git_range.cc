#include "sources/git_range.h"

#include <cstring>
#include <map>
#include <optional>

#include "base/text.h"
#include "sources/git_commit_graph.h"

namespace keysnare {

void report_skipped_added(const ChangeLines& lines, const std::string& path, const std::string& commit,
                          bool allow_skipped, Diagnostics& diag) {
  std::string what;
  if (lines.too_large)
    what = "larger than --max-file-size (" + human_bytes(lines.size) + ")";
  else if (lines.binary && lines.git_text)
    what = "a NUL byte after byte 8000 makes it look binary to keysnare, while git shows it as text";
  else
    return;
  const std::string where = printable(path) + (commit.empty() ? "" : " (commit " + commit.substr(0, 7) + ")");
  if (allow_skipped)
    diag.warning(where + ": added file not scanned: " + what + " (--allow-skipped)");
  else
    diag.error(where + ": added file not scanned: " + what +
               "; raise --max-file-size, exclude the path (--exclude, or allowlist.paths), or pass --allow-skipped "
               "to let it through");
}

std::vector<Item> GitRangeSource::plan(Diagnostics& diag) {
  std::vector<Item> items;
  GitCommitGraph graph(repo_.get());
  std::string why;
  const std::uint32_t b = graph.node(base_, &why);
  const std::uint32_t h = graph.node(head_, &why);
  if (b == GitCommitGraph::kMissing || h == GitCommitGraph::kMissing) {
    diag.error(repo_.label() + ": cannot read commit: " + why);
    return items;
  }
  const GitCommitGraph::Range range = graph.range(b, h, diag);
  if (range.cut)
    diag.warning(repo_.label() +
                 ": shallow clone: the range reaches commits whose parents are not in this clone; their files "
                 "count as wholly added (fetch more history, e.g. fetch-depth: 0)");
  const std::vector<std::uint32_t> order = graph.oldest_first(range.commits);
  commits_ = order.size();
  git_odb* odb = repo_.odb();
  if (!odb) {
    diag.error(repo_.label() + ": cannot open object database: " + git_error_text());
    return items;
  }
  // A partial clone: objects its filter left out are counted, then reported once.
  const bool partial = !repo_.promisor().empty();
  std::size_t missing_trees = 0, missing_blobs = 0;

  auto lookup_tree = [&](const git_oid& id) -> GitTreePtr {
    git_tree* raw = nullptr;
    const int rc = git_tree_lookup(&raw, repo_.get(), &id);
    if (rc < 0) {
      if (rc == GIT_ENOTFOUND && partial) ++missing_trees;
      else diag.error(repo_.label() + ": corrupt repository: cannot read tree " + oid_hex(id) + ": " + git_error_text());
      return nullptr;
    }
    return GitTreePtr(raw);
  };
  // Only the changed paths are compared: libgit2's tree-to-tree diff would visit every entry of both
  // trees for each commit.
  auto diff_trees = [&](const git_tree* from, const git_tree* to) -> GitDiffPtr {
    std::vector<PathChange> changes;
    if (auto st = tree_changes(repo_.get(), from, to, changes, partial ? &missing_trees : nullptr); !st) {
      diag.error(repo_.label() + ": corrupt repository: " + st.error());
      return nullptr;
    }
    auto diff = diff_changes(repo_.get(), changes, /*copies=*/false);
    if (!diff) {
      diag.error(repo_.label() + ": " + diff.error());
      return nullptr;
    }
    return std::move(*diff);
  };

  std::uint64_t rank = 0;
  for (std::uint32_t i : order) {
    const auto& c = graph.at(i);
    git_commit* craw = nullptr;
    if (git_commit_lookup(&craw, repo_.get(), &c.id) < 0) {
      diag.error(repo_.label() + ": cannot read commit " + oid_hex(c.id) + ": " + git_error_text());
      continue;
    }
    GitCommitPtr commit(craw);
    std::shared_ptr<CommitInfo> mutable_info = commit_info(commit.get());
    mutable_info->topo_rank = ++rank;
    std::shared_ptr<const CommitInfo> info = std::move(mutable_info);
    {
      // The message is text the range adds, every line of it.
      Item item;
      item.where.kind = SourceKind::Commit;
      item.where.path = kCommitMessagePath;
      item.where.commit = info;
      item.where.commit_message = true;
      item.locator = message_locator(c.id);
      items.push_back(std::move(item));
      // A bypass marker in a message is listed like one in a file.
      const char* message = git_commit_message_raw(commit.get());
      if (!opts_.marker.empty() && message && std::strstr(message, opts_.marker.c_str())) {
        std::uint32_t line = 1;
        for (const char* p = message; *p;) {
          const char* eol = std::strchr(p, '\n');
          const std::string_view text(p, eol ? static_cast<std::size_t>(eol - p) : std::strlen(p));
          if (text.find(opts_.marker) != std::string_view::npos) markers_.push_back({kCommitMessagePath, line, info->id});
          if (!eol) break;
          p = eol + 1;
          ++line;
        }
      }
    }
    GitTreePtr tree = lookup_tree(c.tree);
    if (!tree) continue;
    if (c.cut && c.parents.empty())
      diag.warning("commit " + info->id.substr(0, 7) + ": parent not in this shallow clone; compared with the empty tree");
    // First parent (or the empty tree), and for merges every other parent by new path.
    GitTreePtr first;
    if (!c.parents.empty()) {
      first = lookup_tree(graph.at(c.parents[0]).tree);
      if (!first) continue;
    }
    GitDiffPtr diff = diff_trees(first.get(), tree.get());
    if (!diff) continue;
    std::vector<std::map<std::string, std::optional<git_oid>>> others;
    bool failed = false;
    for (std::size_t k = 1; k < c.parents.size() && !failed; ++k) {
      GitTreePtr pt = lookup_tree(graph.at(c.parents[k]).tree);
      GitDiffPtr pd = pt ? diff_trees(pt.get(), tree.get()) : nullptr;
      if (!pd) {
        failed = true;
        break;
      }
      auto& m = others.emplace_back();
      for (std::size_t d = 0; d < git_diff_num_deltas(pd.get()); ++d) {
        const git_diff_delta* delta = git_diff_get_delta(pd.get(), d);
        if (delta->status == GIT_DELTA_DELETED || !is_file_mode(delta->new_file.mode)) continue;
        m.emplace(delta->new_file.path, old_side(delta));
      }
    }
    if (failed) continue;

    for (std::size_t d = 0; d < git_diff_num_deltas(diff.get()); ++d) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), d);
      if (!added_side(delta)) continue;  // deletions add nothing; submodules are other repositories
      const std::string path = delta->new_file.path;
      if (opts_.skip_path && opts_.skip_path(path)) continue;
      std::vector<std::optional<git_oid>> olds{old_side(delta)};
      bool unchanged_vs_a_parent = false;
      for (const auto& m : others) {
        auto it = m.find(path);
        if (it == m.end()) {
          unchanged_vs_a_parent = true;  // the merge took this file as that parent had it
          break;
        }
        olds.push_back(it->second);
      }
      if (unchanged_vs_a_parent) continue;
      auto lines = change_lines(odb, delta->new_file.id, olds, opts_.max_file_size, opts_.marker, path, partial);
      if (!lines) {
        diag.error(lines.error());
        continue;
      }
      if (lines->missing) {
        ++missing_blobs;
        continue;
      }
      report_skipped_added(*lines, path, info->id, opts_.allow_skipped, diag);
      Item item;
      item.where.kind = SourceKind::Commit;
      item.where.path = path;
      item.where.commit = info;
      item.where.blob_id = oid_hex(delta->new_file.id);
      item.locator = item.where.blob_id;
      item.size = lines->size;
      if (!lines->too_large && !lines->binary) {
        if (lines->added.ranges.empty()) continue;  // nothing added (pure rename, removed lines only)
        item.added = std::make_shared<const LineRanges>(std::move(lines->added));
        for (std::uint32_t l : lines->marker_lines) markers_.push_back({path, l, info->id});
      } else {
        // Not scanned (the pipeline counts it as large or binary); no line may count.
        item.added = std::make_shared<const LineRanges>();
      }
      items.push_back(std::move(item));
    }
  }
  if (missing_blobs || missing_trees) {
    std::string what;
    if (missing_blobs) what = std::to_string(missing_blobs) + " changed file" + (missing_blobs == 1 ? "" : "s");
    if (missing_trees)
      what += (what.empty() ? "" : " and ") + std::to_string(missing_trees) + " tree" + (missing_trees == 1 ? "" : "s");
    diag.error(partial_clone_error(repo_, what + " of the range"));
  }
  return items;
}

}  // namespace keysnare
