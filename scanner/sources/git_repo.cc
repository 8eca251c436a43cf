#include "sources/git_repo.h"

#include <git2/sys/repository.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "base/text.h"

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer (./dev test --sanitize): libgit2 1.5's git_regexp_match returns without freeing its
// PCRE2 match data when a name does not match, and git_repository_open_ext runs one over every
// configuration entry of a repositoryformatversion 1 repository (partial clones, explicit object
// formats). A leak inside libgit2, once per open. The fast unwinder stops inside libpcre2 (no frame
// pointers), so the suppression names that library: keysnare itself never calls PCRE2 (its regexes
// are RE2 and Hyperscan), only libgit2 does.
extern "C" const char* __lsan_default_suppressions() { return "leak:libpcre2-8.so\n"; }
// Quietly: tests count the lines of stderr.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace keysnare {

void ensure_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Blobs are read once each (per reader); caching them only costs memory.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(0));
    // libgit2 re-hashes every object it reads (SHA-1 with collision detection) to check its id; git
    // itself does not when reading (fsck does), and for a scanner that only reads it is a third of
    // the cost of a history audit.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // libgit2 1.5 refuses extensions.objectformat as unknown ("corrupt repository: unsupported
    // extension name"); accepted here, GitRepo::open reads it and refuses anything but sha1 itself.
    const char* extensions[] = {"objectformat"};
    git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, extensions, static_cast<size_t>(1));
  });
}

void set_tree_cache(bool on) {
  ensure_libgit2();
  // 4096 bytes is libgit2's default limit for trees.
  git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<size_t>(on ? 4096 : 0));
}

std::string git_error_text() {
  const git_error* e = git_error_last();
  std::string s = e && e->message ? e->message : "unknown error";
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string oid_hex(const git_oid& id) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &id);
  return buf;
}

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

bool env_true(const char* name) {
  const char* v = env(name);
  if (!v) return false;
  const std::string s = ascii_lower(v);
  return s == "1" || s == "true" || s == "yes" || s == "on";
}

std::string libgit2_version() {
  int major = 0, minor = 0, rev = 0;
  git_libgit2_version(&major, &minor, &rev);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(rev);
}

// What git itself checks before anything else: the object format is one this build reads, and HEAD is
// a valid reference (git says "not a git repository" otherwise). An unborn HEAD is fine.
Status check_repository(git_repository* repo, const std::string& label, std::string& promisor) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) < 0)
    return Error{label + ": cannot read the git configuration: " + git_error_text()};
  GitPtr<git_config, git_config_free> cfg(raw);
  const char* format = nullptr;
  const int frc = git_config_get_string(&format, cfg.get(), "extensions.objectformat");
  if (frc == 0) {
    const std::string f = ascii_lower(format ? format : "");
    if (f != "sha1")
      return Error{label + ": the " + printable(format ? format : "") +
                   " object format is not supported by this build (libgit2 " + libgit2_version() +
                   " reads sha1 repositories only)"};
  } else if (frc != GIT_ENOTFOUND) {
    return Error{label + ": cannot read extensions.objectformat: " + git_error_text()};
  }
  // A partial clone: extensions.partialClone (older git) or remote.NAME.promisor = true.
  const char* ext = nullptr;
  if (git_config_get_string(&ext, cfg.get(), "extensions.partialclone") == 0 && ext && *ext) promisor = ext;
  if (promisor.empty()) {
    // Every entry, filtered here: libgit2 1.5's glob iterator leaks a PCRE2 match block per entry
    // that does not match.
    git_config_iterator* it_raw = nullptr;
    if (git_config_iterator_new(&it_raw, cfg.get()) < 0)
      return Error{label + ": cannot read the git configuration: " + git_error_text()};
    GitPtr<git_config_iterator, git_config_iterator_free> it(it_raw);
    git_config_entry* e = nullptr;
    while (promisor.empty() && git_config_next(&e, it.get()) == 0) {
      const std::string_view name = e->name ? e->name : "";  // remote.NAME.promisor, lowercased
      if (name.size() <= 7 + 9 || !name.starts_with("remote.") || !name.ends_with(".promisor")) continue;
      int on = 0;
      if (e->value && git_config_parse_bool(&on, e->value) == 0 && on) promisor = name.substr(7, name.size() - 7 - 9);
    }
  }
  git_reference* head_raw = nullptr;
  if (git_reference_lookup(&head_raw, repo, "HEAD") < 0)
    return Error{label + ": corrupt repository: HEAD is not a valid reference: " + git_error_text()};
  GitReferencePtr head(head_raw);
  if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) {
    git_reference* target = nullptr;
    const int rc = git_reference_resolve(&target, head.get());
    GitReferencePtr drop(target);
    if (rc < 0 && rc != GIT_ENOTFOUND)  // ENOTFOUND: an unborn branch
      return Error{label + ": corrupt repository: HEAD (" + printable(git_reference_symbolic_target(head.get())) +
                   ") cannot be resolved: " + git_error_text()};
  }
  return ok_status();
}

}  // namespace

