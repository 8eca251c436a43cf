#include "sources/git_index_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "base/text.h"

namespace keysnare {
namespace {

std::uint32_t be32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) | u[3];
}
std::uint16_t be16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint16_t>((u[0] << 8) | u[1]);
}

bool read_file(const std::string& path, std::string& out, int& err) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    return false;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    err = errno;
    ::close(fd);
    return false;
  }
  out.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {  // a read error is not a shorter index
      err = errno;
      ::close(fd);
      return false;
    }
    if (n == 0) break;  // the file shrank: what is there is parsed, and judged complete or not
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return true;
}

constexpr std::size_t kOidSize = GIT_OID_RAWSZ;

}  // namespace

GitIndexFile::Load GitIndexFile::load(const std::string& path, std::string& why) {
  std::string data;
  int err = 0;
  if (!read_file(path, data, err)) {
    if (err == ENOENT) return Load::Missing;
    why = path + ": " + std::strerror(err);
    return Load::Corrupt;
  }
  auto corrupt = [&](const std::string& what) {
    why = path + ": " + what;
    return Load::Corrupt;
  };
  if (data.size() < 12 + kOidSize || std::memcmp(data.data(), "DIRC", 4) != 0) return corrupt("not an index file");
  const std::uint32_t version = be32(data.data() + 4);
  const std::uint32_t count = be32(data.data() + 8);
  if (version < 2 || version > 4) {
    why = path + ": index version " + std::to_string(version) + " is not supported";
    return Load::Unsupported;
  }
  const std::size_t end = data.size() - kOidSize;  // the trailing checksum
  std::size_t pos = 12;
  entries_.clear();
  entries_.reserve(count);
  paths_.clear();
  paths_.reserve(count * 48);
  std::size_t prev_off = 0, prev_len = 0;  // v4: the previous path
  for (std::uint32_t n = 0; n < count; ++n) {
    const std::size_t start = pos;
    if (pos + 62 > end) return corrupt("truncated entry");
    const char* e = data.data() + pos;
    Entry entry;
    entry.mode = be32(e + 24);
    std::memcpy(entry.id.id, e + 40, kOidSize);
    const std::uint16_t flags = be16(e + 60);
    entry.stage = (flags >> 12) & 3;
    pos += 62;
    bool intent_to_add = false;
    if (flags & 0x4000) {  // extended flags (version 3 and later)
      if (version < 3 || pos + 2 > end) return corrupt("bad extended flags");
      const std::uint16_t ext = be16(data.data() + pos);
      intent_to_add = ext & 0x2000;
      pos += 2;
    }
    if ((entry.mode & 0170000) == 0040000) {
      why = path + ": sparse index is not supported; `git sparse-checkout init --no-sparse-index` turns it off";
      return Load::Unsupported;
    }
    const std::size_t off = paths_.size();
    if (version == 4) {
      // The path is the previous one minus N trailing bytes, plus a NUL-terminated suffix.
      std::uint64_t strip = 0;
      if (pos >= end) return corrupt("truncated entry");
      unsigned char c = static_cast<unsigned char>(data[pos++]);
      strip = c & 127;
      while (c & 128) {
        if (pos >= end) return corrupt("truncated entry");
        c = static_cast<unsigned char>(data[pos++]);
        strip = ((strip + 1) << 7) | (c & 127);
      }
      if (strip > prev_len) return corrupt("bad path compression");
      const char* nul = static_cast<const char*>(std::memchr(data.data() + pos, 0, end - pos));
      if (!nul) return corrupt("truncated path");
      const std::size_t keep = prev_len - static_cast<std::size_t>(strip);
      paths_.resize(off + keep);  // copied by offset: the buffer may have moved
      std::memmove(paths_.data() + off, paths_.data() + prev_off, keep);
      paths_.append(data.data() + pos, static_cast<std::size_t>(nul - (data.data() + pos)));
      pos = static_cast<std::size_t>(nul - data.data()) + 1;
    } else {
      const char* nul = static_cast<const char*>(std::memchr(data.data() + pos, 0, end - pos));
      if (!nul) return corrupt("truncated path");
      const std::size_t len = static_cast<std::size_t>(nul - (data.data() + pos));
      paths_.append(data.data() + pos, len);
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      pos = start + ((pos - start + len + 8) & ~std::size_t{7});
      if (pos > end) return corrupt("truncated entry");
    }
    entry.path_off = static_cast<std::uint32_t>(off);
    entry.path_len = static_cast<std::uint32_t>(paths_.size() - off);
    prev_off = off;
    prev_len = entry.path_len;
    if (intent_to_add) continue;  // not part of the next commit
    entries_.push_back(entry);
  }
  // Extensions: a 4-byte signature and a 4-byte size each. Lowercase-initial ones are required.
  have_cache_tree_ = false;
  while (pos + 8 <= end) {
    const std::string_view sig(data.data() + pos, 4);
    const std::uint32_t size = be32(data.data() + pos + 4);
    pos += 8;
    if (size > end - pos) return corrupt("truncated extension");
    std::string_view body(data.data() + pos, size);
    pos += size;
    if (sig == "TREE") {
      cache_tree_ = CacheTree{};
      have_cache_tree_ = parse_cache_tree(body, cache_tree_, 0);
    } else if (sig == "link") {
      why = path + ": split index (core.splitIndex) is not supported; `git update-index --no-split-index` turns it off";
      return Load::Unsupported;
    } else if (sig == "sdir") {
      why = path + ": sparse index is not supported; `git sparse-checkout init --no-sparse-index` turns it off";
      return Load::Unsupported;
    } else if (sig[0] >= 'a' && sig[0] <= 'z') {
      why = path + ": required index extension '" + printable(sig) + "' is not supported";
      return Load::Unsupported;
    }
  }
  return Load::Ok;
}

