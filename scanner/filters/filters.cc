#include "filters/filters.h"

#include "base/glob.h"
#include "base/text.h"
#include "filters/placeholder.h"

namespace keysnare {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Keep: return "kept";
    case Verdict::InlineAllow: return "inline keysnare:allow marker";
    case Verdict::Allowlisted: return "allowlisted";
    case Verdict::Placeholder: return "placeholder";
    case Verdict::LowEntropy: return "entropy below the rule's minimum";
    case Verdict::Invalid: return "failed validation";
  }
  return "?";
}

Result<Filters::CompiledAllowlist> Filters::compile(const Allowlist& a, const std::string& where) {
  CompiledAllowlist c;
  c.paths = a.paths;
  RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingLatin1);
  for (const auto& s : a.secrets) {
    auto re = std::make_unique<RE2>(s, o);
    if (!re->ok()) return Error{where + "allowlist secret regex '" + s + "': " + re->error()};
    c.secrets.push_back(std::move(re));
  }
  for (const auto& w : a.stopwords) c.stopwords.push_back(ascii_lower(w));
  return c;
}

bool Filters::CompiledAllowlist::covers(std::string_view path, std::string_view secret,
                                        std::string_view secret_lower) const {
  for (const auto& g : paths)
    if (path_glob_match(g, path)) return true;
  for (const auto& re : secrets)
    if (RE2::PartialMatch(re2::StringPiece(secret.data(), secret.size()), *re)) return true;
  for (const auto& w : stopwords)
    if (!w.empty() && secret_lower.find(w) != std::string_view::npos) return true;
  return false;
}

Result<std::shared_ptr<const Filters>> Filters::build(const std::vector<Rule>& rules,
                                                      const Allowlist& global) {
  auto f = std::make_shared<Filters>();
  auto g = compile(global, "configuration: ");
  if (!g) return Error{g.error()};
  f->global_ = std::move(*g);
  f->fingerprints_.insert(global.fingerprints.begin(), global.fingerprints.end());
  for (const auto& r : rules) {
    const std::string where = r.spot.file + ":" + std::to_string(r.spot.line) + ": rule " + r.id + ": ";
    auto a = compile(r.allowlist, where);
    if (!a) return Error{a.error()};
    f->per_rule_.push_back(std::move(*a));
    std::vector<ValidatorFn> fns;
    for (const auto& name : r.validators) {
      ValidatorFn fn = find_validator(name);
      if (!fn) return Error{where + "unknown validator '" + name + "'"};
      fns.push_back(fn);
    }
    f->validators_.push_back(std::move(fns));
    f->min_entropy_.push_back(r.min_entropy);
    f->confidence_.push_back(r.confidence);
  }
  return std::shared_ptr<const Filters>(std::move(f));
}

bool Filters::path_allowed(std::string_view path) const {
  for (const auto& g : global_.paths)
    if (path_glob_match(g, path)) return true;
  return false;
}

Decision Filters::decide(const Candidate& c) const {
  Decision d;
  const bool marked = c.marked ? *c.marked
                               : c.line.find(kInlineAllowMarker) != std::string_view::npos ||
                                     c.end_line.find(kInlineAllowMarker) != std::string_view::npos;
  if (marked) {
    d.verdict = Verdict::InlineAllow;
    return d;
  }
  const std::string lower = ascii_lower(c.secret);
  if (global_.covers(c.path, c.secret, lower) || per_rule_[c.rule].covers(c.path, c.secret, lower)) {
    d.verdict = Verdict::Allowlisted;
    return d;
  }
  if (looks_placeholder(c.secret)) {
    d.verdict = Verdict::Placeholder;
    return d;
  }
  if (min_entropy_[c.rule] > 0 && shannon_entropy(c.secret) < min_entropy_[c.rule]) {
    d.verdict = Verdict::LowEntropy;
    return d;
  }
  d.confidence = confidence_[c.rule];
  const auto& fns = validators_[c.rule];
  for (ValidatorFn fn : fns) {
    ValidationResult v = fn(c.secret);
    if (!v.valid) {
      d.verdict = Verdict::Invalid;
      return d;
    }
    if (!v.note.empty()) d.notes.push_back(std::move(v.note));
  }
  // A verified structure makes a specific rule's finding high confidence. A rule declared low (a
  // catch-all shape such as a bare JWT) stays low: its check only rejects what is not that shape.
  if (!fns.empty() && d.confidence != "low") d.confidence = "high";
  return d;
}

}  // namespace keysnare
