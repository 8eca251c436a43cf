#pragma once
// The RE2 options that keep RE2 byte-for-byte in line with Hyperscan (no UTF-8 mode): Latin-1 so every
// byte is one character, '.' not matching '\n', errors returned rather than logged.
#include <re2/re2.h>

namespace keysnare {

inline RE2::Options confirm_regex_options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  o.set_dot_nl(false);
  // 64 MiB: private-key rules read multi-kilobyte windows; the default 8 MiB DFA budget can run out
  // and fall back to the slower NFA on such windows.
  o.set_max_mem(64 << 20);
  return o;
}

}  // namespace keysnare
