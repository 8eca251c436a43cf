#include "report/redact.h"

#include <algorithm>

#include "base/text.h"

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

std::string redact_secret(std::string_view secret) {
  const std::size_t keep = std::min<std::size_t>(4, char_count(secret) / 4);
  std::string out(secret.substr(0, prefix_bytes(secret, keep)));
  out += kEllipsis;
  return out;
}

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
  f.secret = redacted;
}

void redact(std::vector<Finding>& findings) {
  for (auto& f : findings) redact(f);
}

}  // namespace keysnare