Result<GitRepo> GitRepo::open(const GitLocation& loc) {
  ensure_libgit2();
  const std::string label = loc.path.empty() ? "." : loc.path;
  if (!loc.path.empty()) {
    struct stat st;
    if (::stat(loc.path.c_str(), &st) != 0) return Error{label + ": no such file or directory"};
    if (!S_ISDIR(st.st_mode)) return Error{label + ": not a git repository"};
  }
  // git's environment is applied here rather than with GIT_REPOSITORY_OPEN_FROM_ENV, which would also
  // load the whole index named by GIT_INDEX_FILE (set in every pre-commit hook) on each open: tens of
  // milliseconds in a large repository, for an index the staged check reads itself.
  std::string start = loc.path;
  unsigned flags = 0;
  const char* ceiling = nullptr;
  if (loc.from_env) {
    if (start.empty())
      if (const char* dir = env("GIT_DIR")) {
        start = dir;
        flags |= GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_NO_DOTGIT;
      }
    ceiling = env("GIT_CEILING_DIRECTORIES");
    if (env_true("GIT_DISCOVERY_ACROSS_FILESYSTEM")) flags |= GIT_REPOSITORY_OPEN_CROSS_FS;
  }
  if (start.empty()) start = ".";
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, start.c_str(), flags, ceiling);
  GitRepositoryPtr repo(raw);
  if (rc == GIT_ENOTFOUND) return Error{label + ": not a git repository"};
  if (rc < 0) return Error{label + ": corrupt repository: " + git_error_text()};
  if (loc.from_env) {
    if (const char* wt = env("GIT_WORK_TREE"))
      if (git_repository_set_workdir(repo.get(), wt, 0) < 0)
        return Error{std::string(wt) + ": cannot use as work tree: " + git_error_text()};
    // A quarantined push (pre-receive hooks) keeps new objects in GIT_OBJECT_DIRECTORY, with the
    // repository's own objects as alternates.
    const char* objects = env("GIT_OBJECT_DIRECTORY");
    const char* alternates = env("GIT_ALTERNATE_OBJECT_DIRECTORIES");
    if (objects || alternates) {
      git_odb* odb_raw = nullptr;
      const int orc = objects ? git_odb_open(&odb_raw, objects) : git_repository_odb(&odb_raw, repo.get());
      GitOdbPtr odb(odb_raw);
      if (orc < 0) return Error{label + ": cannot open object database: " + git_error_text()};
      std::string alt = alternates ? alternates : "";
      for (std::size_t pos = 0; pos < alt.size();) {
        std::size_t end = alt.find(':', pos);
        if (end == std::string::npos) end = alt.size();
        if (end > pos && git_odb_add_disk_alternate(odb.get(), alt.substr(pos, end - pos).c_str()) < 0)
          return Error{label + ": cannot add object directory " + alt.substr(pos, end - pos) + ": " + git_error_text()};
        pos = end + 1;
      }
      if (objects && git_repository_set_odb(repo.get(), odb.get()) < 0)
        return Error{label + ": cannot use object directory " + objects + ": " + git_error_text()};
    }
  }
  std::string promisor;
  if (auto st = check_repository(repo.get(), label, promisor); !st) return Error{st.error()};
  GitRepo out(std::move(repo), loc, label);
  out.promisor_ = std::move(promisor);
  return out;
}

