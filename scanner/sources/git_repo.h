#pragma once
// GitRepo: the libgit2 layer every git source builds on. It owns libgit2's global initialisation,
// wraps every libgit2 handle in a unique_ptr, opens repositories (work tree, bare, linked worktree)
// with one-line errors, turns a git_commit into CommitInfo, and reads blobs for the pipeline.
//
//   auto repo = GitRepo::open({"path/to/repo", /*from_env=*/false});  // or an error:
//   if (!repo) { diag.error(repo.error()); ... }                       //   "x: not a git repository"
//   GitTreePtr tree = ...;                                             // freed by its deleter
//   auto reader = std::make_unique<GitBlobReader>(repo->location());   // one per pipeline worker
//
// libgit2 objects are not shareable across threads: a source plans on one thread with its own
// GitRepo, and each GitBlobReader opens a git_repository of its own (cheap: no object is read until
// asked). Item::locator is the blob's hex object id for every git source, or message_locator(commit)
// for an item that is a commit's message.
//
// Every libgit2 call's result is checked: a failure is an error naming the repository and the object,
// never "nothing to scan". Trees are walked with explicit stacks, never by recursion, so a hostile
// repository nesting 100,000 directories costs memory in proportion, not a stack overflow.
#include <git2.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "model/provenance.h"
#include "sources/source.h"

namespace keysnare {

// git_libgit2_init, once per process (thread-safe). GitRepo::open calls it; so may anything that uses
// libgit2 without a repository (diffing two buffers). It also lets libgit2 open repositories that
// declare extensions.objectformat, so that GitRepo::open can say plainly which format it cannot read
// instead of libgit2's "unsupported extension".
void ensure_libgit2();

// Whether libgit2 keeps the trees it reads in its object cache (process-wide; on by default). A history
// walk reads each tree once and turns it off (faster, a quarter less memory); diffs of consecutive
// commits read the same trees again and keep it on.
void set_tree_cache(bool on);

// The last libgit2 error as one line ("unknown error" when libgit2 set none).
std::string git_error_text();

template <class T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* p) const noexcept { Free(p); }
};
template <class T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitFree<T, Free>>;

using GitRepositoryPtr = GitPtr<git_repository, git_repository_free>;
using GitCommitPtr = GitPtr<git_commit, git_commit_free>;
using GitTreePtr = GitPtr<git_tree, git_tree_free>;
using GitTreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using GitBlobPtr = GitPtr<git_blob, git_blob_free>;
using GitDiffPtr = GitPtr<git_diff, git_diff_free>;
using GitRevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using GitIndexPtr = GitPtr<git_index, git_index_free>;
using GitOdbPtr = GitPtr<git_odb, git_odb_free>;
using GitOdbObjectPtr = GitPtr<git_odb_object, git_odb_object_free>;
using GitObjectPtr = GitPtr<git_object, git_object_free>;
using GitReferencePtr = GitPtr<git_reference, git_reference_free>;
using GitReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;
using GitReflogPtr = GitPtr<git_reflog, git_reflog_free>;
using GitTagPtr = GitPtr<git_tag, git_tag_free>;

// Object ids as keys of hash maps: the id is already a hash, its first bytes are enough.
struct OidHash {
  std::size_t operator()(const git_oid& o) const noexcept {
    std::size_t h;
    std::memcpy(&h, o.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept {
    return std::memcmp(a.id, b.id, GIT_OID_RAWSZ) == 0;
  }
};
inline bool oid_less(const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, GIT_OID_RAWSZ) < 0; }

std::string oid_hex(const git_oid& id);

// A map from object id to a 32-bit value, open addressing in one flat array: a history walk looks up
// every entry of every distinct tree, and node-based hash maps spend that time chasing pointers.
class OidIndex {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  // The value of `id`, or kNone.
  std::uint32_t find(const git_oid& id) const {
    if (slots_.empty()) return kNone;
    for (std::size_t i = OidHash{}(id) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == kNone) return kNone;
      if (OidEqual{}(s.id, id)) return s.value;
    }
  }
  bool contains(const git_oid& id) const { return find(id) != kNone; }
  // Inserts id -> value unless present; returns the value now stored and whether it was inserted.
  std::pair<std::uint32_t, bool> insert(const git_oid& id, std::uint32_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    for (std::size_t i = OidHash{}(id) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == kNone) {
        s.id = id;
        s.value = value;
        ++size_;
        return {value, true};
      }
      if (OidEqual{}(s.id, id)) return {s.value, false};
    }
  }
  // Sets id -> value, inserting it if needed.
  void assign(const git_oid& id, std::uint32_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    for (std::size_t i = OidHash{}(id) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == kNone) ++size_, s.id = id;
      else if (!OidEqual{}(s.id, id)) continue;
      s.value = value;
      return;
    }
  }
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    git_oid id;
    std::uint32_t value = kNone;
  };
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    size_ = 0;
    for (const Slot& s : old)
      if (s.value != kNone) insert(s.id, s.value);
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// How to open the same repository again (each reader opens its own handle).
struct GitLocation {
  std::string path;       // as given; empty = from the environment and the current directory
  // Honour git's environment as a hook sees it: GIT_DIR (when path is empty), GIT_WORK_TREE,
  // GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_CEILING_DIRECTORIES. GIT_INDEX_FILE is
  // left to the staged source, which reads the index itself.
  bool from_env = false;
};

