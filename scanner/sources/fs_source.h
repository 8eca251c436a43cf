#pragma once
// FsSource: files and directory trees (`keysnare dir PATH…`).
//
// Walks each root in name order, so the plan is deterministic. It skips `.git` directories, paths that
// match an --exclude glob (base/glob.h; a matching directory is not entered), and symbolic links below
// a root (never followed: a link cannot lead the scan out of the tree or into a loop; the file it
// points to inside the tree is scanned at its own path). A root given as a link is followed. Special
// files (FIFOs, sockets, devices) are skipped by the reader without being opened for blocking reads.
// Reported paths are relative to the root; with several roots they keep the root as given in front.
// Unreadable directories are reported to Diagnostics and the walk continues.
#include <string>
#include <vector>

#include "sources/source.h"

namespace keysnare {

class FsSource : public Source {
 public:
  FsSource(std::vector<std::string> roots, std::vector<std::string> excludes)
      : roots_(std::move(roots)), excludes_(std::move(excludes)) {}
  std::vector<Item> plan(Diagnostics& diag) override;
  std::unique_ptr<Reader> reader() override;

 private:
  void walk(const std::string& dir, const std::string& rel, std::vector<Item>& out, Diagnostics& diag);
  bool excluded(const std::string& rel) const;
  std::vector<std::string> roots_;
  std::vector<std::string> excludes_;
};

// Reads a whole file through a file descriptor: O_NONBLOCK so a FIFO never blocks, regular files only.
ReadOutcome read_regular_file(const std::string& path, const std::string& shown, std::uint64_t max_size,
                              std::string& buf);

}  // namespace keysnare
