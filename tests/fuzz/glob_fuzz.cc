// Fuzz target: path globs (base/glob.h), which come from --exclude and from allowlists in a scanned
// repository's .keysnare.yaml: any pattern against any path must answer quickly (no exponential
// backtracking on `*`/`**` runs) and never read out of bounds. Input: GLOB FF FF PATH. Checked: the
// answers equal those of the old backtracking matcher (glob_reference.h) wherever that one is fast
// enough to ask (few stars); a glob without special characters matches its own text; `**` matches
// everything.
#include <algorithm>
#include <string>

#include "base/glob.h"
#include "fuzz_input.h"
#include "glob_reference.h"

using namespace keysnare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Pieces in(data, size);
  const std::string_view glob = in.next(), path = in.next();
  const bool raw = glob_match_raw(glob, path);
  const bool anchored = path_glob_match(glob, path);
  (void)path_glob_match(path, glob);
  // The reference backtracks: ask it only where that stays cheap.
  if (std::count(glob.begin(), glob.end(), '*') <= 4 && path.size() <= 64) {
    FUZZ_CHECK(raw == fuzz::reference::glob_match_raw(glob, path),
               "glob_match_raw differs from the reference: " + fuzz::show(glob) + " vs " + fuzz::show(path));
    FUZZ_CHECK(anchored == fuzz::reference::path_glob_match(glob, path),
               "path_glob_match differs from the reference: " + fuzz::show(glob) + " vs " + fuzz::show(path));
  }
  if (glob.find_first_of("*?[\\") == std::string_view::npos)
    FUZZ_CHECK(glob_match_raw(glob, glob), "a literal glob does not match itself");
  FUZZ_CHECK(glob_match_raw("**", path), "** does not match everything");
  return 0;
}
