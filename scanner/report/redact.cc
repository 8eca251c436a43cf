#include "report/redact.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "base/text.h"
#include "report/secret_set.h"

namespace keysnare {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// Characters are UTF-8 code points; an invalid byte counts as one character, so a prefix never ends
// inside a sequence and the redacted form stays valid UTF-8 whenever the secret was.
std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) i += std::max<std::size_t>(1, utf8_sequence_length(s, i));
  return n;
}

std::size_t prefix_bytes(std::string_view s, std::size_t chars) {
  std::size_t i = 0;
  for (; i < s.size() && chars > 0; --chars) i += std::max<std::size_t>(1, utf8_sequence_length(s, i));
  return std::min(i, s.size());
}

// The secret's part on its first line: a private key block reports the line of its BEGIN marker.
std::string_view first_line(std::string_view secret) {
  std::string_view line = secret.substr(0, secret.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void replace_all(std::string& text, std::string_view needle, std::string_view with) {
  if (needle.empty()) return;
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(needle, from)) != std::string::npos; from = at + needle.size()) {
    out.append(text, from, at - from);
    out.append(with);
  }
  if (from == 0) return;
  out.append(text, from, std::string::npos);
  text = std::move(out);
}

// Columns on a finding's first line: where its secret starts, and where it ends if it ends there.
using ColumnFn = std::uint64_t (*)(const Location&);
std::uint64_t start_column(const Location& l) { return l.column; }
std::uint64_t end_column_on_line(const Location& l) { return l.end_line == l.line ? l.end_column : UINT32_MAX; }

std::string redact_secret_impl(std::string_view secret) {
  const std::size_t keep = std::min<std::size_t>(4, char_count(secret) / 4);
  std::string out(secret.substr(0, prefix_bytes(secret, keep)));
  out += kEllipsis;
  return out;
}

// Below this many bytes, a piece of the secret cut by the line's edge is not worth hiding: the
// redacted form shows up to 4 characters anyway.
constexpr std::size_t kMinCutPiece = 8;

// line_text may be shortened around the secret on very long lines, which can cut the secret itself:
// hide a piece of it that the cut left at either edge, or a line that lies wholly inside the secret.
void redact_cut_pieces(std::string& text, std::string_view secret, std::string_view with) {
  if (secret.size() <= kMinCutPiece) return;  // short secrets are only ever whole in the line
  if (text.size() >= kMinCutPiece && secret.find(text) != std::string_view::npos) {
    text = std::string(with);
    return;
  }
  // Longest suffix of text that is a proper prefix of the secret.
  for (std::size_t n = std::min(text.size(), secret.size() - 1); n >= kMinCutPiece; --n) {
    if (std::string_view(text).substr(text.size() - n) == secret.substr(0, n)) {
      text.replace(text.size() - n, n, with);
      break;
    }
  }
  // Longest prefix of text that is a proper suffix of the secret.
  for (std::size_t n = std::min(text.size(), secret.size() - 1); n >= kMinCutPiece; --n) {
    if (std::string_view(text).substr(0, n) == secret.substr(secret.size() - n)) {
      text.replace(0, n, with);
      break;
    }
  }
}

}  // namespace

std::string redact_secret(std::string_view secret) { return redact_secret_impl(secret); }

void redact(Finding& f) {
  const std::string redacted = redact_secret(f.secret);
  const std::string_view line = first_line(f.secret);
  replace_all(f.line_text, f.secret, redacted);  // whole first: a multi-line secret may sit whole
  replace_all(f.line_text, line, redacted);
  redact_cut_pieces(f.line_text, line, redacted);
  // Validator notes describe the secret; none should quote it, but a note must not undo redaction.
  for (auto& note : f.notes) {
    replace_all(note, f.secret, redacted);
    replace_all(note, line, redacted);
  }
  // A secret holding "…" can re-form from its redacted prefix and the bytes that follow it (found by
  // tests/fuzz secret target); such a line or note is replaced by the redacted secret alone.
  const auto leaks = [&](std::string_view text) {
    return (!f.secret.empty() && text.find(f.secret) != std::string_view::npos) ||
           (line.size() >= kMinCutPiece && text.find(line) != std::string_view::npos);
  };
  if (leaks(f.line_text)) f.line_text = redacted;
  for (auto& note : f.notes)
    if (leaks(note)) note = redacted;
  f.secret = redacted;
}

