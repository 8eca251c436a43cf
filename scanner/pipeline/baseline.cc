#include "pipeline/baseline.h"

#include <re2/re2.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace keysnare {

Result<Baseline> Baseline::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read baseline: " + std::strerror(errno)};
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

Result<Baseline> Baseline::parse(const std::string& text, const std::string& path) {
  std::string_view rest(text);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n' || rest.front() == '\r' || rest.front() == '\t'))
    rest.remove_prefix(1);
  if (!rest.empty() && rest.front() != '[' && rest.front() != '{')
    return Error{path + ": not a keysnare JSON, JSONL or SARIF report"};
  // JSON/JSONL carry "fingerprint": "…"; SARIF carries "keysnare/v1": "…" in partialFingerprints.
  static const RE2 re(R"re("(?:fingerprint|keysnare/v1)"\s*:\s*"([0-9a-f]{32})")re");
  Baseline b;
  re2::StringPiece input(text);
  std::string fp;
  while (RE2::FindAndConsume(&input, re, &fp)) b.fingerprints.insert(fp);
  return b;
}

std::size_t Baseline::apply(std::vector<Finding>& findings) const {
  std::set<std::string> used;
  std::erase_if(findings, [&](const Finding& f) {
    if (!fingerprints.count(f.fingerprint)) return false;
    used.insert(f.fingerprint);
    return true;
  });
  return fingerprints.size() - used.size();
}

}  // namespace keysnare
