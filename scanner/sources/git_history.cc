#include "sources/git_history.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "sources/git_commit_graph.h"

namespace keysnare {
namespace {

struct NamedObject {
  std::string name;  // the ref that points at it
  git_oid id;
};

class Planner {
 public:
  Planner(GitRepo& repo, const GitHistoryOptions& o, Diagnostics& diag)
      : repo_(repo), opts_(o), diag_(diag), graph_(repo.get()) {}

  std::vector<Item> run() {
    // Each tree is read once, except that --all-occurrences compares trees with their parents'.
    set_tree_cache(opts_.all_occurrences);
    odb_ = repo_.odb();
    if (repo_.shallow())
      diag_.warning(repo_.label() +
                    ": shallow clone: history before the shallow boundary is not in this repository and is "
                    "not scanned (git fetch --unshallow fetches it)");
    collect_roots();
    graph_.add_reachable(tips_, diag_);
    visited_.assign(graph_.size(), false);
    for (std::uint32_t i : graph_.oldest_first(graph_.all())) visit_commit(i);
    // Tags of trees and blobs, after commits so that commits claim what they share.
    for (const auto& t : trees_) {
      current_ = GitCommitGraph::kMissing;
      path_ = t.name + ":";
      walk_tree(t.id);
    }
    for (const auto& b : blobs_) {
      current_ = GitCommitGraph::kMissing;
      path_.clear();
      add_blob(b.id, b.name);
    }
    if (opts_.unreachable) add_unreachable();
    return std::move(items_);
  }

 private:
  void peel_root(const git_oid& target, const std::string& name) {
    git_object* raw = nullptr;
    if (git_object_lookup(&raw, repo_.get(), &target, GIT_OBJECT_ANY) < 0) {
      // A ref to a missing object: corrupt, but the rest of the history can still be scanned.
      diag_.error(repo_.label() + ": corrupt repository: " + name + " points to " + oid_hex(target) + ": " +
                  git_error_text());
      return;
    }
    GitObjectPtr obj(raw);
    if (git_object_type(raw) == GIT_OBJECT_TAG) {
      git_object* peeled = nullptr;
      if (git_tag_peel(&peeled, reinterpret_cast<git_tag*>(raw)) < 0) {
        diag_.error(repo_.label() + ": corrupt repository: cannot peel tag " + name + ": " + git_error_text());
        return;
      }
      obj.reset(peeled);
    }
    const git_oid id = *git_object_id(obj.get());
    switch (git_object_type(obj.get())) {
      case GIT_OBJECT_COMMIT: tips_.push_back(id); break;
      case GIT_OBJECT_TREE: trees_.push_back({name, id}); break;
      case GIT_OBJECT_BLOB: blobs_.push_back({name, id}); break;
      default: break;
    }
  }

