#pragma once
// The backtracking glob matcher keysnare used before base/glob.cc became a dynamic programme (it took
// exponential time on runs of `*`). Kept only as the reference the glob fuzz target compares the new
// matcher with, on inputs small enough for it. Same semantics as base/glob.h glob_match_raw.
#include <string_view>

namespace keysnare::fuzz::reference {

// Matches one bracket class at g[gi] ('[' ...) against c. Sets `end` to the index after ']'.
// Returns false with end = npos when the class is unterminated (then '[' is literal).
inline bool class_match(std::string_view g, std::size_t gi, char c, std::size_t& end, bool& matched) {
  std::size_t i = gi + 1;
  bool negate = false;
  if (i < g.size() && (g[i] == '!' || g[i] == '^')) {
    negate = true;
    ++i;
  }
  bool hit = false;
  bool first = true;
  while (i < g.size() && (g[i] != ']' || first)) {
    first = false;
    char lo = g[i];
    if (lo == '\\' && i + 1 < g.size()) lo = g[++i];
    char hi = lo;
    if (i + 2 < g.size() && g[i + 1] == '-' && g[i + 2] != ']') {
      hi = g[i + 2];
      if (hi == '\\' && i + 3 < g.size()) {
        hi = g[i + 3];
        ++i;
      }
      i += 2;
    }
    if (c >= lo && c <= hi) hit = true;
    ++i;
  }
  if (i >= g.size()) {
    end = std::string_view::npos;
    return false;
  }
  end = i + 1;
  matched = (hit != negate) && c != '/';
  return true;
}

inline bool match_from(std::string_view g, std::size_t gi, std::string_view p, std::size_t pi) {
  while (gi < g.size()) {
    const char gc = g[gi];
    if (gc == '*') {
      const bool globstar = gi + 1 < g.size() && g[gi + 1] == '*';
      if (globstar) {
        std::size_t next = gi + 2;
        // "**/" also matches zero directories.
        if (next < g.size() && g[next] == '/') {
          if (match_from(g, next + 1, p, pi)) return true;
        }
        for (std::size_t k = pi; k <= p.size(); ++k)
          if (match_from(g, next, p, k)) return true;
        return false;
      }
      for (std::size_t k = pi; k <= p.size(); ++k) {
        if (match_from(g, gi + 1, p, k)) return true;
        if (k < p.size() && p[k] == '/') break;
      }
      return false;
    }
    if (pi >= p.size()) return false;
    if (gc == '?') {
      if (p[pi] == '/') return false;
      ++gi;
      ++pi;
      continue;
    }
    if (gc == '[') {
      std::size_t end;
      bool matched = false;
      if (class_match(g, gi, p[pi], end, matched)) {
        if (!matched) return false;
        gi = end;
        ++pi;
        continue;
      }
    }
    char lit = gc;
    if (gc == '\\' && gi + 1 < g.size()) lit = g[++gi];
    if (lit != p[pi]) return false;
    ++gi;
    ++pi;
  }
  return pi == p.size();
}


inline bool glob_match_raw(std::string_view glob, std::string_view path) { return match_from(glob, 0, path, 0); }

inline bool path_glob_match(std::string_view glob, std::string_view path) {
  while (glob.size() > 1 && glob.back() == '/') glob.remove_suffix(1);
  if (glob.starts_with("./")) glob.remove_prefix(2);
  if (glob.empty()) return false;
  if (glob.find('/') == std::string_view::npos) {
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t slash = path.find('/', start);
      std::string_view comp = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
      if (glob_match_raw(glob, comp)) return true;
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return false;
  }
  if (glob.starts_with("/")) glob.remove_prefix(1);
  if (glob_match_raw(glob, path)) return true;
  for (std::size_t i = 0; i < path.size(); ++i)
    if (path[i] == '/' && glob_match_raw(glob, path.substr(0, i))) return true;
  return false;
}

}  // namespace keysnare::fuzz::reference
