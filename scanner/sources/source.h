#pragma once
// Source: where blobs come from. A source first plans (lists every item to scan, with provenance, in a
// deterministic order), then each pipeline worker reads items through a Reader of its own. Files,
// standard input, the git index, commit ranges and whole histories are all Sources; the pipeline knows
// nothing else about them, and a source knows nothing of rules or output.
//
//   std::vector<Item> items = source.plan(diag);       // once, on one thread
//   auto reader = source.reader();                      // once per worker
//   ReadOutcome r = reader->read(items[i], max, buf);   // many times, on that worker's thread
//
// plan() reports problems (an unreadable directory, a missing path) to `diag` and carries on.
// A Source must outlive its Readers. Readers are not shared between threads.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "model/provenance.h"

namespace keysnare {

struct Item {
  Provenance where;                  // the place reported for findings in this blob
  std::vector<Provenance> also;      // other places with the same content (git: same blob id)
  std::uint64_t size = 0;            // size in bytes when known before reading, else 0
  std::shared_ptr<const LineRanges> added;  // only these lines count; nullptr = all lines
  std::string locator;               // source-specific: a filesystem path, an object id, ...
};

enum class ReadStatus {
  Ok,        // `buf` holds the whole content
  TooLarge,  // bigger than max_size; skipped by policy (counted, not an error)
  Skipped,   // skipped by policy for another reason (submodule, special file); `message` says why
  Error,     // could not read; `message` is one line naming the item and the problem
};

struct ReadOutcome {
  ReadStatus status = ReadStatus::Ok;
  std::string message;
};

class Reader {
 public:
  virtual ~Reader() = default;
  // Reads the item into `buf` (replacing its content) unless it is larger than max_size.
  virtual ReadOutcome read(const Item& item, std::uint64_t max_size, std::string& buf) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual std::vector<Item> plan(Diagnostics& diag) = 0;
  virtual std::unique_ptr<Reader> reader() = 0;
  // Whether findings of equal secrets from different items merge into one finding with occurrences
  // (history audits) or stay one finding per place (files, staged changes).
  virtual bool groups_by_secret() const { return false; }
};

}  // namespace keysnare