bool object_present(git_odb* odb, const git_oid& id) {
  return git_odb_exists_ext(odb, &id, GIT_ODB_LOOKUP_NO_REFRESH) == 1;
}

std::string partial_clone_error(const GitRepo& repo, const std::string& what) {
  const std::string& remote = repo.promisor();
  const std::string dir = repo.label() == "." ? "" : "-C " + repo.label() + " ";
  return repo.label() + ": partial clone (objects are fetched on demand from '" + remote + "'): " + what +
         " are not in this clone and were not scanned; fetch them first: git " + dir + "-c remote." + remote +
         ".partialclonefilter= fetch --refetch " + remote;
}

std::string GitRepo::workdir() const {
  const char* w = git_repository_workdir(repo_.get());
  return w ? w : "";
}

git_odb* GitRepo::odb() {
  if (!odb_) {
    git_odb* o = nullptr;
    if (git_repository_odb(&o, repo_.get()) < 0) return nullptr;
    odb_.reset(o);
  }
  return odb_.get();
}

int tree_name_compare(std::string_view a, bool a_dir, std::string_view b, bool b_dir) {
  const std::size_t len = std::min(a.size(), b.size());
  if (const int c = std::memcmp(a.data(), b.data(), len)) return c;
  const unsigned c1 = len < a.size() ? static_cast<unsigned char>(a[len]) : (a_dir ? '/' : 0);
  const unsigned c2 = len < b.size() ? static_cast<unsigned char>(b[len]) : (b_dir ? '/' : 0);
  return c1 < c2 ? -1 : c1 > c2 ? 1 : 0;
}

namespace {

// The merge walk of two trees for tree_changes, one frame per directory level on an explicit stack.
class TreeChanges {
 public:
  TreeChanges(git_repository* repo, std::vector<PathChange>& out, std::size_t* missing)
      : repo_(repo), out_(out), missing_(missing) {}

  Status run(const git_tree* from, const git_tree* to) {
    stack_.push_back(Frame{});
    stack_.back().from = from;
    stack_.back().to = to;
    while (!stack_.empty()) {
      Frame& f = stack_.back();
      const std::size_t nf = f.from ? git_tree_entrycount(f.from) : 0;
      const std::size_t nt = f.to ? git_tree_entrycount(f.to) : 0;
      if (f.i >= nf && f.k >= nt) {
        prefix_.resize(f.prefix_len);
        stack_.pop_back();
        continue;
      }
      const git_tree_entry* a = f.i < nf ? git_tree_entry_byindex(f.from, f.i) : nullptr;
      const git_tree_entry* b = f.k < nt ? git_tree_entry_byindex(f.to, f.k) : nullptr;
      const bool a_dir = a && git_tree_entry_filemode(a) == GIT_FILEMODE_TREE;
      const bool b_dir = b && git_tree_entry_filemode(b) == GIT_FILEMODE_TREE;
      const int cmp = !a ? 1 : !b ? -1 : tree_name_compare(git_tree_entry_name(a), a_dir, git_tree_entry_name(b), b_dir);
      // Advance first: descend() pushes a frame, which invalidates `f`.
      if (cmp < 0) {
        ++f.i;
        if (auto st = side(a, true); !st) return st;
      } else if (cmp > 0) {
        ++f.k;
        if (auto st = side(b, false); !st) return st;
      } else {
        ++f.i;
        ++f.k;
        if (!OidEqual{}(*git_tree_entry_id(a), *git_tree_entry_id(b)) ||
            git_tree_entry_filemode(a) != git_tree_entry_filemode(b)) {
          if (a_dir && b_dir) {
            if (auto st = descend(a, b); !st) return st;
          } else if (a_dir || b_dir) {
            // A directory replaced by a file or the other way round: both sides, one-sided each.
            if (auto st = side(a, true); !st) return st;
            if (auto st = side(b, false); !st) return st;
          } else {
            PathChange c;
            c.path = prefix_ + git_tree_entry_name(a);
            c.old_id = *git_tree_entry_id(a);
            c.old_mode = git_tree_entry_filemode(a);
            c.new_id = *git_tree_entry_id(b);
            c.new_mode = git_tree_entry_filemode(b);
            out_.push_back(std::move(c));
          }
        }
      }
    }
    return ok_status();
  }

