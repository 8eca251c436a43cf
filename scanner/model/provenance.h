#pragma once
// Provenance: where scanned bytes came from. Sources fill it in; the pipeline copies it into every
// finding; reporters print it. Plain data, copyable; commit metadata is shared by pointer because one
// commit introduces many blobs.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace keysnare {

// Metadata of the commit that introduced a blob (git sources only).
struct CommitInfo {
  std::string id;       // full hex object id
  std::string author;   // author name
  std::string email;    // author email
  std::int64_t time = 0;    // author time, seconds since the epoch
  int tz_offset_minutes = 0;  // author's UTC offset
  std::string summary;  // first line of the message
  // Position in a topological order of the commits a source walks (parents before children; dates
  // only order unrelated commits): a history audit locates a secret at its lowest-ranked occurrence,
  // so an ancestor always wins over a descendant whatever their clocks say. 0 when not set.
  std::uint64_t topo_rank = 0;
};

enum class SourceKind { File, Stdin, Staged, Commit };

struct Provenance {
  SourceKind kind = SourceKind::File;
  // Relative to the scanned root with '/' separators (files), the path in the tree (git), or the
  // label (stdin).
  std::string path;
  std::shared_ptr<const CommitInfo> commit;  // Commit only
  std::string blob_id;                       // git blob object id, hex (Staged, Commit)
  // Commit only: the bytes are the commit's message, not a file (path is kCommitMessagePath). A
  // secret in a message is a finding of its own, never merged with the same secret in a file.
  bool commit_message = false;
};

// The `file` of a finding in a commit message.
inline constexpr const char* kCommitMessagePath = "<commit-message>";

// 1-based closed line ranges, sorted and disjoint: the lines a commit or the index adds. Findings
// outside them are dropped (pre-commit and CI report only what the change adds).
struct LineRanges {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  bool contains(std::uint32_t line) const;
};

}  // namespace keysnare