  void collect_roots() {
    git_reference_iterator* it_raw = nullptr;
    if (git_reference_iterator_new(&it_raw, repo_.get()) < 0) {
      diag_.error(repo_.label() + ": corrupt repository: cannot list refs: " + git_error_text());
    } else {
      GitReferenceIteratorPtr it(it_raw);
      git_reference* ref_raw = nullptr;
      int rc;
      while ((rc = git_reference_next(&ref_raw, it.get())) == 0) {
        GitReferencePtr ref(ref_raw);
        git_reference* resolved_raw = nullptr;
        if (git_reference_resolve(&resolved_raw, ref.get()) < 0) continue;  // dangling symbolic ref
        GitReferencePtr resolved(resolved_raw);
        if (const git_oid* t = git_reference_target(resolved.get())) peel_root(*t, git_reference_name(ref.get()));
      }
      if (rc != GIT_ITEROVER)
        diag_.error(repo_.label() + ": corrupt repository: cannot list refs: " + git_error_text());
    }
    git_oid head;
    if (git_reference_name_to_id(&head, repo_.get(), "HEAD") == 0) peel_root(head, "HEAD");
    // Linked worktrees may sit on a detached HEAD no branch reaches.
    struct Names {
      git_strarray a = {nullptr, 0};
      ~Names() { git_strarray_dispose(&a); }
    } names;
    if (git_worktree_list(&names.a, repo_.get()) == 0) {
      for (std::size_t i = 0; i < names.a.count; ++i) {
        git_reference* ref_raw = nullptr;
        if (git_repository_head_for_worktree(&ref_raw, repo_.get(), names.a.strings[i]) < 0) continue;
        GitReferencePtr ref(ref_raw);
        if (const git_oid* t = git_reference_target(ref.get()))
          peel_root(*t, std::string("worktree ") + names.a.strings[i] + " HEAD");
      }
    }
    // Every stash, not only the newest: older ones live in refs/stash's reflog.
    git_reflog* log_raw = nullptr;
    if (git_reflog_read(&log_raw, repo_.get(), "refs/stash") == 0) {
      GitReflogPtr log(log_raw);
      for (std::size_t i = 0; i < git_reflog_entrycount(log.get()); ++i) {
        const git_reflog_entry* e = git_reflog_entry_byindex(log.get(), i);
        const git_oid* id = git_reflog_entry_id_new(e);
        if (id && !git_oid_is_zero(id)) peel_root(*id, "stash@{" + std::to_string(i) + "}");
      }
    }
    std::sort(tips_.begin(), tips_.end(), oid_less);
    tips_.erase(std::unique(tips_.begin(), tips_.end(), OidEqual{}), tips_.end());
  }

  std::shared_ptr<const CommitInfo> info() {
    if (current_ == GitCommitGraph::kMissing) return nullptr;
    if (!current_info_) {
      git_commit* raw = nullptr;
      if (git_commit_lookup(&raw, repo_.get(), &graph_.at(current_).id) == 0) {
        GitCommitPtr c(raw);
        current_info_ = commit_info(c.get());
      } else {
        auto ci = std::make_shared<CommitInfo>();
        ci->id = oid_hex(graph_.at(current_).id);
        current_info_ = std::move(ci);
      }
    }
    return current_info_;
  }

  void visit_commit(std::uint32_t i) {
    if (i < visited_.size() && visited_[i]) return;
    if (i >= visited_.size()) visited_.resize(graph_.size(), false);
    visited_[i] = true;
    current_ = i;
    current_info_.reset();
    path_.clear();
    const auto& c = graph_.at(i);
    if (!opts_.all_occurrences) {
      walk_tree(c.tree);
      return;
    }
    std::vector<git_oid> parent_trees;
    for (std::uint32_t p : c.parents) {
      if (OidEqual{}(graph_.at(p).tree, c.tree)) return;  // same tree as a parent: nothing introduced
      parent_trees.push_back(graph_.at(p).tree);
    }
    walk_changes(c.tree, parent_trees);
  }

  bool skipped(const std::string& path) const { return opts_.skip_path && opts_.skip_path(path); }

