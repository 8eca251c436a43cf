// Text: for people at a terminal, shaped like ripgrep's output. Consecutive findings in the same file
// (and, for git, the same commit) share one header line; each finding is a line with its position,
// rule, severity and secret, then the line of source that holds it:
//
//   config/app.env  commit 1a2b3c4 by Ann <ann@example.test> 2024-05-01T12:00:00+02:00 "add config"
//     3:12  stripe-secret-key  critical  secret=sk_l…
//       STRIPE_KEY=sk_l…
//
// Everything that came from scanned bytes goes through printable(), and then through a pass for the
// code points a terminal acts on that printable() keeps (C1 controls, bidirectional overrides), so a
// scanned file can neither move the cursor nor reorder what the reader sees.
#include <algorithm>
#include <cstdio>

#include "base/text.h"
#include "report/reporters.h"

namespace keysnare {
namespace {

constexpr std::size_t kMaxLineBytes = 160;  // source line shown per finding, around the secret
constexpr std::size_t kBeforeSecret = 40;   // context kept before the secret on a long line
constexpr std::size_t kMaxAlso = 5;         // further occurrences listed per finding
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// U+0080..U+009F (C1: 8-bit CSI and friends) and the bidi controls U+200E/F, U+202A..U+202E,
// U+2066..U+2069 ("Trojan Source").
bool terminal_active(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

std::string safe(std::string_view bytes) {
  const std::string p = printable(bytes);  // valid UTF-8 from here on
  std::string out;
  out.reserve(p.size());
  for (std::size_t i = 0; i < p.size();) {
    const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(p, i));
    char32_t cp = static_cast<unsigned char>(p[i]);
    if (n == 2) cp = ((cp & 0x1F) << 6) | (p[i + 1] & 0x3F);
    if (n == 3) cp = ((cp & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    if (n >= 2 && n <= 3 && terminal_active(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(p, i, n);
    }
    i += n;
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The line trimmed, and on a long line a window of about kMaxLineBytes around the (redacted) secret;
// the window's edges never split a UTF-8 sequence.
std::string excerpt(std::string_view line, std::string_view secret) {
  while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
  while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
  std::string shown;
  if (line.size() <= kMaxLineBytes) {
    shown = line;
  } else {
    std::size_t at = secret.empty() ? std::string_view::npos : line.find(secret);
    if (at == std::string_view::npos) at = 0;
    std::size_t start = at > kBeforeSecret ? at - kBeforeSecret : 0;
    std::size_t end = std::min(line.size(), start + kMaxLineBytes);
    if (end - start < kMaxLineBytes) start = end > kMaxLineBytes ? end - kMaxLineBytes : 0;
    while (start > 0 && start < line.size() && continuation(line[start])) ++start;
    while (end < line.size() && end > start && continuation(line[end])) --end;
    if (start > 0) shown += kEllipsis;
    shown += line.substr(start, end - start);
    if (end < line.size()) shown += kEllipsis;
  }
  std::replace(shown.begin(), shown.end(), '\t', ' ');  // indentation inside the line, not \x09
  return safe(shown);
}

struct Style {
  bool on;
  std::string wrap(std::string_view code, std::string_view s) const {
    if (!on) return std::string(s);
    return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
  }
};

std::string_view severity_colour(std::string_view severity) {
  if (severity == "critical") return "1;31";
  if (severity == "high") return "31";
  if (severity == "medium") return "33";
  if (severity == "low") return "36";
  return "2";
}

std::string commit_line(const CommitInfo& c) {
  std::string s = "commit " + short_id(c.id) + " by " + c.author;
  if (!c.email.empty()) s += " <" + c.email + ">";
  s += " " + iso8601(c);
  if (!c.summary.empty()) s += " \"" + c.summary + "\"";
  return s;
}

std::string header(const Provenance& where, const Style& st) {
  std::string h = st.wrap("35", safe(where.path.empty() ? std::string(source_kind_name(where.kind)) : where.path));
  if (where.commit)
    h += "  " + st.wrap("33", safe(commit_line(*where.commit)));
  else if (where.kind == SourceKind::Staged)
    h += "  " + st.wrap("33", "(staged)");
  return h;
}

bool same_group(const Provenance& a, const Provenance& b) {
  if (a.kind != b.kind || a.path != b.path) return false;
  const std::string_view ca = a.commit ? std::string_view(a.commit->id) : "";
  const std::string_view cb = b.commit ? std::string_view(b.commit->id) : "";
  return ca == cb;
}

std::string where_short(const Location& l) {
  std::string s = l.where.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  if (l.where.commit) s += " (commit " + short_id(l.where.commit->id) + ")";
  return s;
}

}  // namespace

std::string render_text(const std::vector<Finding>& findings, const ReportInfo& info) {
  const Style st{info.color};
  std::string out;
  const Provenance* group = nullptr;
  for (const Finding& f : findings) {
    const Location& loc = f.location;
    if (!group || !same_group(*group, loc.where)) {
      if (group) out += '\n';
      out += header(loc.where, st) + '\n';
      group = &loc.where;
    }
    out += "  " + st.wrap("32", std::to_string(loc.line) + ":" + std::to_string(loc.column));
    out += "  " + st.wrap("1", safe(f.rule_id));
    out += "  " + st.wrap(severity_colour(f.severity), safe(f.severity));
    out += "  " + safe(f.confidence);
    out += "  secret=" + st.wrap("1;31", safe(f.secret));
    if (!f.provider.empty()) out += "  provider=" + safe(f.provider);
    if (!f.structure.empty()) out += "  (" + safe(f.structure) + ")";
    out += '\n';
    if (!f.line_text.empty()) {
      // The secret's first line is what the line holds (a private key block starts there).
      const std::string_view secret = std::string_view(f.secret).substr(0, f.secret.find('\n'));
      out += "    " + excerpt(f.line_text, secret) + '\n';
    }
    for (const auto& note : f.notes) out += "    " + st.wrap("2", "note: " + safe(note)) + '\n';
    for (std::size_t i = 0; i < f.also.size() && i < kMaxAlso; ++i)
      out += "    " + st.wrap("2", "also: " + safe(where_short(f.also[i]))) + '\n';
    if (f.also.size() > kMaxAlso)
      out += "    " + st.wrap("2", "also: " + std::to_string(f.also.size() - kMaxAlso) + " more") + '\n';
  }
  return out;
}

}  // namespace keysnare
