#pragma once
// Diagnostics: where every part of a run reports errors, warnings and verbose notes.
//
// Errors do not stop a scan: the part that meets one reports it and carries on with the next blob; the
// run ends with exit status 2 if `errored()` (ripgrep's model). Each message is one line that names the
// file and the problem. Messages must never contain secret bytes: callers pass paths and descriptions.
//
// Thread-safe: any worker may report at any time; each line is written whole.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace keysnare {

class Diagnostics {
 public:
  explicit Diagnostics(std::FILE* out = stderr) : out_(out) {}

  void error(std::string_view message);
  void warning(std::string_view message);
  // Printed only when verbose.
  void note(std::string_view message);
  // A status line on a terminal (progress); overwritten by the next one, erased by any other message.
  void progress(std::string_view line);
  void clear_progress();

  bool errored() const { return errors_.load() > 0; }
  long error_count() const { return errors_.load(); }
  void set_verbose(bool v) { verbose_ = v; }
  bool verbose() const { return verbose_; }

 private:
  void emit(std::string_view prefix, std::string_view message);
  std::FILE* out_;
  std::mutex mu_;
  std::atomic<long> errors_{0};
  bool verbose_ = false;
  bool progress_shown_ = false;
};

}  // namespace keysnare