bool GitIndexFile::parse_cache_tree(std::string_view& data, CacheTree& node, int depth) {
  if (depth > 4096) return false;
  const std::size_t nul = data.find('\0');
  if (nul == std::string_view::npos) return false;
  node.name.assign(data.substr(0, nul));
  data.remove_prefix(nul + 1);
  const std::size_t nl = data.find('\n');
  if (nl == std::string_view::npos) return false;
  const std::string_view counts = data.substr(0, nl);
  data.remove_prefix(nl + 1);
  const std::size_t sp = counts.find(' ');
  if (sp == std::string_view::npos) return false;
  int entries = 0, subtrees = 0;
  const std::string_view e = counts.substr(0, sp), t = counts.substr(sp + 1);
  if (std::from_chars(e.data(), e.data() + e.size(), entries).ec != std::errc() ||
      std::from_chars(t.data(), t.data() + t.size(), subtrees).ec != std::errc() || subtrees < 0)
    return false;
  node.entry_count = entries;
  if (entries >= 0) {
    if (data.size() < kOidSize) return false;
    std::memcpy(node.id.id, data.data(), kOidSize);
    data.remove_prefix(kOidSize);
  }
  node.children.resize(static_cast<std::size_t>(subtrees));
  for (auto& c : node.children)
    if (!parse_cache_tree(data, c, depth + 1)) return false;
  // By name, for binary search (git writes them shortest name first, libgit2 in its own order).
  std::sort(node.children.begin(), node.children.end(),
            [](const CacheTree& a, const CacheTree& b) { return a.name < b.name; });
  return true;
}

// The walk of HEAD's tree alongside the sorted index entries, one directory level at a time, each
// level a frame on an explicit stack (HEAD may nest directories as deep as anyone cares to make it).
struct GitIndexFile::Walk {
  const GitIndexFile& idx;
  git_repository* repo;
  std::vector<PathChange>& out;
  std::string prefix;  // the directory walked, with a trailing '/', or ""

  // Index entries [i, hi) below `prefix` merged with HEAD's `tree` there (nullptr: none) entry k on.
  struct Frame {
    GitTreePtr owned;
    const git_tree* tree = nullptr;
    const CacheTree* ct = nullptr;
    std::size_t i = 0, hi = 0, k = 0;
    std::size_t prefix_len = 0;  // prefix.size() before this directory's name
  };
  std::vector<Frame> stack;

  static const CacheTree* child(const CacheTree* ct, std::string_view name) {
    if (!ct) return nullptr;
    auto it = std::lower_bound(ct->children.begin(), ct->children.end(), name,
                               [](const CacheTree& c, std::string_view n) { return c.name < n; });
    return it != ct->children.end() && it->name == name ? &*it : nullptr;
  }