 private:
  struct Frame {
    GitTreePtr from_owned, to_owned;
    const git_tree* from = nullptr;
    const git_tree* to = nullptr;
    std::size_t i = 0, k = 0;
    std::size_t prefix_len = 0;  // prefix_ before this directory's name was appended
  };

  // The tree `id` at prefix_ + name; nullptr with ok status when it is missing from a partial clone.
  Result<GitTreePtr> lookup(const git_oid& id, const char* name) {
    git_tree* raw = nullptr;
    const int rc = git_tree_lookup(&raw, repo_, &id);
    if (rc == GIT_ENOTFOUND && missing_) {
      ++*missing_;
      return GitTreePtr();
    }
    if (rc < 0)
      return Error{"cannot read tree " + oid_hex(id) + " at " + printable(prefix_ + name) + ": " + git_error_text()};
    return GitTreePtr(raw);
  }

  // Both sides directories with different ids (a or b may be nullptr: everything below is one-sided).
  Status descend(const git_tree_entry* a, const git_tree_entry* b) {
    const char* name = git_tree_entry_name(a ? a : b);
    Frame f;
    if (a) {
      auto t = lookup(*git_tree_entry_id(a), name);
      if (!t) return Error{t.error()};
      f.from_owned = std::move(*t);
    }
    if (b) {
      auto t = lookup(*git_tree_entry_id(b), name);
      if (!t) return Error{t.error()};
      f.to_owned = std::move(*t);
    }
    if ((a && !f.from_owned) || (b && !f.to_owned)) return ok_status();  // missing (counted)
    f.from = f.from_owned.get();
    f.to = f.to_owned.get();
    f.prefix_len = prefix_.size();
    prefix_.append(name).push_back('/');
    stack_.push_back(std::move(f));
    return ok_status();
  }

  // An entry on one side only: `old_side` says which.
  Status side(const git_tree_entry* e, bool old_side) {
    if (git_tree_entry_filemode(e) == GIT_FILEMODE_TREE) return old_side ? descend(e, nullptr) : descend(nullptr, e);
    PathChange c;
    c.path = prefix_ + git_tree_entry_name(e);
    (old_side ? c.old_id : c.new_id) = *git_tree_entry_id(e);
    (old_side ? c.old_mode : c.new_mode) = git_tree_entry_filemode(e);
    out_.push_back(std::move(c));
    return ok_status();
  }

  git_repository* repo_;
  std::vector<PathChange>& out_;
  std::size_t* missing_;
  std::vector<Frame> stack_;
  std::string prefix_;
};

}  // namespace

Status tree_changes(git_repository* repo, const git_tree* from, const git_tree* to, std::vector<PathChange>& out,
                    std::size_t* missing) {
  if (from && to && OidEqual{}(*git_tree_id(from), *git_tree_id(to))) return ok_status();
  TreeChanges walk(repo, out, missing);
  return walk.run(from, to);
}

