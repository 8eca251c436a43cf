#include "base/glob.h"

#include <vector>

namespace keysnare {
namespace {

// Matches one bracket class at g[gi] ('[' ...) against c. Sets `end` to the index after ']'.
// Returns false with end = npos when the class is unterminated (then '[' is literal).
bool class_match(std::string_view g, std::size_t gi, char c, std::size_t& end, bool& matched) {
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

// A glob compiled into tokens, matched by dynamic programming: M[t][i] says whether tokens t.. match
// path bytes i.., computed from the last token backwards, one row per token (O(tokens x path) time,
// three rows of memory). A backtracking matcher takes exponential time on runs of `*` (a pattern such
// as `*a*a*a*a*a*b` in a scanned repository's allowlist would stall the scan).
struct Token {
  enum Kind { Literal, Any, Class, Star, GlobStar } kind;
  char c = 0;           // Literal
  std::size_t at = 0;   // Class: index of its '[' in the glob
  bool slash_optional = false;  // GlobStar followed by '/': "**/" also matches zero directories
};

std::vector<Token> tokenize(std::string_view g) {
  std::vector<Token> out;
  for (std::size_t gi = 0; gi < g.size();) {
    const char gc = g[gi];
    if (gc == '*') {
      if (gi + 1 < g.size() && g[gi + 1] == '*') {
        out.push_back({Token::GlobStar});
        out.back().slash_optional = gi + 2 < g.size() && g[gi + 2] == '/';
        gi += 2;
      } else {
        out.push_back({Token::Star});
        ++gi;
      }
      continue;
    }
    if (gc == '?') {
      out.push_back({Token::Any});
      ++gi;
      continue;
    }
    if (gc == '[') {
      std::size_t end;
      bool matched;
      if (class_match(g, gi, 'a', end, matched)) {  // the class's extent does not depend on the byte
        Token t{Token::Class};
        t.at = gi;
        out.push_back(t);
        gi = end;
        continue;
      }
    }
    Token t{Token::Literal};
    t.c = gc;
    if (gc == '\\' && gi + 1 < g.size()) t.c = g[++gi];
    out.push_back(t);
    ++gi;
  }
  return out;
}

// Whether `g` matches all of `p`, or, with `or_parent`, also any leading directory of it (p up to
// a '/').
bool match(std::string_view g, std::string_view p, bool or_parent) {
  const std::vector<Token> tokens = tokenize(g);
  const std::size_t n = p.size();
  // rows[k % 3] is row t + k for the current t: row t+1 and t+2 are what a token looks at.
  std::vector<char> next2(n + 1, 0), next(n + 1), row(n + 1);
  for (std::size_t i = 0; i <= n; ++i) next[i] = i == n || (or_parent && p[i] == '/');
  for (std::size_t t = tokens.size(); t-- > 0;) {
    const Token& tok = tokens[t];
    bool rest_from_here = false;  // GlobStar: tokens t+1.. match from some k >= i
    for (std::size_t i = n + 1; i-- > 0;) {
      bool m = false;
      switch (tok.kind) {
        case Token::Literal: m = i < n && p[i] == tok.c && next[i + 1]; break;
        case Token::Any: m = i < n && p[i] != '/' && next[i + 1]; break;
        case Token::Class: {
          if (i < n) {
            std::size_t end;
            bool hit = false;
            class_match(g, tok.at, p[i], end, hit);
            m = hit && next[i + 1];
          }
          break;
        }
        case Token::Star: m = next[i] || (i < n && p[i] != '/' && row[i + 1]); break;
        case Token::GlobStar:
          // Any run of bytes, then the rest; "**/" may also skip its '/' but only where it starts.
          rest_from_here = rest_from_here || next[i];
          m = rest_from_here || (tok.slash_optional && next2[i]);
          break;
      }
      row[i] = m;
    }
    std::swap(next2, next);
    std::swap(next, row);
  }
  return next[0];
}

}  // namespace

bool glob_match_raw(std::string_view glob, std::string_view path) { return match(glob, path, false); }

bool path_glob_match(std::string_view glob, std::string_view path) {
  while (glob.size() > 1 && glob.back() == '/') glob.remove_suffix(1);
  if (glob.starts_with("./")) glob.remove_prefix(2);
  if (glob.empty()) return false;
  const bool anchored = glob.find('/') != std::string_view::npos;
  if (!anchored) {
    // Any single component at any depth (a directory name excludes everything below it).
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
  // The path itself, or any leading directory of it: a directory glob matches everything below.
  return match(glob, path, true);
}

}  // namespace keysnare
