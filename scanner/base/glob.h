#pragma once
// Path globs for allowlists and --exclude, gitignore-flavoured:
//   `*` any run of characters except '/', `?` one character except '/', `[abc]`/`[a-z]`/`[!x]` a class,
//   `**` any run including '/' (so `**/test/**` or `vendor/**`), `\x` a literal x.
// A glob without '/' matches the last path component at any depth (`*.min.js`, `node_modules`);
// a glob with '/' matches the whole relative path, and also any leading directory of it, so `vendor`
// and `vendor/` exclude everything below vendor/.
// Pure functions; thread-safe.
#include <string_view>

namespace keysnare {

// Raw matcher of the whole string; '/' is special as described above.
bool glob_match_raw(std::string_view glob, std::string_view path);

// Matches a relative path ('/'-separated) with the rules above.
bool path_glob_match(std::string_view glob, std::string_view path);

}  // namespace keysnare