Result<GitDiffPtr> diff_changes(git_repository* repo, const std::vector<PathChange>& changes, bool copies) {
  // Two in-memory indexes holding only the changed paths' two sides: libgit2 never walks a tree
  // (its tree iterator rebuilds each level's full path, quadratic in the depth of a hostile tree).
  git_index* old_raw = nullptr;
  if (git_index_new(&old_raw) < 0) return Error{git_error_text()};
  GitIndexPtr old_index(old_raw);
  git_index* new_raw = nullptr;
  if (git_index_new(&new_raw) < 0) return Error{git_error_text()};
  GitIndexPtr new_index(new_raw);
  auto add = [](git_index* index, const std::string& path, const git_oid& id, std::uint32_t mode) -> Status {
    git_index_entry e{};
    e.mode = mode;
    e.id = id;
    e.path = path.c_str();
    if (git_index_add(index, &e) < 0) return Error{printable(path) + ": " + git_error_text()};
    return ok_status();
  };
  for (const auto& c : changes) {
    if (c.conflicted) continue;
    if (c.old_mode)
      if (auto st = add(old_index.get(), c.path, c.old_id, c.old_mode); !st) return Error{st.error()};
    if (c.new_mode)
      if (auto st = add(new_index.get(), c.path, c.new_id, c.new_mode); !st) return Error{st.error()};
  }
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff* draw = nullptr;
  if (git_diff_index_to_index(&draw, repo, old_index.get(), new_index.get(), &opts) < 0)
    return Error{"cannot diff: " + git_error_text()};
  GitDiffPtr diff(draw);
  git_diff_find_options fo = GIT_DIFF_FIND_OPTIONS_INIT;
  fo.flags = GIT_DIFF_FIND_RENAMES | (copies ? GIT_DIFF_FIND_COPIES : 0);
  if (git_diff_find_similar(diff.get(), &fo) < 0) return Error{"rename detection failed: " + git_error_text()};
  return diff;
}

std::shared_ptr<CommitInfo> commit_info(const git_commit* c) {
  auto info = std::make_shared<CommitInfo>();
  info->id = oid_hex(*git_commit_id(c));
  if (const git_signature* a = git_commit_author(c)) {
    info->author = a->name ? a->name : "";
    info->email = a->email ? a->email : "";
    info->time = a->when.time;
    info->tz_offset_minutes = a->when.offset;
  }
  // git_commit_summary caches into the commit object, hence the const_cast; it does not change the
  // commit's identity or content.
  if (const char* s = git_commit_summary(const_cast<git_commit*>(c))) info->summary = s;
  return info;
}

ReadOutcome read_blob(git_odb* odb, const git_oid& id, std::uint64_t max_size, std::string& buf,
                      const std::string& shown, std::uint64_t* size) {
  std::size_t len = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&len, &type, odb, &id) < 0)
    return {ReadStatus::Error, shown + ": cannot read blob " + oid_hex(id) + ": " + git_error_text()};
  if (type != GIT_OBJECT_BLOB)
    return {ReadStatus::Error, shown + ": object " + oid_hex(id) + " is not a blob"};
  if (size) *size = len;
  if (len > max_size) return {ReadStatus::TooLarge, ""};
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, odb, &id) < 0)
    return {ReadStatus::Error, shown + ": cannot read blob " + oid_hex(id) + ": " + git_error_text()};
  GitOdbObjectPtr obj(raw);
  buf.assign(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
  return {};
}

namespace {
constexpr std::string_view kMessagePrefix = "message:";
}  // namespace

std::string message_locator(const git_oid& commit) { return std::string(kMessagePrefix) + oid_hex(commit); }

bool binary_but_git_text(std::string_view raw) {
  // git's buffer_is_binary() looks at the first 8000 bytes (xdiff-interface.c FIRST_FEW_BYTES).
  return looks_binary(raw) && utf16_encoding(raw) == Utf16::None &&
         raw.substr(0, 8000).find('\0') == std::string_view::npos;
}

std::vector<TextSkip> TextSkipLog::take() {
  std::lock_guard lock(mu_);
  std::vector<TextSkip> out = std::move(skips_);
  skips_.clear();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end(),
                        [](const TextSkip& a, const TextSkip& b) { return a.path == b.path && a.reason == b.reason; }),
            out.end());
  return out;
}