class GitRepo {
 public:
  // Opens the repository at or above `loc.path` (like `git -C PATH`), applying git's environment when
  // loc.from_env. Errors: "PATH: not a git repository", "PATH: corrupt repository: <libgit2 message>",
  // "PATH: corrupt repository: HEAD ..." (a HEAD that is not a valid reference: every command refuses
  // it, as git does), "PATH: the sha256 object format is not supported by this build ..." (libgit2
  // 1.5 reads sha1 repositories only).
  static Result<GitRepo> open(const GitLocation& loc);

  git_repository* get() const { return repo_.get(); }
  const GitLocation& location() const { return loc_; }
  // The name used in messages: the path as given, or "." when opened from the environment.
  const std::string& label() const { return label_; }
  // The work tree with a trailing '/', or "" for a bare repository.
  std::string workdir() const;
  bool shallow() const { return git_repository_is_shallow(repo_.get()) == 1; }
  // The object database (owned by the repository; valid as long as it is).
  git_odb* odb();
  // The promisor remote of a partial clone (`git clone --filter=blob:none`: remote.NAME.promisor or
  // extensions.partialClone), whose objects may be missing here; "" for a complete repository.
  const std::string& promisor() const { return promisor_; }

 private:
  GitRepo(GitRepositoryPtr r, GitLocation loc, std::string label)
      : repo_(std::move(r)), loc_(std::move(loc)), label_(std::move(label)) {}
  GitRepositoryPtr repo_;
  GitOdbPtr odb_;
  GitLocation loc_;
  std::string label_;
  std::string promisor_;
};

// Whether object `id` is in the object database (without re-reading the pack directory on a miss).
bool object_present(git_odb* odb, const git_oid& id);

// The one error a source reports for a partial clone's missing objects: how many, and how to fetch
// them (no network access here, ever). `what` says which, e.g. "3 blobs of the history".
std::string partial_clone_error(const GitRepo& repo, const std::string& what);

// git's order of names within a tree: a directory sorts as if its name ended in '/'.
int tree_name_compare(std::string_view a, bool a_dir, std::string_view b, bool b_dir);

// One path whose content differs between two states (a tree and the index, or two trees). An absent
// side has a zero id and mode 0.
struct PathChange {
  std::string path;
  git_oid old_id{};
  std::uint32_t old_mode = 0;  // 0: not in the old state (added)
  git_oid new_id{};
  std::uint32_t new_mode = 0;  // 0: not in the new state (deleted)
  bool conflicted = false;     // index only: unmerged entries (stages 1-3) for this path
};

// Appends the paths that differ between trees `from` and `to` (either may be nullptr: the empty tree),
// in path order, reading only the subtrees whose ids differ (as git does, and libgit2's tree-to-tree
// diff does not: it visits every entry). Iterative: any depth. `missing` (optional) counts subtrees
// absent from the object database, which are then skipped instead of failing (a partial clone).
Status tree_changes(git_repository* repo, const git_tree* from, const git_tree* to, std::vector<PathChange>& out,
                    std::size_t* missing = nullptr);

// A libgit2 diff of `changes` (conflicted ones left out): their old sides against their new sides,
// as two in-memory indexes of those paths only, then rename detection (and copy detection from
// modified files with `copies`). No tree is walked, so the cost follows the change, whatever the
// depth of the trees. Deltas carry paths, ids, modes.
Result<GitDiffPtr> diff_changes(git_repository* repo, const std::vector<PathChange>& changes, bool copies);

// Whether a tree entry mode is a file keysnare reads (regular, executable, symlink), not a submodule
// (another repository) or a tree.
bool is_file_mode(std::uint32_t mode);

// The file a delta of diff_changes() leaves to scan, or nullptr: deletions add nothing and submodules
// are other repositories.
const git_diff_file* added_side(const git_diff_delta* d);

// The old side a changed file is compared with; nullopt for a new file (or one that was not a file).
std::optional<git_oid> old_side(const git_diff_delta* d);