  GitTreePtr lookup_tree(const git_oid& id) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo_.get(), &id) < 0) {
      diag_.error(repo_.label() + ": corrupt repository: cannot read tree " + oid_hex(id) +
                  (path_.empty() ? "" : " at " + path_) + ": " + git_error_text());
      return nullptr;
    }
    return GitTreePtr(raw);
  }

  // Walks a tree; `path_` is its directory with a trailing '/' (or empty). Returns whether everything
  // below it was scanned. A tree walked completely is never walked again, wherever it reappears; one
  // with skipped paths (--exclude, allowlist) is walked again at each new path, where the same content
  // may not be skipped. The raw object is parsed here ("MODE NAME\0<20-byte id>" entries): it is read
  // once and thrown away, and libgit2's tree objects would cost an allocation per entry.
  bool walk_tree(const git_oid& id) {
    const std::uint32_t state = seen_trees_.find(id);
    if (state == kComplete) return true;
    if (state == kPartial && !partial_paths_.insert(partial_key(id)).second) return false;
    git_odb_object* raw = nullptr;
    if (!odb_ || git_odb_read(&raw, odb_, &id) < 0 || git_odb_object_type(raw) != GIT_OBJECT_TREE) {
      GitOdbObjectPtr drop(raw);
      diag_.error(repo_.label() + ": corrupt repository: cannot read tree " + oid_hex(id) +
                  (path_.empty() ? "" : " at " + path_) + ": " + (raw ? "not a tree" : git_error_text()));
      seen_trees_.assign(id, kComplete);  // reported once
      return true;
    }
    GitOdbObjectPtr obj(raw);
    const char* p = static_cast<const char*>(git_odb_object_data(raw));
    const char* const end = p + git_odb_object_size(raw);
    const std::size_t base = path_.size();
    bool complete = true;
    while (p < end) {
      unsigned mode = 0;
      for (; p < end && *p >= '0' && *p <= '7'; ++p) mode = (mode << 3) | static_cast<unsigned>(*p - '0');
      if (p >= end || *p != ' ') break;
      const char* name = ++p;
      const char* nul = static_cast<const char*>(std::memchr(p, 0, static_cast<std::size_t>(end - p)));
      if (!nul || end - nul < 1 + GIT_OID_RAWSZ) break;
      git_oid eid;
      std::memcpy(eid.id, nul + 1, GIT_OID_RAWSZ);
      p = nul + 1 + GIT_OID_RAWSZ;
      path_.resize(base);
      path_.append(name, nul);
      if ((mode & 0170000) == 0040000) {
        if (skipped(path_)) {
          complete = false;
          continue;
        }
        path_ += '/';
        complete &= walk_tree(eid);
      } else if ((mode & 0170000) == 0100000 || (mode & 0170000) == 0120000) {
        if (skipped(path_)) complete = false;
        else add_blob(eid, path_);
      }
      // 0160000: a submodule; its history is another repository's.
    }
    path_.resize(base);
    if (p != end)
      diag_.error(repo_.label() + ": corrupt repository: malformed tree " + oid_hex(id) +
                  (path_.empty() ? "" : " at " + path_));
    if (complete) {
      seen_trees_.assign(id, kComplete);
    } else if (state != kPartial) {
      seen_trees_.assign(id, kPartial);
      partial_paths_.insert(partial_key(id));
    }
    return complete;
  }

  std::string partial_key(const git_oid& id) const {
    return std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ) + path_;
  }

  // --all-occurrences: walks what `id` holds that none of the parents' trees at the same path hold.
  void walk_changes(const git_oid& id, const std::vector<git_oid>& parent_ids) {
    GitTreePtr tree = lookup_tree(id);
    if (!tree) return;
    std::vector<GitTreePtr> parents;
    for (const auto& p : parent_ids)
      if (GitTreePtr t = lookup_tree(p)) parents.push_back(std::move(t));
    const std::size_t n = git_tree_entrycount(tree.get());
    const std::size_t base = path_.size();
    for (std::size_t k = 0; k < n; ++k) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), k);
      const git_filemode_t mode = git_tree_entry_filemode(e);
      const bool is_tree = mode == GIT_FILEMODE_TREE;
      if (!is_tree && mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE && mode != GIT_FILEMODE_LINK)
        continue;
      const char* name = git_tree_entry_name(e);
      const git_oid* eid = git_tree_entry_id(e);
      bool inherited = false;
      std::vector<git_oid> sub;
      for (const auto& p : parents) {
        const git_tree_entry* pe = git_tree_entry_byname(p.get(), name);
        if (!pe) continue;
        const bool p_tree = git_tree_entry_filemode(pe) == GIT_FILEMODE_TREE;
        if (p_tree == is_tree && OidEqual{}(*git_tree_entry_id(pe), *eid)) {
          inherited = true;
          break;
        }
        if (p_tree) sub.push_back(*git_tree_entry_id(pe));
      }
      if (inherited) continue;
      path_.resize(base);
      path_ += name;
      if (skipped(path_)) continue;
      if (is_tree) {
        path_ += '/';
        walk_changes(*eid, sub);
      } else {
        add_blob(*eid, path_);
      }
    }
    path_.resize(base);
  }

  void add_blob(const git_oid& id, const std::string& path) {
    const auto [index, fresh] = blob_items_.insert(id, static_cast<std::uint32_t>(items_.size()));
    Provenance p;
    p.kind = SourceKind::Commit;
    p.path = path;
    if (fresh) {
      p.commit = info();
      p.blob_id = oid_hex(id);
      Item item;
      item.locator = p.blob_id;
      item.where = std::move(p);
      items_.push_back(std::move(item));
    } else if (opts_.all_occurrences) {
      Item& item = items_[index];
      p.commit = info();
      p.blob_id = item.locator;
      item.also.push_back(std::move(p));
    }
  }

  void add_unreachable() {
    git_odb* odb = repo_.odb();
    if (!odb) {
      diag_.error(repo_.label() + ": cannot open object database: " + git_error_text());
      return;
    }
    std::vector<git_oid> all;
    auto cb = [](const git_oid* id, void* payload) {
      static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
      return 0;
    };
    if (git_odb_foreach(odb, cb, &all) < 0) {
      diag_.error(repo_.label() + ": cannot list objects: " + git_error_text());
      return;
    }
    std::sort(all.begin(), all.end(), oid_less);
    all.erase(std::unique(all.begin(), all.end(), OidEqual{}), all.end());
    std::vector<git_oid> commits, trees, blobs;
    for (const auto& id : all) {
      if (graph_.find(id) != GitCommitGraph::kMissing || seen_trees_.contains(id) || blob_items_.contains(id)) continue;
      std::size_t len = 0;
      git_object_t type = GIT_OBJECT_INVALID;
      if (git_odb_read_header(&len, &type, odb, &id) < 0) {
        diag_.error(repo_.label() + ": corrupt repository: object " + oid_hex(id) + ": " + git_error_text());
        continue;
      }
      if (type == GIT_OBJECT_COMMIT) commits.push_back(id);
      else if (type == GIT_OBJECT_TREE) trees.push_back(id);
      else if (type == GIT_OBJECT_BLOB) blobs.push_back(id);
    }
    // Dangling commits first (they give provenance), then loose trees, then bare blobs.
    const std::size_t before = graph_.size();
    graph_.add_reachable(commits, diag_);
    std::vector<std::uint32_t> fresh;
    for (std::size_t i = before; i < graph_.size(); ++i) fresh.push_back(static_cast<std::uint32_t>(i));
    for (std::uint32_t i : graph_.oldest_first(fresh)) visit_commit(i);
    current_ = GitCommitGraph::kMissing;
    current_info_.reset();
    for (const auto& t : trees) {
      path_.clear();
      walk_tree(t);
    }
    for (const auto& b : blobs)
      if (!blob_items_.contains(b)) add_blob(b, "(unreachable blob " + oid_hex(b) + ")");
  }

  GitRepo& repo_;
  const GitHistoryOptions& opts_;
  Diagnostics& diag_;
  GitCommitGraph graph_;
  std::vector<git_oid> tips_;
  std::vector<NamedObject> trees_, blobs_;
  std::vector<bool> visited_;
  git_odb* odb_ = nullptr;  // the repository's, set in run()
  static constexpr std::uint32_t kComplete = 0, kPartial = 1;
  OidIndex seen_trees_;                            // tree -> kComplete or kPartial
  std::unordered_set<std::string> partial_paths_;  // raw tree id + path, for kPartial trees
  OidIndex blob_items_;  // blob -> its item
  std::vector<Item> items_;
  std::uint32_t current_ = GitCommitGraph::kMissing;
  std::shared_ptr<const CommitInfo> current_info_;
  std::string path_;
};

}  // namespace

std::vector<Item> GitHistorySource::plan(Diagnostics& diag) {
  Planner p(repo_, opts_, diag);
  return p.run();
}

}  // namespace keysnare
