#include "sources/fs_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/glob.h"

namespace keysnare {
namespace {

struct DirCloser {
  void operator()(DIR* d) const { closedir(d); }
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}

}  // namespace

ReadOutcome read_regular_file(const std::string& path, const std::string& shown, std::uint64_t max_size,
                              std::string& buf) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (f.fd < 0) return {ReadStatus::Error, shown + ": cannot open: " + std::strerror(errno)};
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return {ReadStatus::Error, shown + ": cannot stat: " + std::strerror(errno)};
  if (S_ISDIR(st.st_mode)) return {ReadStatus::Error, shown + ": is a directory"};
  if (!S_ISREG(st.st_mode)) return {ReadStatus::Skipped, "not a regular file"};
  if (static_cast<std::uint64_t>(st.st_size) > max_size) return {ReadStatus::TooLarge, ""};
  buf.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < buf.size()) {
    const ssize_t n = ::read(f.fd, buf.data() + got, buf.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return {ReadStatus::Error, shown + ": read error: " + std::strerror(errno)};
    }
    if (n == 0) break;  // shrank since fstat
    got += static_cast<std::size_t>(n);
  }
  buf.resize(got);
  if (got == static_cast<std::size_t>(st.st_size)) {
    // It may have grown since fstat: read on to EOF within the limit, in small pieces, so a file that
    // did not grow costs one empty read, not a second buffer (doubling a 200 MB buffer to look for
    // EOF copied it and touched twice its size).
    char chunk[64 * 1024];
    while (true) {
      const ssize_t n = ::read(f.fd, chunk, sizeof chunk);
      if (n < 0) {
        if (errno == EINTR) continue;
        return {ReadStatus::Error, shown + ": read error: " + std::strerror(errno)};
      }
      if (n == 0) break;
      buf.append(chunk, static_cast<std::size_t>(n));
      got = buf.size();
      if (got > max_size) break;
    }
  }
  if (got > max_size) return {ReadStatus::TooLarge, ""};
  return {};
}

bool FsSource::excluded(const std::string& rel) const {
  for (const auto& g : excludes_)
    if (path_glob_match(g, rel)) return true;
  return false;
}

void FsSource::walk(const std::string& dir, const std::string& rel, std::vector<Item>& out,
                    Diagnostics& diag) {
  std::unique_ptr<DIR, DirCloser> d(::opendir(dir.c_str()));
  if (!d) {
    diag.error(dir + ": cannot read directory: " + std::strerror(errno));
    return;
  }
  struct Entry {
    std::string name;
    unsigned char type;
  };
  std::vector<Entry> entries;
  errno = 0;
  while (dirent* e = ::readdir(d.get())) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    entries.push_back({name, e->d_type});
  }
  if (errno != 0) diag.error(dir + ": error while listing: " + std::strerror(errno));
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  for (auto& e : entries) {
    const std::string path = join(dir, e.name);
    const std::string rpath = rel.empty() ? e.name : rel + "/" + e.name;
    unsigned char type = e.type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (::lstat(path.c_str(), &st) != 0) continue;  // vanished since listing
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_LNK) continue;  // never followed below a root
    if (type == DT_DIR) {
      if (e.name == ".git" || excluded(rpath)) continue;
      walk(path, rpath, out, diag);
      continue;
    }
    if (excluded(rpath)) continue;
    Item it;
    it.where.kind = SourceKind::File;
    it.where.path = rpath;
    it.locator = path;
    out.push_back(std::move(it));
  }
}

std::vector<Item> FsSource::plan(Diagnostics& diag) {
  std::vector<Item> out;
  for (const auto& root : roots_) {
    struct stat st;
    if (::stat(root.c_str(), &st) != 0) {
      diag.error(root + ": " + std::strerror(errno));
      continue;
    }
    std::string prefix;
    if (roots_.size() > 1) {
      prefix = root;
      while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
      if (prefix.starts_with("./")) prefix.erase(0, 2);
    }
    if (S_ISDIR(st.st_mode)) {
      walk(root, prefix == "." ? "" : prefix, out, diag);
    } else {
      Item it;
      it.where.kind = SourceKind::File;
      std::string shown = root;
      if (shown.starts_with("./")) shown.erase(0, 2);
      it.where.path = shown;
      it.locator = root;
      it.size = static_cast<std::uint64_t>(st.st_size);
      out.push_back(std::move(it));
    }
  }
  return out;
}

namespace {
class FsReader : public Reader {
 public:
  ReadOutcome read(const Item& item, std::uint64_t max_size, std::string& buf) override {
    return read_regular_file(item.locator, item.locator, max_size, buf);
  }
};
}  // namespace

std::unique_ptr<Reader> FsSource::reader() { return std::make_unique<FsReader>(); }

}  // namespace keysnare