  Result<GitTreePtr> subtree(const git_oid& id, const std::string& at) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo, &id) < 0)
      return Error{"cannot read HEAD's tree " + oid_hex(id) + " at " + printable(at) + ": " + git_error_text()};
    return GitTreePtr(raw);
  }

  // Index entries [i, j) have no counterpart in HEAD.
  void added(std::size_t i, std::size_t j) {
    for (std::size_t k = i; k < j; ++k) {
      const auto& e = idx.entries_[k];
      const std::string_view p = idx.path(k);
      if (e.stage != 0) {
        if (out.empty() || !out.back().conflicted || out.back().path != p) {
          PathChange c;
          c.path.assign(p);
          c.conflicted = true;
          out.push_back(std::move(c));
        }
        continue;
      }
      PathChange c;
      c.path.assign(p);
      c.new_id = e.id;
      c.new_mode = e.mode;
      out.push_back(std::move(c));
    }
  }

  // A HEAD entry with no counterpart in the index: each file below it is deleted (in tree order).
  Status deleted(const git_tree_entry* top) {
    struct Level {
      GitTreePtr tree;
      std::size_t k = 0;
      std::size_t len = 0;  // path.size() for its entries
    };
    std::string path = prefix + git_tree_entry_name(top);
    auto file = [&](const git_tree_entry* te, const std::string& p) {
      PathChange c;
      c.path = p;
      c.old_id = *git_tree_entry_id(te);
      c.old_mode = git_tree_entry_filemode(te);
      out.push_back(std::move(c));
    };
    if (git_tree_entry_filemode(top) != GIT_FILEMODE_TREE) {
      file(top, path);
      return ok_status();
    }
    std::vector<Level> levels;
    auto push = [&](const git_oid& id) -> Status {
      auto sub = subtree(id, path);
      if (!sub) return Error{sub.error()};
      path += '/';
      levels.push_back({std::move(*sub), 0, path.size()});
      return ok_status();
    };
    if (auto st = push(*git_tree_entry_id(top)); !st) return st;
    while (!levels.empty()) {
      Level& l = levels.back();
      if (l.k >= git_tree_entrycount(l.tree.get())) {
        levels.pop_back();
        continue;
      }
      const git_tree_entry* te = git_tree_entry_byindex(l.tree.get(), l.k++);
      path.resize(l.len);
      path += git_tree_entry_name(te);
      if (git_tree_entry_filemode(te) == GIT_FILEMODE_TREE) {
        if (auto st = push(*git_tree_entry_id(te)); !st) return st;  // invalidates `l`
      } else {
        file(te, path);
      }
    }
    return ok_status();
  }

  void push(GitTreePtr owned, const git_tree* tree, const CacheTree* ct, std::size_t lo, std::size_t hi,
            std::size_t prefix_len) {
    Frame f;
    f.owned = std::move(owned);
    f.tree = f.owned ? f.owned.get() : tree;
    f.ct = ct;
    f.i = lo;
    f.hi = hi;
    f.prefix_len = prefix_len;
    stack.push_back(std::move(f));
  }

  Status run(const git_tree* head, const CacheTree* root, std::size_t n_entries) {
    push(nullptr, head, root, 0, n_entries, 0);
    while (!stack.empty()) {
      Frame& f = stack.back();
      const std::size_t n = f.tree ? git_tree_entrycount(f.tree) : 0;
      if (f.i >= f.hi && f.k >= n) {
        prefix.resize(f.prefix_len);
        stack.pop_back();
        continue;
      }
      std::string_view iname;
      bool idir = false;
      std::size_t j = f.i;
      if (f.i < f.hi) {
        const std::string_view rest = idx.path(f.i).substr(prefix.size());
        const std::size_t slash = rest.find('/');
        if (slash == std::string_view::npos) {
          iname = rest;
          j = f.i + 1;
          while (j < f.hi && idx.path(j) == idx.path(f.i)) ++j;  // conflict stages
        } else {
          idir = true;
          iname = rest.substr(0, slash);
          const std::size_t plen = prefix.size() + slash + 1;
          const std::string_view dprefix = idx.path(f.i).substr(0, plen);
          j = f.i + 1;
          while (j < f.hi && idx.path(j).substr(0, plen) == dprefix) ++j;
        }
      }
      const git_tree_entry* te = f.k < n ? git_tree_entry_byindex(f.tree, f.k) : nullptr;
      int cmp;
      if (f.i >= f.hi) cmp = 1;
      else if (!te) cmp = -1;
      else cmp = tree_name_compare(iname, idir, git_tree_entry_name(te), git_tree_entry_filemode(te) == GIT_FILEMODE_TREE);
      if (cmp < 0) {
        added(f.i, j);
        f.i = j;
        continue;
      }
      if (cmp > 0) {
        ++f.k;
        if (auto st = deleted(te); !st) return st;
        continue;
      }
      const std::size_t i = f.i;
      f.i = j;
      ++f.k;
      if (idir) {
        const CacheTree* c = child(f.ct, iname);
        const bool unchanged = c && c->entry_count >= 0 && OidEqual{}(c->id, *git_tree_entry_id(te));
        if (!unchanged) {
          const std::string at = prefix + std::string(iname);
          auto sub = subtree(*git_tree_entry_id(te), at);
          if (!sub) return Error{sub.error()};
          const std::size_t saved = prefix.size();
          prefix.append(iname).push_back('/');
          push(std::move(*sub), nullptr, c, i, j, saved);  // invalidates `f`
        }
      } else if (j - i > 1 || idx.entries_[i].stage != 0) {
        PathChange c;
        c.path.assign(idx.path(i));
        c.old_id = *git_tree_entry_id(te);
        c.old_mode = git_tree_entry_filemode(te);
        c.conflicted = true;
        out.push_back(std::move(c));
      } else {
        const auto& e = idx.entries_[i];
        if (e.mode != static_cast<std::uint32_t>(git_tree_entry_filemode(te)) ||
            !OidEqual{}(e.id, *git_tree_entry_id(te))) {
          PathChange c;
          c.path.assign(idx.path(i));
          c.old_id = *git_tree_entry_id(te);
          c.old_mode = git_tree_entry_filemode(te);
          c.new_id = e.id;
          c.new_mode = e.mode;
          out.push_back(std::move(c));
        }
      }
    }
    return ok_status();
  }
};

Status GitIndexFile::diff_head(git_repository* repo, const git_tree* head, std::vector<PathChange>& out) const {
  const CacheTree* root = have_cache_tree_ ? &cache_tree_ : nullptr;
  if (root && head && root->entry_count >= 0 && OidEqual{}(root->id, *git_tree_id(head))) return ok_status();
  Walk w{*this, repo, out, "", {}};
  return w.run(head, root, entries_.size());
}

}  // namespace keysnare
