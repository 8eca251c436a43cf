// Fuzz target: every report writer (report/report.h render) on findings whose fields are arbitrary
// bytes, after redact() as the CLI does. Checked:
//   - JSON and SARIF are one valid JSON document each, JSONL one valid JSON object per line
//     (json_check.h: strict RFC 8259, valid UTF-8, no raw controls);
//   - CSV is RFC 4180 with the header's column count on every record, one record per finding;
//   - text is valid UTF-8 with no control characters but '\n' (and, in colour, ESC of its own styles);
//   - no redacted field holds a secret of 8+ bytes in clear, nor any report a token-shaped one, unless it
//     also sits in a field that is printed as is (path, rule id, description, commit, notes of another
//     blob's finding…), is spelled by the report's own syntax, or holds the redaction mark "…".
// Input: FLAGS FF FF then, per finding, 14 pieces: rule id, description, severity, confidence, path,
// secret, line text (or, by a flag, prefix and suffix around the secret), note, tag, other path,
// commit id, author, email, summary (fuzz_input.h). Missing pieces are empty.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "base/text.h"
#include "csv_check.h"
#include "fuzz_input.h"
#include "json_check.h"
#include "pipeline/detector.h"
#include "report/redact.h"
#include "report/report.h"

using namespace keysnare;
using keysnare::fuzz::show;

