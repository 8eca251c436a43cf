#include "report/redact.h"

#include <algorithm>
#include <map>
#include <memory>

#include "base/text.h"
#include "report/secret_set.h"

namespace keysnare {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// Lines of a multi-line secret shorter than this are not hidden on their own (the "AB==" a base64 body
// ends with would be hidden in every text): the spans hide them where the secret was found.
constexpr std::size_t kMinPiece = 8;

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

// line_text with each recorded span replaced by its secret's redacted prefix and "…". Spans are
// trusted only as far as they make sense: clipped to the text, overlaps merged.
std::string apply_spans(std::string_view text, const std::vector<SecretSpan>& spans) {
  if (spans.empty()) return std::string(text);
  std::string out;
  std::size_t from = 0;
  for (const SecretSpan& sp : spans) {
    const std::size_t end = std::min<std::size_t>(sp.end, text.size());
    const std::size_t start = std::max<std::size_t>(sp.start, from);
    if (start >= end) continue;
    out.append(text, from, start - from);
    const std::string_view piece = text.substr(start, end - start);
    const bool whole_start = sp.secret_start && start == sp.start;
    out.append(piece.substr(0, prefix_bytes(piece, whole_start ? redacted_prefix_chars(sp.secret_chars) : 0)));
    out += kEllipsis;
    from = end;
  }
  out.append(text, from, std::string_view::npos);
  return out;
}

// The strings to hide, each with what replaces it: a secret by its redacted form; a multi-line one
// also line by line, its first line by the redacted form and the others by "…".
struct Patterns {
  std::vector<std::string_view> texts;
  std::vector<std::string> with;
  void add(std::string_view secret) {
    if (secret.empty()) return;
    const std::string redacted = redact_secret(secret);
    texts.push_back(secret);
    with.push_back(redacted);
    if (secret.find('\n') == std::string_view::npos) return;
    bool first = true;
    for (std::string_view rest = secret; !rest.empty();) {
      std::string_view piece = rest.substr(0, rest.find('\n'));
      rest.remove_prefix(std::min(rest.size(), piece.size() + 1));
      if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
      if (piece.size() >= kMinPiece) {
        texts.push_back(piece);
        with.push_back(first ? redacted : std::string(kEllipsis));
      }
      first = false;
    }
  }
};

class Redactor {
 public:
  explicit Redactor(const Patterns& p) : p_(p), set_(p.texts) {}

  // `text` without any pattern; `fallback` when one re-forms around a redaction mark.
  std::string clean(std::string_view text, std::string_view fallback) const {
    std::string out = set_.replace(text, [&](std::size_t i) { return p_.with[i]; });
    if (set_.found_in(out)) out = fallback;
    return out;
  }

  // Everything but the secret itself, which the patterns may point into: line text, notes, commits.
  void texts(Finding& f) {
    const std::string redacted = redact_secret(f.secret);
    f.line_text = clean(apply_spans(f.line_text, f.line_secrets), redacted);
    f.line_secrets.clear();
    for (auto& note : f.notes) note = clean(note, redacted);
    commit(f.location.where);
    for (auto& l : f.also) commit(l.where);
  }

 private:
  // Commit metadata is shared between findings: each commit is redacted once, and replaced by a
  // redacted copy only if a field changed.
  void commit(Provenance& where) {
    if (!where.commit) return;
    auto [it, fresh] = commits_.try_emplace(where.commit.get());
    if (fresh) {
      it->second.first = where.commit;  // keeps the original alive, so its address is not reused
      CommitInfo c = *where.commit;
      bool changed = false;
      for (std::string* field : {&c.author, &c.email, &c.summary}) {
        std::string r = clean(*field, kEllipsis);
        if (r != *field) {
          *field = std::move(r);
          changed = true;
        }
      }
      it->second.second = changed ? std::make_shared<const CommitInfo>(std::move(c)) : where.commit;
    }
    where.commit = it->second.second;
  }

  const Patterns& p_;
  SecretSet set_;
  std::map<const CommitInfo*, std::pair<std::shared_ptr<const CommitInfo>, std::shared_ptr<const CommitInfo>>> commits_;
};

}  // namespace

std::size_t redacted_prefix_chars(std::size_t chars) { return chars < 8 ? 0 : std::min<std::size_t>(4, chars / 4); }

std::string redact_secret(std::string_view secret) {
  std::string out(secret.substr(0, prefix_bytes(secret, redacted_prefix_chars(char_count(secret)))));
  out += kEllipsis;
  return out;
}

void redact(Finding& f) {
  Patterns p;
  p.add(f.secret);
  Redactor(p).texts(f);
  f.secret = redact_secret(f.secret);
}

void redact(std::vector<Finding>& findings, const std::vector<std::string_view>& known) {
  Patterns p;
  for (std::string_view s : known) p.add(s);
  for (const auto& f : findings) p.add(f.secret);
  {
    Redactor r(p);  // points into the findings' secrets: those are redacted once it is gone
    for (auto& f : findings) r.texts(f);
  }
  for (auto& f : findings) f.secret = redact_secret(f.secret);
}

void redact(std::vector<Finding>& findings) { redact(findings, {}); }

}  // namespace keysnare