ReadOutcome GitBlobReader::read(const Item& item, std::uint64_t max_size, std::string& buf) {
  buf.clear();
  if (!repo_ && open_error_.empty()) {
    auto r = GitRepo::open(loc_);
    if (!r) open_error_ = r.error();
    else repo_ = std::make_unique<GitRepo>(std::move(*r));
  }
  if (!repo_) return {ReadStatus::Error, item.where.path + ": " + open_error_};
  const bool message = item.locator.rfind(kMessagePrefix, 0) == 0;
  const std::string_view hex = std::string_view(item.locator).substr(message ? kMessagePrefix.size() : 0);
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, hex.data(), hex.size()) < 0)
    return {ReadStatus::Error, item.where.path + ": bad object id '" + printable(item.locator) + "'"};
  git_odb* odb = repo_->odb();
  if (!odb) return {ReadStatus::Error, item.where.path + ": cannot open object database: " + git_error_text()};
  if (message) {
    // A commit's or an annotated tag's message: everything after the header's blank line, read from
    // the raw object (libgit2's accessors stop at a NUL byte).
    std::size_t len = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&len, &type, odb, &id) < 0)
      return {ReadStatus::Error, item.where.path + ": cannot read object " + oid_hex(id) + ": " + git_error_text()};
    if (type != GIT_OBJECT_COMMIT && type != GIT_OBJECT_TAG)
      return {ReadStatus::Error, item.where.path + ": object " + oid_hex(id) + " is not a commit or a tag"};
    if (len > max_size) return {ReadStatus::TooLarge, ""};
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &id) < 0)
      return {ReadStatus::Error, item.where.path + ": cannot read object " + oid_hex(id) + ": " + git_error_text()};
    GitOdbObjectPtr obj(raw);
    const std::string_view text(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    const std::size_t blank = text.find("\n\n");
    if (blank != std::string_view::npos) buf.assign(text.substr(blank + 2));
    return {};
  }
  std::uint64_t size = 0;
  ReadOutcome r = read_blob(odb, id, max_size, buf, item.where.path, &size);
  if (log_) {
    if (r.status == ReadStatus::TooLarge)
      log_->add({item.where.path, "larger than --max-file-size (" + human_bytes(size) + ")"});
    else if (r.status == ReadStatus::Ok && binary_but_git_text(buf))
      log_->add({item.where.path, "a NUL byte after byte 8000 made it look binary"});
  }
  return r;
}

void append_line(LineRanges& r, std::uint32_t n) {
  if (!r.ranges.empty() && r.ranges.back().second + 1 >= n && r.ranges.back().first <= n) {
    r.ranges.back().second = std::max(r.ranges.back().second, n);
    return;
  }
  r.ranges.emplace_back(n, n);
}

namespace {

struct DiffPayload {
  LineRanges lines;
  bool binary = false;
};

int on_line(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line, void* payload) {
  if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0)
    append_line(static_cast<DiffPayload*>(payload)->lines, static_cast<std::uint32_t>(line->new_lineno));
  return 0;
}

int on_binary(const git_diff_delta*, const git_diff_binary*, void* payload) {
  static_cast<DiffPayload*>(payload)->binary = true;
  return 0;
}

}  // namespace

Result<LineRanges> added_lines(std::string_view old_text, std::string_view new_text) {
  ensure_libgit2();
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  // Whatever .gitattributes or a NUL byte says: a secret in a file git calls binary must still be
  // seen on its added lines (the pipeline decides about binary content itself).
  opts.flags = GIT_DIFF_FORCE_TEXT;
  // Past 1023 MiB a side (GIT_XDIFF_MAX_SIZE) libgit2 does not fail: it quietly turns the patch into a
  // binary one, calls the binary callback and no line callback, and returns 0 — "nothing added". With
  // GIT_DIFF_FORCE_TEXT that callback means exactly that, and is an error here.
  DiffPayload out;
  git_error_clear();
  if (git_diff_buffers(old_text.empty() ? nullptr : old_text.data(), old_text.size(), nullptr,
                       new_text.empty() ? nullptr : new_text.data(), new_text.size(), nullptr, &opts, nullptr,
                       on_binary, nullptr, on_line, &out) < 0)
    return Error{"cannot diff: " + git_error_text()};
  if (out.binary)
    return Error{"cannot diff: too large for libgit2's line diff (" +
                 human_bytes(std::max(old_text.size(), new_text.size())) + "; the limit is 1023 MiB a side)"};
  return std::move(out.lines);
}