// Commit metadata for Provenance: author name, email, time and offset, summary (first line).
std::shared_ptr<CommitInfo> commit_info(const git_commit* c);

// Reads a blob into `buf` unless larger than max_size (its size comes from the object header, so an
// oversize blob is never inflated). `shown` names the item in messages; `size` (optional) gets the
// blob's size.
ReadOutcome read_blob(git_odb* odb, const git_oid& id, std::uint64_t max_size, std::string& buf,
                      const std::string& shown, std::uint64_t* size = nullptr);

// Item::locator of an item that is a commit's message (git_commit_message_raw), not a blob.
std::string message_locator(const git_oid& commit);

// Whether git would show `raw` as text although keysnare skips it as binary: keysnare looks for a NUL
// byte in the first 8 KiB (base/text.h looks_binary), git in the first 8000 bytes, so a NUL placed
// in between hides a text file from keysnare and from nobody else. (UTF-16 is transcoded, not skipped.)
bool binary_but_git_text(std::string_view raw);

// Files a scan skipped that a reviewer sees as text (git shows them so), reported by name instead of
// only counted: over --max-file-size (git shows a big file as text unless it is over 512 MiB or has
// a NUL byte in its first 8000 bytes, which keysnare does not read to find out), or binary_but_git_text.
struct TextSkip {
  std::string path;
  std::string reason;  // "larger than --max-file-size (12 MiB)"
  bool operator<(const TextSkip& o) const { return path != o.path ? path < o.path : reason < o.reason; }
};
// Filled by the readers of a history audit (any thread), read once the scan is over.
class TextSkipLog {
 public:
  void add(TextSkip s) {
    std::lock_guard lock(mu_);
    skips_.push_back(std::move(s));
  }
  // Sorted (readers finish in any order) and without repeats.
  std::vector<TextSkip> take();

 private:
  std::mutex mu_;
  std::vector<TextSkip> skips_;
};

// Reads the blob whose id is Item::locator (or the commit message of a message_locator). One
// git_repository per reader, opened on first use. With a log, blobs skipped although git shows them
// as text are recorded there.
class GitBlobReader : public Reader {
 public:
  explicit GitBlobReader(GitLocation loc, std::shared_ptr<TextSkipLog> log = nullptr)
      : loc_(std::move(loc)), log_(std::move(log)) {}
  ReadOutcome read(const Item& item, std::uint64_t max_size, std::string& buf) override;

 private:
  GitLocation loc_;
  std::shared_ptr<TextSkipLog> log_;
  std::unique_ptr<GitRepo> repo_;
  std::string open_error_;
};

// The 1-based line numbers of `new_text` that are '+' lines of a diff from `old_text` (no context,
// rename-free, treated as text whatever the bytes). A last line without '\n' counts as a line. Fails
// when libgit2 cannot diff the two (e.g. "files too large for diff" past 1023 MiB): the caller must
// not take that for "nothing added".
Result<LineRanges> added_lines(std::string_view old_text, std::string_view new_text);

// Every line of `text` (1..n), as added_lines("", text) would give, without diffing.
LineRanges all_lines(std::string_view text);

// What a changed file (range, staged) adds: its new blob against each old side. The lines it adds are
// the lines added relative to every old side (a merge adds only what no parent had); an absent old side
// (std::nullopt) means a new file. An old side over max_size counts as absent (all lines added).
// UTF-16 sides are transcoded to UTF-8 first, as the pipeline does before scanning, so that line
// numbers agree.
// With `partial` (a partial clone), a blob missing from the object database sets `missing` instead of
// failing, so that the caller can count them and say once how to fetch them.
struct ChangeLines {
  std::uint64_t size = 0;   // of the new blob
  bool too_large = false;   // the new blob is over max_size: not read, `added` empty
  bool binary = false;      // looks binary (the pipeline skips it): `added` empty
  bool git_text = false;    // binary, yet git shows it as text (binary_but_git_text)
  bool missing = false;     // partial clone: the new blob or an old side is not here; nothing else set
  LineRanges added;
  std::vector<std::uint32_t> marker_lines;  // added lines that contain `marker` (when given)
};
Result<ChangeLines> change_lines(git_odb* odb, const git_oid& new_id, const std::vector<std::optional<git_oid>>& olds,
                                 std::uint64_t max_size, std::string_view marker, const std::string& shown,
                                 bool partial = false);

// Lines in both (sorted, disjoint in, sorted, disjoint out).
LineRanges intersect(const LineRanges& a, const LineRanges& b);

// Adds line `n` to ranges built in increasing order (merges with the last range when adjacent).
void append_line(LineRanges& r, std::uint32_t n);

}  // namespace keysnare