void redact(std::vector<Finding>& findings) {
  // A line_text (and a note) can show secrets other than its finding's own: two tokens on one line,
  // the same token again where no rule matched it (glued to other text), the last line of a key block
  // followed by another token. So within each blob every line_text and note loses every secret of
  // that blob (and every line of a multi-line one), in one pass over the texts (SecretSet); then a
  // neighbour on the same line cut by the window's edge is hidden too, and finally the finding's own
  // secret as redact(Finding&) does. Findings are grouped by blob; the cost is linear in the texts
  // plus the neighbours within each window's width.
  struct Blob {
    std::vector<std::size_t> ids;
    std::map<std::uint32_t, std::vector<std::size_t>> lines;  // line -> its findings
  };
  std::map<std::tuple<SourceKind, std::string_view, std::string_view, std::string_view>, Blob> blobs;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Location& l = findings[i].location;
    const Provenance& w = l.where;
    Blob& b = blobs[{w.kind, w.path, w.commit ? std::string_view(w.commit->id) : std::string_view(), w.blob_id}];
    b.ids.push_back(i);
    b.lines[l.line].push_back(i);
  }
  std::vector<std::string> redacted(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) redacted[i] = redact_secret_impl(findings[i].secret);

  for (auto& [blob_id, blob] : blobs) {
    if (blob.ids.size() < 2) continue;
    // Every secret of the blob and each line of 8+ bytes of a multi-line one, replaced by the
    // secret's redacted form.
    std::vector<std::string_view> patterns;
    std::vector<std::size_t> owner;
    for (std::size_t i : blob.ids) {
      const std::string& s = findings[i].secret;
      if (s.empty()) continue;
      patterns.push_back(s);
      owner.push_back(i);
      if (s.find('\n') == std::string::npos) continue;
      for (std::string_view rest = s; !rest.empty();) {
        std::string_view piece = rest.substr(0, rest.find('\n'));
        rest.remove_prefix(std::min(rest.size(), piece.size() + 1));
        if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
        if (piece.size() < kMinCutPiece) continue;
        patterns.push_back(piece);
        owner.push_back(i);
      }
    }
    const SecretSet set(patterns);
    const auto with = [&](std::size_t p) { return redacted[owner[p]]; };
    for (std::size_t i : blob.ids) {
      Finding& f = findings[i];
      f.line_text = set.replace(f.line_text, with);
      for (auto& note : f.notes) note = set.replace(note, with);
    }
    // Neighbours on the same line that the window's edge cuts: only those whose secret starts or
    // ends within the window's width (in characters) of the finding's own column can be at its edges.
    for (auto& entry : blob.lines) {
      std::vector<std::size_t>& ids = entry.second;  // (not a structured binding: lambdas capture it)
      if (ids.size() < 2) continue;
      const auto by = [&](ColumnFn key) {
        std::vector<std::size_t> v = ids;
        std::stable_sort(v.begin(), v.end(),
                         [&](std::size_t a, std::size_t b) { return key(findings[a].location) < key(findings[b].location); });
        return v;
      };
      const std::vector<std::size_t> by_start = by(start_column), by_end = by(end_column_on_line);
      std::vector<std::size_t> near;
      for (std::size_t i : ids) {
        const std::uint64_t width = char_count(findings[i].line_text) + 1;
        const std::uint64_t c = start_column(findings[i].location);
        const std::uint64_t from = c > width ? c - width : 0, to = c + width;
        near.clear();
        using Index = std::pair<const std::vector<std::size_t>*, ColumnFn>;
        for (const Index& index : {Index{&by_start, start_column}, Index{&by_end, end_column_on_line}}) {
          const std::vector<std::size_t>* sorted = index.first;
          const ColumnFn key = index.second;
          auto it = std::lower_bound(sorted->begin(), sorted->end(), from,
                                     [&](std::size_t a, std::uint64_t v) { return key(findings[a].location) < v; });
          for (; it != sorted->end() && key(findings[*it].location) <= to; ++it)
            if (*it != i) near.push_back(*it);
        }
        std::sort(near.begin(), near.end());
        near.erase(std::unique(near.begin(), near.end()), near.end());
        for (std::size_t j : near) redact_cut_pieces(findings[i].line_text, first_line(findings[j].secret), redacted[j]);
      }
    }
    // Every occurrence is gone; one left re-formed around a redacted "…" (a secret holding one): then
    // no line at all.
    for (std::size_t i : blob.ids)
      if (set.found_in(findings[i].line_text)) findings[i].line_text.clear();
  }
  for (auto& f : findings) redact(f);
}

}  // namespace keysnare