namespace {

std::string json_inner(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Pieces in(data, size);
  const std::string_view flags = in.next();
  const auto flag = [&](std::size_t i) -> unsigned { return i < flags.size() ? static_cast<unsigned char>(flags[i]) : 0u; };
  const bool git = flag(0) & 1, color = flag(0) & 2, embed = flag(0) & 4, share_commit = flag(0) & 8;
  const std::size_t count = 1 + (flag(0) >> 4) % 3;

  std::vector<Finding> findings;
  std::shared_ptr<CommitInfo> shared;
  for (std::size_t k = 0; k < count; ++k) {
    Finding f;
    f.rule_id = in.next();
    f.description = in.next();
    f.severity = in.next();
    f.confidence = in.next();
    f.location.where.path = in.next();
    f.secret = in.next();
    if (embed) {
      const std::string_view before = in.next(), after = in.next();
      f.line_text = std::string(before) + f.secret + std::string(after);
    } else {
      f.line_text = in.next();
    }
    if (auto note = in.next(); !note.empty()) f.notes.emplace_back(note);
    if (auto tag = in.next(); !tag.empty()) f.tags.emplace_back(tag);
    const std::string_view other = in.next();
    f.fingerprint = fingerprint(f.rule_id, f.secret);
    f.entropy = shannon_entropy(f.secret);
    f.location.line = flag(1 + k) * 7 + 1;
    f.location.column = flag(4 + k) + 1;
    f.location.end_line = f.location.line;
    f.location.end_column = f.location.column + static_cast<std::uint32_t>(f.secret.size());
    if (git) {
      auto c = std::make_shared<CommitInfo>();
      c->id = in.next();
      c->author = in.next();
      c->email = in.next();
      c->summary = in.next();
      c->time = static_cast<std::int64_t>(static_cast<std::int32_t>(flag(7) << 24 | flag(8) << 16 | flag(9) << 8 | flag(10))) * 97;
      c->tz_offset_minutes = static_cast<int>(flag(11)) * 13 - 1500;
      if (share_commit && shared) c = shared;
      shared = c;
      f.location.where.kind = SourceKind::Commit;
      f.location.where.commit = c;
      f.location.where.blob_id = std::string(c->id).substr(0, 40);
    }
    if (!other.empty()) {
      Location o = f.location;
      o.where.path = other;
      f.also.push_back(o);
    }
    findings.push_back(std::move(f));
  }

  ReportInfo info;
  info.tool_version = "fuzz";
  info.git = git;
  for (const auto& f : findings) info.rules.push_back({f.rule_id, f.description, f.severity, f.tags});

  // Fields printed as they are: a secret that also sits in one is not a leak of redaction.
  std::string verbatim;
  for (const auto& f : findings) {
    for (const auto* s : {&f.rule_id, &f.description, &f.severity, &f.confidence, &f.location.where.path,
                          &f.fingerprint, &f.location.where.blob_id})
      verbatim += *s + '\x00';
    for (const auto& t : f.tags) verbatim += t + '\x00';
    for (const auto& o : f.also) verbatim += o.where.path + '\x00';
    if (const auto* c = f.location.where.commit.get()) verbatim += c->id + '\x00' + c->author + '\x00' + c->email + '\x00' + c->summary + '\x00';
  }
  // A field "shows" a secret when the secret is in it as bytes, or as some report escapes it, in any
  // form the field itself is printed in (a note holding the text "\t" prints, in the text report, what
  // the JSON report prints for a tab; a field holding "\xFF" what every report prints for byte FF).
  const auto shows = [](std::string_view field, std::string_view s) {
    const std::string fs[] = {std::string(field), printable(field), json_inner(field)};
    const std::string ss[] = {std::string(s), printable(s), json_inner(s)};
    for (const auto& f : fs)
      for (const auto& x : ss)
        if (contains(f, x)) return true;
    return false;
  };
  const auto same_blob = [](const Finding& a, const Finding& b) {
    const Provenance &x = a.location.where, &y = b.location.where;
    return x.kind == y.kind && x.path == y.path && x.blob_id == y.blob_id &&
           (x.commit ? x.commit->id : "") == (y.commit ? y.commit->id : "");
  };
  std::vector<std::string> secrets;
  for (const auto& f : findings) {
    if (f.secret.size() < 8 || shows(verbatim, f.secret)) continue;
    // Redaction marks with "…" (E2 80 A6): a secret holding one, or part of one at an end, can be
    // spelled by redacted forms and the report text around them ("=HY…" + "\x1b[0m\n    ", or
    // "number 2" + "r…" for the secret "number 2r\xE2\x80"), which reveals nothing that was secret.
    const std::string_view s = f.secret;
    if (contains(s, "\xE2\x80\xA6") || s.ends_with("\xE2") || s.ends_with("\xE2\x80") || s.starts_with("\xA6") ||
        s.starts_with("\x80\xA6"))
      continue;
    // Line texts and notes of findings in other blobs: redaction hides a blob's secrets in that
    // blob's texts only.
    bool elsewhere = false;
    for (const auto& g : findings) {
      if (g.secret == f.secret) continue;
      elsewhere = elsewhere || shows(g.secret, f.secret);
      if (same_blob(f, g)) continue;
      elsewhere = elsewhere || shows(g.line_text, f.secret);
      for (const auto& n : g.notes) elsewhere = elsewhere || shows(n, f.secret);
    }
    if (!elsewhere) secrets.push_back(f.secret);
  }

  // The reports of the same findings without any secret or line text: a secret found there is report
  // syntax or a verbatim field ("physicalLocation": {...), not a leak.
  std::vector<Finding> bare = findings;
  for (auto& f : bare) {
    f.secret.clear();
    f.line_text.clear();
    f.notes.clear();
  }
  std::string control;
  info.color = color;  // the text report's styles are syntax too
  for (Format fmt : {Format::Json, Format::Jsonl, Format::Sarif, Format::Csv, Format::Text}) control += render(fmt, bare, info);
  info.color = false;
  std::erase_if(secrets, [&](const std::string& s) {
    return contains(control, s) || contains(control, json_inner(s)) || contains(control, printable(s));
  });

  redact(findings);

  std::string why;
  const std::string json = render(Format::Json, findings, info);
  FUZZ_CHECK(fuzz::json_valid(json, &why), "JSON: " + why);
  const std::string sarif = render(Format::Sarif, findings, info);
  FUZZ_CHECK(fuzz::json_valid(sarif, &why), "SARIF: " + why);
  const std::string jsonl = render(Format::Jsonl, findings, info);
  FUZZ_CHECK(!jsonl.empty() && jsonl.back() == '\n', "JSONL does not end with a line break");
  std::size_t lines = 0;
  for (std::size_t from = 0; from < jsonl.size(); ++lines) {
    const std::size_t nl = jsonl.find('\n', from);
    FUZZ_CHECK(fuzz::json_valid(std::string_view(jsonl).substr(from, nl - from), &why), "JSONL line: " + why);
    FUZZ_CHECK(jsonl[from] == '{', "JSONL line is not an object");
    from = nl + 1;
  }
  FUZZ_CHECK(lines == findings.size(), "JSONL has " + std::to_string(lines) + " lines");

  const std::string csv = render(Format::Csv, findings, info);
  std::vector<std::size_t> widths;
  FUZZ_CHECK(fuzz::csv_records(csv, widths, &why), "CSV: " + why);
  FUZZ_CHECK(widths.size() == findings.size() + 1, "CSV has " + std::to_string(widths.size()) + " records");
  for (std::size_t w : widths) FUZZ_CHECK(w == widths[0], "CSV record with " + std::to_string(w) + " fields, header " + std::to_string(widths[0]));

  info.color = color;
  const std::string text = render(Format::Text, findings, info);
  FUZZ_CHECK(fuzz::utf8_valid(text), "text report is not valid UTF-8");
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') continue;
    if (c == 0x1B && color) {
      FUZZ_CHECK(i + 1 < text.size() && text[i + 1] == '[', "ESC not starting a style");
      continue;
    }
    FUZZ_CHECK(c >= 0x20 && c != 0x7F, "control byte in the text report at " + std::to_string(i));
  }

  // Reporters only see redacted findings, so: no secret left in any redacted field, and none in any
  // report (escaped forms are not searched in the reports: a field may hold the text "\xFF" that a
  // report prints for the byte FF; the field check covers the bytes themselves).
  for (const auto& s : secrets) {
    for (const auto& f : findings) {
      FUZZ_CHECK(!contains(f.line_text, s) && !contains(f.secret, s), "clear secret after redact(): " + show(s));
      for (const auto& n : f.notes) FUZZ_CHECK(!contains(n, s), "clear secret in a note after redact(): " + show(s));
    }
    // In the documents, only token-shaped secrets are searched: any other string can be spelled by
    // report syntax around escaped field text ("note: " + the escape of a note's bytes), while the
    // field check above already covers every byte a reporter is given.
    const bool token_shaped = std::all_of(s.begin(), s.end(), [](char ch) {
      return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' ||
             ch == '/' || ch == '=' || ch == '_' || ch == '.' || ch == '-';
    });
    if (!token_shaped) continue;
    for (const auto* doc : {&json, &sarif, &jsonl, &csv, &text})
      FUZZ_CHECK(!contains(*doc, s), "clear secret in a report: " + show(s));
  }
  return 0;
}
