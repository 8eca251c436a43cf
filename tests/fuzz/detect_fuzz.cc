// Fuzz target: the matcher and detector with every default rule on arbitrary bytes (what `keysnare
// dir` does to each file after reading it: UTF-16 transcoding, then Hyperscan, RE2 confirmation,
// overlap resolution, filters and validators, line/column, line_text), then redaction and the JSON
// report. Checked for each finding, against a naive recomputation:
//   - the secret sits in the blob exactly at its line and column (characters = UTF-8 lead bytes);
//   - end_line/end_column agree with the secret's bytes; line_text is the line or a window of it;
//   - the fingerprint is fingerprint(rule, secret); findings come in position order;
//   - line_secrets are sorted, disjoint, inside line_text and cover the finding's own secret; every
//     reported secret is in the run's known secrets;
//   - the per-blob cap keeps exactly the first N findings and counts the rest;
//   - after redact(), no clear secret of 8+ bytes is left in any line text or note of the blob, and the
//     JSON report parses.
// Input: raw bytes; or, when the first byte is 0x01, bytes in which "\x01 HI LO" is replaced by the
// text of positive rule example number (HI*256+LO) modulo their count, so the fuzzer reaches every
// rule's confirmation code without any token-shaped string in the committed corpus.
#include <algorithm>
#include <string>
#include <vector>

#include "base/text.h"
#include "fuzz_input.h"
#include "json_check.h"
#include "pipeline/detector.h"
#include "report/redact.h"
#include "report/report.h"
#include "ruleset/default_rules.h"

using namespace keysnare;
using keysnare::fuzz::show;

namespace {

struct State {
  DetectionSetup setup;
  std::unique_ptr<Detector> detector;
  std::unique_ptr<Detector> capped;
  std::vector<std::string> examples;
  ReportInfo info;
};

State& state() {
  static State* s = [] {
    auto* st = new State;
    std::vector<Rule> rules = default_rules_fast();
    auto filters = Filters::build(rules, {});
    if (!filters) fuzz::check_failed(__FILE__, __LINE__, "filters", filters.error());
    auto db = Database::build(rules, {});
    if (!db) fuzz::check_failed(__FILE__, __LINE__, "database", db.error());
    st->setup = {*db, *filters};
    auto d = Detector::create(st->setup);
    auto c = Detector::create(st->setup);
    if (!d || !c) fuzz::check_failed(__FILE__, __LINE__, "detector", "create failed");
    st->detector = std::move(*d);
    st->capped = std::move(*c);
    st->capped->set_max_findings(2);
    auto full = load_default_rules();
    if (!full) fuzz::check_failed(__FILE__, __LINE__, "default rules", full.error());
    for (const auto& r : *full)
      for (const auto& ex : r.examples) st->examples.push_back(ex.text);
    for (const auto& r : (*db)->rules()) st->info.rules.push_back({r.id, r.description, r.severity, r.tags});
    st->info.tool_version = "fuzz";
    return st;
  }();
  return *s;
}

std::string expand(std::string_view in, const std::vector<std::string>& examples) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\x01' && i + 2 < in.size() && !examples.empty()) {
      const std::size_t k = (static_cast<unsigned char>(in[i + 1]) << 8 | static_cast<unsigned char>(in[i + 2]));
      out += examples[k % examples.size()];
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t chars(std::string_view s, std::size_t from, std::size_t to) {
  std::size_t n = 0;
  for (std::size_t i = from; i < to; ++i) n += !continuation(s[i]);
  return n;
}

// Offset of finding `f` in `text`, found naively from its line and column; npos if it is not there.
std::size_t locate(std::string_view text, const std::vector<std::size_t>& starts, const Finding& f) {
  const std::size_t line = f.location.line;
  FUZZ_CHECK(line >= 1 && line <= starts.size(), "line out of range: " + std::to_string(line));
  const std::size_t from = starts[line - 1];
  const std::size_t to = line < starts.size() ? starts[line] : text.size();
  std::size_t column = 1;  // of position p
  for (std::size_t p = from; p <= to && p < text.size(); column += !continuation(text[p]), ++p)
    if (column == f.location.column && text.substr(p, f.secret.size()) == f.secret) return p;
  return std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)state();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  State& st = state();
  std::string blob(reinterpret_cast<const char*>(data), size);
  if (!blob.empty() && blob[0] == '\x01') blob = expand(std::string_view(blob).substr(1), st.examples);
  transcode_utf16(blob);  // as the pipeline does (binary sniffing aside: the detector must cope anyway)