LineRanges all_lines(std::string_view text) {
  LineRanges out;
  if (text.empty()) return out;
  std::uint32_t n = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
  if (text.back() != '\n') ++n;
  out.ranges.emplace_back(1, n);
  return out;
}

Result<ChangeLines> change_lines(git_odb* odb, const git_oid& new_id, const std::vector<std::optional<git_oid>>& olds,
                                 std::uint64_t max_size, std::string_view marker, const std::string& shown,
                                 bool partial) {
  ChangeLines out;
  if (partial) {
    // Checked first, so that a missing old side does not leave the new blob half-judged.
    bool missing = !object_present(odb, new_id);
    for (const auto& o : olds) missing = missing || (o && !object_present(odb, *o));
    if (missing) {
      out.missing = true;
      return out;
    }
  }
  std::string text;
  ReadOutcome r = read_blob(odb, new_id, max_size, text, shown, &out.size);
  if (r.status == ReadStatus::TooLarge) {
    out.too_large = true;
    return out;
  }
  if (r.status != ReadStatus::Ok) return Error{r.message};
  const bool git_text = binary_but_git_text(text);
  // The pipeline scans UTF-16 as its UTF-8 transcoding; line numbers must be counted on the same text.
  transcode_utf16(text);
  if (looks_binary(text)) {
    out.binary = true;
    out.git_text = git_text;
    return out;
  }
  bool first = true;
  std::string old;
  for (const auto& o : olds) {
    LineRanges lines;
    if (!o) {
      lines = all_lines(text);
    } else {
      ReadOutcome ro = read_blob(odb, *o, max_size, old, shown);
      if (ro.status == ReadStatus::TooLarge) {
        lines = all_lines(text);
      } else if (ro.status != ReadStatus::Ok) {
        return Error{ro.message};
      } else {
        transcode_utf16(old);
        auto added = added_lines(old, text);
        if (!added) return Error{shown + ": " + added.error()};
        lines = std::move(*added);
      }
    }
    out.added = first ? std::move(lines) : intersect(out.added, lines);
    first = false;
    if (out.added.ranges.empty()) break;
  }
  if (!marker.empty() && !out.added.ranges.empty() && text.find(marker) != std::string::npos) {
    std::uint32_t line = 1;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string::npos) eol = text.size();
      if (out.added.contains(line) && std::string_view(text).substr(pos, eol - pos).find(marker) != std::string_view::npos)
        out.marker_lines.push_back(line);
      pos = eol + 1;
      ++line;
    }
  }
  return out;
}

LineRanges intersect(const LineRanges& a, const LineRanges& b) {
  LineRanges out;
  std::size_t i = 0, j = 0;
  while (i < a.ranges.size() && j < b.ranges.size()) {
    const auto lo = std::max(a.ranges[i].first, b.ranges[j].first);
    const auto hi = std::min(a.ranges[i].second, b.ranges[j].second);
    if (lo <= hi) out.ranges.emplace_back(lo, hi);
    if (a.ranges[i].second < b.ranges[j].second) ++i;
    else ++j;
  }
  return out;
}

bool is_file_mode(std::uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK;
}

const git_diff_file* added_side(const git_diff_delta* d) {
  switch (d->status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_MODIFIED:
    case GIT_DELTA_RENAMED:
    case GIT_DELTA_COPIED:
    case GIT_DELTA_TYPECHANGE:
      return is_file_mode(d->new_file.mode) ? &d->new_file : nullptr;
    default:
      return nullptr;
  }
}

std::optional<git_oid> old_side(const git_diff_delta* d) {
  if (d->status == GIT_DELTA_ADDED || !is_file_mode(d->old_file.mode)) return std::nullopt;
  return d->old_file.id;
}

}  // namespace keysnare
