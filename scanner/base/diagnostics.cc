#include "base/diagnostics.h"

#include "base/text.h"

namespace keysnare {

void Diagnostics::emit(std::string_view prefix, std::string_view message) {
  // Paths may hold any bytes; keep each diagnostic one printable line.
  std::string line = "keysnare: ";
  line += prefix;
  line += printable(message);
  line += '\n';
  std::lock_guard lock(mu_);
  if (progress_shown_) {
    std::fputs("\r\033[K", out_);
    progress_shown_ = false;
  }
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

void Diagnostics::error(std::string_view message) {
  errors_.fetch_add(1);
  emit("error: ", message);
}

void Diagnostics::warning(std::string_view message) { emit("warning: ", message); }

void Diagnostics::note(std::string_view message) {
  if (verbose_) emit("", message);
}

void Diagnostics::progress(std::string_view line) {
  std::lock_guard lock(mu_);
  std::fputs("\r\033[K", out_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
  progress_shown_ = true;
}

void Diagnostics::clear_progress() {
  std::lock_guard lock(mu_);
  if (progress_shown_) {
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
    progress_shown_ = false;
  }
}

}  // namespace keysnare
