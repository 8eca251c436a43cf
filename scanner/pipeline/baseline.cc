#include "pipeline/baseline.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pipeline/fingerprint.h"

namespace keysnare {
namespace {

using nlohmann::json;

// "name:LINE:COLUMN" of byte `offset` in `text` (1-based).
std::string at(const std::string& name, std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// Parses one JSON value; the error says where, never what was read there.
Result<json> parse_json(std::string_view text, const std::string& where_name, std::string_view whole,
                        std::size_t base_offset) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    return Error{at(where_name, whole, base_offset + byte) + ": invalid JSON"};
  } catch (const json::exception&) {
    return Error{at(where_name, whole, base_offset) + ": invalid JSON"};
  }
}

Status add_fingerprint(Baseline& b, const json& value, const std::string& where) {
  if (!value.is_string()) return Error{where + ": the fingerprint is not a string"};
  const std::string& fp = value.get_ref<const std::string&>();
  if (!is_fingerprint_v2(fp) && !is_fingerprint_v1(fp)) return Error{where + ": not a keysnare fingerprint"};
  b.fingerprints.insert(fp);
  return ok_status();
}

Status add_finding(Baseline& b, const json& entry, const std::string& where) {
  if (!entry.is_object()) return Error{where + ": expected a finding object"};
  const auto it = entry.find("fingerprint");
  if (it == entry.end()) return Error{where + ": finding without a \"fingerprint\""};
  return add_fingerprint(b, *it, where);
}

Status add_sarif(Baseline& b, const json& log, const std::string& name, std::string_view text) {
  const std::string where = at(name, text, 0);
  const auto runs = log.find("runs");
  if (runs == log.end() || !runs->is_array()) return Error{where + ": SARIF without a \"runs\" list"};
  for (std::size_t r = 0; r < runs->size(); ++r) {
    const json& run = (*runs)[r];
    const std::string here = name + ": runs[" + std::to_string(r) + "]";
    const json* driver = nullptr;
    if (run.is_object() && run.contains("tool") && run["tool"].is_object() && run["tool"].contains("driver"))
      driver = &run["tool"]["driver"];
    if (!driver || !driver->is_object() || !driver->contains("name") || !(*driver)["name"].is_string() ||
        (*driver)["name"].get_ref<const std::string&>() != "keysnare")
      return Error{here + ": not a keysnare run (tool.driver.name)"};
    const auto results = run.find("results");
    if (results == run.end()) continue;
    if (!results->is_array()) return Error{here + ": \"results\" is not a list"};
    for (std::size_t i = 0; i < results->size(); ++i) {
      const json& res = (*results)[i];
      const std::string w = here + ".results[" + std::to_string(i) + "]";
      if (!res.is_object()) return Error{w + ": not an object"};
      if (auto p = res.find("properties"); p != res.end() && p->is_object() && p->contains("fingerprint")) {
        if (auto st = add_fingerprint(b, (*p)["fingerprint"], w + ".properties.fingerprint"); !st) return st;
        continue;
      }
      if (auto pf = res.find("partialFingerprints"); pf != res.end() && pf->is_object() && pf->contains("keysnare/v1")) {
        if (auto st = add_fingerprint(b, (*pf)["keysnare/v1"], w + ".partialFingerprints"); !st) return st;
        continue;
      }
      return Error{w + ": result without a keysnare fingerprint"};
    }
  }
  return ok_status();
}

}  // namespace

Result<Baseline> Baseline::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read baseline: " + std::strerror(errno)};
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{path + ": cannot read baseline: read error"};
  return parse(ss.str(), path);
}

Result<Baseline> Baseline::parse(const std::string& text, const std::string& name) {
  Baseline b;
  std::size_t first = 0;
  while (first < text.size() && (text[first] == ' ' || text[first] == '\n' || text[first] == '\r' || text[first] == '\t'))
    ++first;
  if (first == text.size()) return b;  // an empty JSONL report: no findings
  if (text[first] == '[') {
    auto doc = parse_json(text, name, text, 0);
    if (!doc) return Error{doc.error() + " (a keysnare JSON report)"};
    for (std::size_t i = 0; i < doc->size(); ++i)
      if (auto st = add_finding(b, (*doc)[i], name + ": finding " + std::to_string(i + 1)); !st) return Error{st.error()};
    return b;
  }
  if (text[first] != '{') return Error{at(name, text, first) + ": not a keysnare JSON, JSONL or SARIF report"};
  // One object: SARIF, or a one-line JSONL report. Several lines of objects: JSONL.
  if (auto whole = parse_json(text, name, text, 0); whole && whole->is_object() && whole->contains("runs")) {
    if (auto st = add_sarif(b, *whole, name, text); !st) return Error{st.error()};
    return b;
  }
  std::size_t line_no = 1;
  for (std::size_t from = 0; from < text.size(); ++line_no) {
    std::size_t nl = text.find('\n', from);
    if (nl == std::string::npos) nl = text.size();
    const std::string_view line = std::string_view(text).substr(from, nl - from);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      const std::string here = name + ":" + std::to_string(line_no);
      auto doc = parse_json(line, here, line, 0);  // positions within the line: "name:LINE:1:COLUMN"
      if (!doc)
        return Error{here + ": invalid JSON (a keysnare JSONL report: one finding object per line)"};
      if (auto st = add_finding(b, *doc, here); !st) return Error{st.error()};
    }
    from = nl + 1;
  }
  return b;
}

std::size_t Baseline::apply(std::vector<Finding>& findings) const {
  std::set<std::string> used;
  std::erase_if(findings, [&](const Finding& f) {
    for (const std::string& fp : {f.fingerprint, fingerprint_v1(f.rule_id, f.secret)}) {
      if (fingerprints.count(fp)) {
        used.insert(fp);
        return true;
      }
    }
    return false;
  });
  return fingerprints.size() - used.size();
}

}  // namespace keysnare