  Provenance where;
  where.path = "fuzz/input.txt";
  st.setup.known->clear();  // the run's known secrets: this input's only
  std::vector<Finding> found;
  FUZZ_CHECK(st.detector->detect(blob, where, nullptr, found).ok(), "detect failed");

  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < blob.size(); ++i)
    if (blob[i] == '\n') starts.push_back(i + 1);

  std::size_t last_offset = 0;
  for (const Finding& f : found) {
    FUZZ_CHECK(!f.secret.empty(), "empty secret from " + f.rule_id);
    const std::size_t at = locate(blob, starts, f);
    FUZZ_CHECK(at != std::string_view::npos, f.rule_id + ": secret not at line " + std::to_string(f.location.line) +
                                                  " column " + std::to_string(f.location.column));
    FUZZ_CHECK(at >= last_offset, "findings out of order");
    last_offset = at;
    const std::size_t end = at + f.secret.size();
    const std::size_t breaks = std::count(f.secret.begin(), f.secret.end() - 1, '\n');
    FUZZ_CHECK(f.location.end_line == f.location.line + breaks, "end_line wrong for " + f.rule_id);
    const std::size_t end_start = starts[f.location.end_line - 1];
    FUZZ_CHECK(f.location.end_column == chars(blob, end_start, end) + 1, "end_column wrong for " + f.rule_id);
    // line_text: the secret's line without its break (and a '\r' before it), or a window of it.
    const std::size_t ls = starts[f.location.line - 1];
    std::size_t le = blob.find('\n', ls);
    if (le == std::string::npos) le = blob.size();
    std::string_view line = std::string_view(blob).substr(ls, le - ls);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() <= 2 * Detector::kLineContext + f.secret.size())
      FUZZ_CHECK(f.line_text == line, "line_text is not the line");
    else
      FUZZ_CHECK(line.find(f.line_text) != std::string_view::npos && f.line_text.size() < line.size(),
                 "line_text is not a window of the line");
    FUZZ_CHECK(f.fingerprint == fingerprint(f.rule_id, f.secret), "fingerprint mismatch");
    // Spans: sorted, disjoint, inside line_text; the finding's own secret (its part on this line) is
    // covered by one of them.
    std::size_t prev_end = 0;
    bool own = false;
    // Where the secret starts in line_text: the window starts kLineContext bytes before it on a long line.
    const bool windowed = line.size() > 2 * Detector::kLineContext + f.secret.size();
    const std::size_t from = windowed && at > ls + Detector::kLineContext ? at - Detector::kLineContext : ls;
    const std::size_t own_at = at - from;
    for (const SecretSpan& sp : f.line_secrets) {
      FUZZ_CHECK(sp.start < sp.end && sp.end <= f.line_text.size(), "span outside line_text");
      FUZZ_CHECK(sp.start >= prev_end, "spans overlap or are out of order");
      prev_end = sp.end;
      own = own || (own_at != std::string::npos && sp.start <= own_at && own_at < sp.end);
    }
    FUZZ_CHECK(own, f.rule_id + ": no span covers the finding's own secret");
  }
  // Every reported secret is known to the run.
  const auto known = st.setup.known->view();
  for (const Finding& f : found)
    FUZZ_CHECK(std::find(known.begin(), known.end(), std::string_view(f.secret)) != known.end(),
               "a reported secret is not in the run's known secrets");

  // The cap keeps the first findings and counts the others.
  std::vector<Finding> capped;
  const auto over_before = st.capped->drops().over_limit;
  FUZZ_CHECK(st.capped->detect(blob, where, nullptr, capped).ok(), "capped detect failed");
  const std::size_t want = std::min<std::size_t>(found.size(), 2);
  FUZZ_CHECK(capped.size() == want, "cap kept " + std::to_string(capped.size()) + ", want " + std::to_string(want));
  FUZZ_CHECK(st.capped->drops().over_limit - over_before == found.size() - want, "over_limit miscounted");
  for (std::size_t i = 0; i < want; ++i)
    FUZZ_CHECK(capped[i].fingerprint == found[i].fingerprint && capped[i].location.line == found[i].location.line &&
                   capped[i].location.column == found[i].location.column,
               "cap kept a different finding");

  // Redaction: no secret of 8+ bytes left in clear in any line text or note of the blob (its own, a
  // neighbour's on the same line, or an unmatched copy elsewhere), unless it holds the redaction mark.
  std::vector<Finding> red = found;
  redact(red, known);
  for (const Finding& f : found) {
    if (f.secret.size() < 8 || f.secret.find("\xE2\x80\xA6") != std::string::npos) continue;
    for (const Finding& g : red) {
      FUZZ_CHECK(g.line_text.find(f.secret) == std::string::npos,
                 "clear " + f.rule_id + " secret (line " + std::to_string(f.location.line) + ") in the line_text of " +
                     g.rule_id + " at line " + std::to_string(g.location.line));
      FUZZ_CHECK(g.secret.find(f.secret) == std::string::npos, "clear secret in a redacted secret");
      for (const auto& n : g.notes) FUZZ_CHECK(n.find(f.secret) == std::string::npos, "clear secret in a note");
    }
  }
  std::string why;
  const std::string json = render(Format::Json, red, st.info);
  FUZZ_CHECK(fuzz::json_valid(json, &why), "JSON report invalid: " + why);
  return 0;
}
