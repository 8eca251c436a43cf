#pragma once
// KnownSecrets: every secret the engine matched and the filters kept during one run, whether it ends up
// reported or not. Findings are dropped after detection for many reasons (the per-file cap, a baseline,
// --min-confidence, an allowlisted fingerprint, a history audit keeping only a secret's oldest place);
// redaction still hides each of these secrets wherever it shows up in reported text: another file's
// line, a note, a commit's message or author (report/redact.h).
//
//   auto known = std::make_shared<KnownSecrets>();   // DetectionSetup::known, one per run
//   known->add(blob_secrets);                          // Detector, once per blob (thread-safe)
//   redact(findings, known->view());                   // the CLI, after the scan
//
// Memory: each distinct secret once (a set), so at most the bytes of the secrets the run kept; a
// history audit that meets the same key in 1,000 blobs stores it once.
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace keysnare {

class KnownSecrets {
 public:
  // Adds the secrets of one blob (one lock per call).
  void add(const std::vector<std::string_view>& secrets);
  // Every distinct secret added so far, in no particular order; the views stay valid until the next
  // add() or clear().
  std::vector<std::string_view> view() const;
  std::size_t size() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::unordered_set<std::string> secrets_;
};

}  // namespace keysnare
