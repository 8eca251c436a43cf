#include "sources/git_history.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "base/text.h"
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
      : repo_(repo), opts_(o), diag_(diag), graph_(repo.get()), partial_(!repo.promisor().empty()) {}

  std::vector<Item> run() {
    // Each tree is read once, except that --all-occurrences compares trees with their parents'.
    set_tree_cache(opts_.all_occurrences);
    odb_ = repo_.odb();
    if (!odb_) {
      diag_.error(repo_.label() + ": cannot open object database: " + git_error_text());
      return {};
    }
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
    for (const auto& t : tags_) add_message(t.id, t.name + ":<tag-message>", nullptr);
    if (opts_.unreachable) add_unreachable();
    if (partial_) drop_missing();
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
    // A tag (of a tag...) of a commit, tree or blob; each annotated tag's message is scanned too.
    for (int depth = 0; git_object_type(obj.get()) == GIT_OBJECT_TAG; ++depth) {
      const git_oid tag_id = *git_object_id(obj.get());
      if (seen_tags_.insert(tag_id, 1).second) tags_.push_back({name, tag_id});
      git_object* target = nullptr;
      if (depth > 64 || git_tag_target(&target, reinterpret_cast<git_tag*>(obj.get())) < 0) {
        diag_.error(repo_.label() + ": corrupt repository: cannot peel tag " + name + ": " +
                    (depth > 64 ? std::string("too many nested tags") : git_error_text()));
        return;
      }
      obj.reset(target);
    }
    const git_oid id = *git_object_id(obj.get());
    switch (git_object_type(obj.get())) {
      case GIT_OBJECT_COMMIT: tips_.push_back(id); break;
      case GIT_OBJECT_TREE: trees_.push_back({name, id}); break;
      case GIT_OBJECT_BLOB: blobs_.push_back({name, id}); break;
      default:
        diag_.error(repo_.label() + ": corrupt repository: " + name + " points to an object of unknown type");
        break;
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
        const int rrc = git_reference_resolve(&resolved_raw, ref.get());
        GitReferencePtr resolved(resolved_raw);
        if (rrc == GIT_ENOTFOUND) continue;  // a symbolic ref to a branch that is gone (origin/HEAD)
        if (rrc < 0) {
          diag_.error(repo_.label() + ": corrupt repository: cannot resolve " + printable(git_reference_name(ref.get())) +
                      ": " + git_error_text());
          continue;
        }
        if (const git_oid* t = git_reference_target(resolved.get())) peel_root(*t, git_reference_name(ref.get()));
      }
      if (rc != GIT_ITEROVER)
        diag_.error(repo_.label() + ": corrupt repository: cannot list refs: " + git_error_text());
    }
    git_oid head;
    const int hrc = git_reference_name_to_id(&head, repo_.get(), "HEAD");
    if (hrc == 0) peel_root(head, "HEAD");
    else if (hrc != GIT_ENOTFOUND && hrc != GIT_EUNBORNBRANCH)  // unborn: nothing committed yet
      diag_.error(repo_.label() + ": corrupt repository: cannot resolve HEAD: " + git_error_text());
    // Linked worktrees may sit on a detached HEAD no branch reaches.
    struct Names {
      git_strarray a = {nullptr, 0};
      ~Names() { git_strarray_dispose(&a); }
    } names;
    if (git_worktree_list(&names.a, repo_.get()) < 0) {
      diag_.error(repo_.label() + ": cannot list linked worktrees: " + git_error_text());
    } else {
      for (std::size_t i = 0; i < names.a.count; ++i) {
        git_reference* ref_raw = nullptr;
        const int wrc = git_repository_head_for_worktree(&ref_raw, repo_.get(), names.a.strings[i]);
        GitReferencePtr ref(ref_raw);
        if (wrc == GIT_ENOTFOUND || wrc == GIT_EUNBORNBRANCH) continue;
        if (wrc < 0) {
          diag_.error(repo_.label() + ": corrupt repository: worktree " + printable(names.a.strings[i]) +
                      ": cannot resolve its HEAD: " + git_error_text());
          continue;
        }
        if (const git_oid* t = git_reference_target(ref.get()))
          peel_root(*t, std::string("worktree ") + names.a.strings[i] + " HEAD");
      }
    }
    // Every stash, not only the newest: older ones live in refs/stash's reflog (an empty one when
    // there is none).
    git_reflog* log_raw = nullptr;
    if (git_reflog_read(&log_raw, repo_.get(), "refs/stash") < 0) {
      diag_.error(repo_.label() + ": cannot read the stash's reflog: " + git_error_text());
    } else {
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

  // The current commit's metadata, with its rank in the walk (parents first): what a history audit
  // orders occurrences by. nullptr outside a commit.
  std::shared_ptr<const CommitInfo> info() {
    if (current_ == GitCommitGraph::kMissing) return nullptr;
    if (!current_info_) {
      git_commit* raw = nullptr;
      std::shared_ptr<CommitInfo> ci;
      if (git_commit_lookup(&raw, repo_.get(), &graph_.at(current_).id) == 0) {
        GitCommitPtr c(raw);
        ci = commit_info(c.get());
      } else {
        // Its tree is scanned all the same; its author and message cannot be.
        diag_.error(repo_.label() + ": corrupt repository: commit " + oid_hex(graph_.at(current_).id) +
                    ": cannot parse: " + git_error_text());
        current_unparsed_ = true;
        ci = std::make_shared<CommitInfo>();
        ci->id = oid_hex(graph_.at(current_).id);
      }
      ci->topo_rank = current_rank_;
      current_info_ = std::move(ci);
    }
    return current_info_;
  }

  void visit_commit(std::uint32_t i) {
    if (i < visited_.size() && visited_[i]) return;
    if (i >= visited_.size()) visited_.resize(graph_.size(), false);
    visited_[i] = true;
    current_ = i;
    current_rank_ = ++ranks_;
    current_info_.reset();
    current_unparsed_ = false;
    path_.clear();
    const auto& c = graph_.at(i);
    auto commit_message = [&] {
      std::shared_ptr<const CommitInfo> ci = info();
      if (!current_unparsed_) add_message(c.id, kCommitMessagePath, std::move(ci));
    };
    if (!opts_.all_occurrences) {
      walk_tree(c.tree);
      commit_message();
      return;
    }
    std::vector<git_oid> parent_trees;
    bool same_tree = false;  // as a parent: no file introduced
    for (std::uint32_t p : c.parents) {
      same_tree = same_tree || OidEqual{}(graph_.at(p).tree, c.tree);
      parent_trees.push_back(graph_.at(p).tree);
    }
    if (!same_tree) walk_changes(c.tree, parent_trees);
    commit_message();
  }

  // An item for the message of commit or tag `id` (read by GitBlobReader through message_locator).
  void add_message(const git_oid& id, const std::string& path, std::shared_ptr<const CommitInfo> ci) {
    Item item;
    item.where.kind = SourceKind::Commit;
    item.where.path = path;
    item.where.commit = std::move(ci);
    item.where.commit_message = true;
    item.locator = message_locator(id);
    items_.push_back(std::move(item));
  }

  bool skipped(const std::string& path) const { return opts_.skip_path && opts_.skip_path(path); }

  // A tree for --all-occurrences (nullptr after reporting; a tree missing from a partial clone is
  // counted instead).
  GitTreePtr lookup_tree(const git_oid& id) {
    git_tree* raw = nullptr;
    const int rc = git_tree_lookup(&raw, repo_.get(), &id);
    if (rc < 0) {
      if (rc == GIT_ENOTFOUND && partial_) {
        if (missing_tree_ids_.insert(id, 1).second) ++missing_trees_;
      } else {
        diag_.error(repo_.label() + ": corrupt repository: cannot read tree " + oid_hex(id) +
                    (path_.empty() ? "" : " at " + printable(path_)) + ": " + git_error_text());
      }
      return nullptr;
    }
    return GitTreePtr(raw);
  }

  // One directory of walk_tree: the raw tree object ("MODE NAME\0<20-byte id>" entries) and how far
  // its entries have been read.
  struct TreeFrame {
    git_oid id;
    GitOdbObjectPtr obj;
    const char* p = nullptr;
    const char* end = nullptr;
    std::size_t base = 0;     // path_.size() for its entries (its path with a trailing '/')
    std::uint32_t state = OidIndex::kNone;  // its seen_trees_ state when entered
    bool complete = true;     // everything below was scanned (nothing skipped by path)
    bool malformed = false;
  };
  enum class Enter { Pushed, Complete, Incomplete };

  // Starts walking tree `id` at path_, unless it needs no walk: Complete (walked completely before,
  // or unreadable and reported) or Incomplete (walked before at this very path, with skipped paths).
  Enter enter_tree(const git_oid& id) {
    const std::uint32_t state = seen_trees_.find(id);
    if (state == kComplete) return Enter::Complete;
    if (state == kPartial && !partial_paths_.insert(partial_key(id)).second) return Enter::Incomplete;
    git_odb_object* raw = nullptr;
    const int rc = git_odb_read(&raw, odb_, &id);
    GitOdbObjectPtr obj(raw);
    if (rc < 0 || git_odb_object_type(raw) != GIT_OBJECT_TREE) {
      if (rc == GIT_ENOTFOUND && partial_)
        ++missing_trees_;  // said once, with the count, at the end
      else
        diag_.error(repo_.label() + ": corrupt repository: cannot read tree " + oid_hex(id) +
                    (path_.empty() ? "" : " at " + printable(path_)) + ": " + (rc < 0 ? git_error_text() : "not a tree"));
      seen_trees_.assign(id, kComplete);  // reported once
      return Enter::Complete;
    }
    TreeFrame f;
    f.id = id;
    f.p = static_cast<const char*>(git_odb_object_data(raw));
    f.end = f.p + git_odb_object_size(raw);
    f.obj = std::move(obj);
    f.base = path_.size();
    f.state = state;
    tree_stack_.push_back(std::move(f));
    return Enter::Pushed;
  }

  // Records a finished tree's state; returns whether it was complete.
  bool leave_tree(TreeFrame& f) {
    path_.resize(f.base);
    if (f.malformed)
      diag_.error(repo_.label() + ": corrupt repository: malformed tree " + oid_hex(f.id) +
                  (path_.empty() ? "" : " at " + printable(path_)));
    if (f.complete) {
      seen_trees_.assign(f.id, kComplete);
    } else if (f.state != kPartial) {
      seen_trees_.assign(f.id, kPartial);
      partial_paths_.insert(partial_key(f.id));
    }
    return f.complete;
  }

  // Walks a tree; `path_` is its directory with a trailing '/' (or empty). Returns whether everything
  // below it was scanned. A tree walked completely is never walked again, wherever it reappears; one
  // with skipped paths (--exclude, allowlist) is walked again at each new path, where the same content
  // may not be skipped. The raw object is parsed here: it is read once and thrown away, and libgit2's
  // tree objects would cost an allocation per entry. One frame per level on tree_stack_, no recursion:
  // a tree 100,000 directories deep is as safe as a flat one.
  bool walk_tree(const git_oid& root) {
    tree_stack_.clear();
    const Enter e = enter_tree(root);
    if (e != Enter::Pushed) return e == Enter::Complete;
    bool last = true;
    while (!tree_stack_.empty()) {
      const std::size_t top = tree_stack_.size() - 1;
      TreeFrame& f = tree_stack_[top];
      if (f.p >= f.end) {
        last = leave_tree(f);
        tree_stack_.pop_back();
        if (!tree_stack_.empty()) tree_stack_.back().complete &= last;
        continue;
      }
      const char* p = f.p;
      unsigned mode = 0;
      for (; p < f.end && *p >= '0' && *p <= '7'; ++p) mode = (mode << 3) | static_cast<unsigned>(*p - '0');
      const char* nul = p < f.end && *p == ' ' ? static_cast<const char*>(std::memchr(p + 1, 0, static_cast<std::size_t>(f.end - p - 1))) : nullptr;
      if (!nul || f.end - nul < 1 + GIT_OID_RAWSZ) {
        f.malformed = true;
        f.p = f.end;
        continue;
      }
      const char* name = p + 1;
      git_oid eid;
      std::memcpy(eid.id, nul + 1, GIT_OID_RAWSZ);
      f.p = nul + 1 + GIT_OID_RAWSZ;
      path_.resize(f.base);
      path_.append(name, nul);
      const unsigned type = mode & 0170000;
      if (type == 0040000) {
        if (skipped(path_)) {
          f.complete = false;
          continue;
        }
        path_ += '/';
        // May push a frame: `f` is not used after this.
        if (enter_tree(eid) == Enter::Incomplete) tree_stack_[top].complete = false;
      } else if (type == 0160000) {
        // A submodule; its history is another repository's.
      } else if (skipped(path_)) {
        f.complete = false;
      } else {
        // Regular files, executables and symlinks; any other mode too (git fsck's badFilemode):
        // whatever the entry claims, if the object is a blob it is read, else the reader says so.
        add_blob(eid, path_);
      }
    }
    return last;
  }

  std::string partial_key(const git_oid& id) const {
    return std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ) + path_;
  }

  // --all-occurrences: walks what `id` holds that none of the parents' trees at the same path hold.
  // One frame per directory level, no recursion.
  void walk_changes(const git_oid& id, const std::vector<git_oid>& parent_ids) {
    struct Frame {
      GitTreePtr tree;
      std::vector<GitTreePtr> parents;
      std::size_t k = 0;
      std::size_t base = 0;
    };
    std::vector<Frame> stack;
    auto push = [&](const git_oid& tid, const std::vector<git_oid>& pids) {
      Frame f;
      f.tree = lookup_tree(tid);
      if (!f.tree) return;
      for (const auto& p : pids)
        if (GitTreePtr t = lookup_tree(p)) f.parents.push_back(std::move(t));
      f.base = path_.size();
      stack.push_back(std::move(f));
    };
    push(id, parent_ids);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.k >= git_tree_entrycount(f.tree.get())) {
        path_.resize(f.base);
        stack.pop_back();
        continue;
      }
      const git_tree_entry* e = git_tree_entry_byindex(f.tree.get(), f.k++);
      const git_filemode_t mode = git_tree_entry_filemode(e);
      const bool is_tree = mode == GIT_FILEMODE_TREE;
      if (mode == GIT_FILEMODE_COMMIT) continue;  // a submodule
      const char* name = git_tree_entry_name(e);
      const git_oid eid = *git_tree_entry_id(e);
      bool inherited = false;
      std::vector<git_oid> sub;
      for (const auto& p : f.parents) {
        const git_tree_entry* pe = git_tree_entry_byname(p.get(), name);
        if (!pe) continue;
        const bool p_tree = git_tree_entry_filemode(pe) == GIT_FILEMODE_TREE;
        if (p_tree == is_tree && OidEqual{}(*git_tree_entry_id(pe), eid)) {
          inherited = true;
          break;
        }
        if (p_tree) sub.push_back(*git_tree_entry_id(pe));
      }
      if (inherited) continue;
      path_.resize(f.base);
      path_ += name;
      if (skipped(path_)) continue;
      if (is_tree) {
        path_ += '/';
        push(eid, sub);  // invalidates `f`
      } else {
        add_blob(eid, path_);
      }
    }
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

  // A partial clone lacks what its filter left out: those blobs (and trees) are counted and said
  // once, with how to fetch them, instead of one read error each.
  void drop_missing() {
    std::size_t missing_blobs = 0;
    std::erase_if(items_, [&](const Item& item) {
      if (item.where.commit_message) return false;
      git_oid id;
      if (git_oid_fromstrn(&id, item.locator.data(), item.locator.size()) < 0) return false;
      if (object_present(odb_, id)) return false;
      ++missing_blobs;
      return true;
    });
    if (missing_blobs == 0 && missing_trees_ == 0) return;
    auto count = [](std::size_t n, const char* what) {
      return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
    };
    std::string what = missing_blobs ? count(missing_blobs, "blob") : "";
    if (missing_trees_) what += (what.empty() ? "" : " and ") + count(missing_trees_, "tree");
    diag_.error(partial_clone_error(repo_, what + " of the history"));
  }

  void add_unreachable() {
    git_odb* odb = odb_;
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
    std::vector<git_oid> commits, trees, blobs, tags;
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
      else if (type == GIT_OBJECT_TAG && !seen_tags_.contains(id)) tags.push_back(id);
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
    // A deleted annotated tag leaves its message behind (what it tagged is found above).
    for (const auto& t : tags) add_message(t, "(unreachable tag " + oid_hex(t) + "):<tag-message>", nullptr);
  }

  GitRepo& repo_;
  const GitHistoryOptions& opts_;
  Diagnostics& diag_;
  GitCommitGraph graph_;
  const bool partial_;  // a partial clone: missing objects are counted, not errors
  std::vector<git_oid> tips_;
  std::vector<NamedObject> trees_, blobs_, tags_;
  OidIndex seen_tags_;
  std::vector<bool> visited_;
  git_odb* odb_ = nullptr;  // the repository's, set in run()
  static constexpr std::uint32_t kComplete = 0, kPartial = 1;
  OidIndex seen_trees_;                            // tree -> kComplete or kPartial
  std::unordered_set<std::string> partial_paths_;  // raw tree id + path, for kPartial trees
  std::vector<TreeFrame> tree_stack_;              // walk_tree's, kept for its allocation
  OidIndex blob_items_;  // blob -> its item
  std::vector<Item> items_;
  std::size_t missing_trees_ = 0;
  OidIndex missing_tree_ids_;  // --all-occurrences reads trees again: count each once
  std::uint32_t current_ = GitCommitGraph::kMissing;
  std::uint64_t ranks_ = 0, current_rank_ = 0;  // commits visited; the current one's position
  std::shared_ptr<const CommitInfo> current_info_;
  bool current_unparsed_ = false;
  std::string path_;
};

}  // namespace

std::vector<Item> GitHistorySource::plan(Diagnostics& diag) {
  Planner p(repo_, opts_, diag);
  return p.run();
}

}  // namespace keysnare
