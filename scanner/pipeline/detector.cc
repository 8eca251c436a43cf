#include "pipeline/detector.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/text.h"
#include "filters/credential_value.h"

namespace keysnare {
namespace {

// Which rule keeps a secret two rules matched: higher confidence first (validators on a medium or high
// rule count as high); on equal confidence a
// provider rule beats one tagged `generic` (a keyword-anchored provider rule and the generic password
// rule are both "low", but the provider rule says what the secret is).
int precedence(const Rule& r) {
  // A rule with validators verifies structure, so it ranks as high before its validators run: if
  // they reject the secret, the span is not handed to a vaguer rule. A rule declared low stays low
  // (filters.cc), so a validated catch-all never takes a secret from a provider rule.
  const int c = r.confidence == "high" || (!r.validators.empty() && r.confidence != "low") ? 2
                : r.confidence == "medium"                                              ? 1
                                                                                        : 0;
  const bool generic = std::find(r.tags.begin(), r.tags.end(), "generic") != r.tags.end();
  return 2 * c + (generic ? 0 : 1);
}

// Characters (UTF-8 code points; invalid bytes count one each) in [from, to).
std::uint32_t count_chars(std::string_view s, std::size_t from, std::size_t to) {
  std::uint32_t n = 0;
  for (std::size_t i = from; i < to; ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

// Walks forward through the buffer keeping the line and column of `pos`; positions must not decrease.
// Everything is incremental (the column counts only the bytes since the last position, the line's end
// is found once per line), so a blob costs linear time however many matches share one long line.
class LineCursor {
 public:
  explicit LineCursor(std::string_view s) : s_(s) {}
  void advance_to(std::size_t pos) {
    while (true) {
      const void* nl = std::memchr(s_.data() + scanned_, '\n', pos - scanned_);
      if (!nl) break;
      const std::size_t at = static_cast<const char*>(nl) - s_.data();
      ++line_;
      line_start_ = at + 1;
      scanned_ = at + 1;
      chars_ = 0;
    }
    chars_ += count_chars(s_, scanned_, pos);
    scanned_ = pos;
  }
  std::uint32_t line() const { return line_; }
  std::size_t line_start() const { return line_start_; }
  // 1-based column of the current position, in characters.
  std::uint32_t column() const { return chars_ + 1; }
  // The whole current line, without its line break (and a '\r' before it).
  std::string_view line_text() {
    if (line_end_for_ != line_start_) {
      std::size_t end = s_.find('\n', line_start_);
      line_end_ = end == std::string_view::npos ? s_.size() : end;
      line_end_for_ = line_start_;
    }
    std::string_view line = s_.substr(line_start_, line_end_ - line_start_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

 private:
  std::string_view s_;
  std::size_t scanned_ = 0;
  std::size_t line_start_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t chars_ = 0;  // characters in [line_start_, scanned_)
  std::size_t line_end_ = 0;
  std::size_t line_end_for_ = SIZE_MAX;  // the line_start_ that line_end_ belongs to
};

// The secrets the filters kept in a blob, overlapping ones merged: disjoint, sorted by position.
struct KeptSpan {
  std::size_t start, end;
  std::size_t first_end;  // end of the first secret merged into it (its length gives the redaction)
};

// The kept secrets inside [from, to) of the blob, in line_text coordinates (line_text = bytes[from, to)).
std::vector<SecretSpan> spans_within(const std::vector<KeptSpan>& kept, std::string_view bytes, std::size_t from,
                                     std::size_t to) {
  std::vector<SecretSpan> out;
  auto it = std::partition_point(kept.begin(), kept.end(), [&](const KeptSpan& k) { return k.end <= from; });
  for (; it != kept.end() && it->start < to; ++it) {
    const std::size_t a = std::max(it->start, from), b = std::min(it->end, to);
    if (a >= b) continue;
    SecretSpan sp;
    sp.start = static_cast<std::uint32_t>(a - from);
    sp.end = static_cast<std::uint32_t>(b - from);
    sp.secret_chars = count_chars(bytes, it->start, it->first_end);
    sp.secret_start = it->start >= from;
    out.push_back(sp);
  }
  return out;
}

}  // namespace

void DropCounts::add(const DropCounts& o) {
  for (std::size_t i = 0; i < by_verdict.size(); ++i) by_verdict[i] += o.by_verdict[i];
  outside_added_lines += o.outside_added_lines;
  overlapped += o.overlapped;
  over_limit += o.over_limit;
}

Result<std::unique_ptr<Detector>> Detector::create(const DetectionSetup& setup) {
  auto m = Matcher::create(setup.db);
  if (!m) return Error{m.error()};
  return std::unique_ptr<Detector>(new Detector(setup, std::move(*m)));
}

Status Detector::detect(std::string_view bytes, const Provenance& where, const LineRanges* added,
                        std::vector<Finding>& out, int only_rule) {
  matches_.clear();
  if (auto st = matcher_->scan(bytes, matches_, only_rule); !st) return st;
  if (matches_.empty()) return ok_status();
  const auto& rules = setup_.db->rules();

  // Filters first, then one secret, one finding. Every match is judged on its own (inline marker,
  // allowlists, placeholder, entropy, validators); only the survivors compete for a span. So a token
  // that one rule rejects (a ghp_ token failing its checksum, an sk-ant- key of an unexpected length)
  // is still reported by another rule that accepts it — the provider's family rule at low confidence,
  // or a user's own rule — instead of being hidden by the rule that rejected it.
  struct Judged {
    Decision decision;
    std::uint32_t line = 0, end_line = 0;
    std::uint32_t column = 0, end_column = 0;
    std::size_t line_start = 0;
    std::string_view line_text;
  };
  std::vector<Judged> judged(matches_.size());
  std::vector<bool> drop(matches_.size(), false);
  LineCursor cursor(bytes);
  // Whether the line at `marked_line_start` carries the inline marker, worked out once per line.
  std::size_t marked_line_start = SIZE_MAX;
  bool line_marked = false;
  for (std::size_t i = 0; i < matches_.size(); ++i) {
    const Match& m = matches_[i];
    Judged& j = judged[i];
    cursor.advance_to(m.secret_start);
    j.line = cursor.line();
    j.line_start = cursor.line_start();
    j.line_text = cursor.line_text();
    j.column = cursor.column();
    // The end position (multi-line secrets) without moving the shared cursor: copying it costs the
    // secret's length, not the line's.
    LineCursor end_cursor = cursor;
    const std::size_t last = m.secret_end > m.secret_start ? m.secret_end - 1 : m.secret_start;
    end_cursor.advance_to(last);
    j.end_line = end_cursor.line();
    j.end_column = end_cursor.column() + count_chars(bytes, last, m.secret_end);
    const std::string_view end_line_text = j.end_line == j.line ? j.line_text : end_cursor.line_text();
    if (marked_line_start != j.line_start) {
      marked_line_start = j.line_start;
      line_marked = j.line_text.find(kInlineAllowMarker) != std::string_view::npos;
    }
    if (added) {
      bool any = false;
      for (std::uint32_t l = j.line; l <= j.end_line && !any; ++l) any = added->contains(l);
      if (!any) {
        ++drops_.outside_added_lines;
        drop[i] = true;
        continue;
      }
    }
    const std::string_view secret = bytes.substr(m.secret_start, m.secret_end - m.secret_start);
    Candidate c{m.rule, secret, j.line_text, end_line_text, where.path};
    if (m.key_end > m.key_start) c.key = bytes.substr(m.key_start, m.key_end - m.key_start);
    const char before = m.secret_start > 0 ? bytes[m.secret_start - 1] : 0;
    c.quote = before == '"' || before == '\'' || before == '`' ? before : 0;
    c.marked = line_marked ||
               (j.end_line != j.line && end_line_text.find(kInlineAllowMarker) != std::string_view::npos);
    j.decision = setup_.filters->decide(c);
    if (j.decision.verdict != Verdict::Keep) {
      ++drops_.by_verdict[static_cast<std::size_t>(j.decision.verdict)];
      drop[i] = true;
    }
  }

  // Every secret the filters kept, before overlaps are resolved and the cap applies: each is hidden in
  // the line_text of every finding that shows it (line_secrets), and wherever else it appears in the
  // report (known), whether or not it is reported itself.
  std::vector<KeptSpan> kept;
  std::vector<std::string_view> kept_secrets;
  for (std::size_t i = 0; i < matches_.size(); ++i) {
    const Match& m = matches_[i];
    if (drop[i] || m.secret_end <= m.secret_start) continue;
    kept_secrets.push_back(bytes.substr(m.secret_start, m.secret_end - m.secret_start));
    if (!kept.empty() && m.secret_start < kept.back().end)
      kept.back().end = std::max<std::size_t>(kept.back().end, m.secret_end);
    else
      kept.push_back({m.secret_start, m.secret_end, m.secret_end});
  }
  if (setup_.known) setup_.known->add(kept_secrets);

  // A surviving match whose secret overlaps a survivor of a rule with higher precedence goes; on equal
  // precedence the rule listed first keeps it (the structure rules of generic.yaml overlap by design:
  // `"password": "x"` is a JSON key and an assignment; one secret, one finding).
  for (std::size_t i = 0; i < matches_.size(); ++i) {
    if (drop[i]) continue;
    for (std::size_t j = i + 1; j < matches_.size() && matches_[j].secret_start < matches_[i].secret_end; ++j) {
      if (drop[j]) continue;
      const Match& a = matches_[i];
      const Match& b = matches_[j];
      const int ra = precedence(rules[a.rule]);
      const int rb = precedence(rules[b.rule]);
      if (ra > rb) {
        drop[j] = true;
        ++drops_.overlapped;
      } else if (rb > ra) {
        drop[i] = true;
        ++drops_.overlapped;
        break;
      } else {
        const bool drop_j = a.rule < b.rule;
        drop[drop_j ? j : i] = true;
        ++drops_.overlapped;
        if (!drop_j) break;
      }
    }
  }

  std::size_t built = 0;  // findings built by this call (max_findings_)
  for (std::size_t i = 0; i < matches_.size(); ++i) {
    if (drop[i]) continue;
    const Match& m = matches_[i];
    const Rule& rule = rules[m.rule];
    Judged& j = judged[i];
    Decision& d = j.decision;
    const std::string_view secret = bytes.substr(m.secret_start, m.secret_end - m.secret_start);
    const std::size_t line_start = j.line_start;
    const std::string_view line_text = j.line_text;
    if (max_findings_ != 0 && built >= max_findings_) {
      ++drops_.over_limit;  // a real finding: counted and reported as such, not built
      continue;
    }
    ++built;
    Finding f;
    f.rule_id = rule.id;
    f.description = rule.description;
    f.severity = rule.severity;
    f.confidence = std::move(d.confidence);
    f.tags = rule.tags;
    f.structure = structure_for(rule.structure, where.path);
    if (m.key_end > m.key_start)
      f.provider = provider_from_identifier(bytes.substr(m.key_start, m.key_end - m.key_start));
    else if (rule.tags.size() >= 2 && rule.tags[0] != "generic")
      f.provider = rule.tags[1];
    f.secret.assign(secret);
    f.entropy = shannon_entropy(secret);
    f.fingerprint = setup_.fingerprints ? (*setup_.fingerprints)(rule.id, secret) : fingerprint(rule.id, secret);
    f.notes = std::move(d.notes);
    // Keep the line, or a window around the secret on very long lines.
    std::size_t from = line_start, to = line_start + line_text.size();
    if (line_text.size() > 2 * kLineContext + secret.size()) {
      from = m.secret_start > line_start + kLineContext ? m.secret_start - kLineContext : line_start;
      to = std::min<std::size_t>(to, std::max<std::size_t>(m.secret_end, m.secret_start) + kLineContext);
      if (to < from) to = from;
    }
    f.line_text.assign(bytes.substr(from, to - from));
    f.line_secrets = spans_within(kept, bytes, from, to);
    f.location.where = where;
    f.location.line = j.line;
    f.location.column = j.column;
    f.location.end_line = j.end_line;
    f.location.end_column = j.end_column;
    out.push_back(std::move(f));
  }
  return ok_status();
}

}  // namespace keysnare
