#include "engine/database.h"

#include <fcntl.h>
#include <re2/re2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/sha256.h"
#include "engine/regex_options.h"

namespace keysnare {
namespace {

struct HsCompileErrorDeleter {
  void operator()(hs_compile_error_t* e) const { hs_free_compile_error(e); }
};
using HsCompileErrorPtr = std::unique_ptr<hs_compile_error_t, HsCompileErrorDeleter>;

constexpr char kMagic[] = "KSDB3\n";
constexpr std::size_t kMagicLen = sizeof kMagic - 1;

std::string rule_where(const Rule& r) {
  return r.spot.file + ":" + std::to_string(r.spot.line) + ": rule " + r.id + ": ";
}

// The width and exactness of one rule in Hyperscan. Fails only if Hyperscan cannot take the rule even
// as a prefilter.
Result<RulePlan> plan_rule(const Rule& r) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  RulePlan plan;
  if (hs_expression_info(r.regex.c_str(), 0, &info, &err) == HS_SUCCESS) {
    plan.max_width = info->max_width == UINT_MAX ? RulePlan::kUnbounded : info->max_width;
    std::free(info);
    return plan;
  }
  HsCompileErrorPtr first(err);
  err = nullptr;
  if (hs_expression_info(r.regex.c_str(), HS_FLAG_PREFILTER, &info, &err) == HS_SUCCESS) {
    std::free(info);
    plan.prefilter = true;
    plan.max_width = RulePlan::kUnbounded;  // the prefilter's width says nothing of the real pattern
    return plan;
  }
  HsCompileErrorPtr second(err);
  return Error{std::string("Hyperscan: ") + first->message};
}

std::string cache_key(const std::vector<Rule>& rules) {
  Sha256 h;
  h.update(kMagic).update(hs_version()).update(std::string_view("\0", 1));
  for (const auto& r : rules) h.update(r.regex).update(std::string_view("\0", 1));
  return h.hex_digest();
}

// Integrity of the cache file against truncation and bit rot (not an adversary: the file is the
// user's own, mode 0600). SHA-256 over the ~0.9 MB database cost ~4 ms of a 20 ms start-up budget;
// this multiply-xor hash over 8-byte words costs ~0.1 ms.
std::uint64_t checksum(std::string_view data) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ data.size();
  std::size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  for (; i < data.size(); ++i) h = (h ^ static_cast<unsigned char>(data[i])) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

template <class T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
bool get(std::string_view& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

// Writes atomically: a temporary file in the same directory, then rename.
void save_cache(const std::string& dir, const std::string& key, const std::vector<RulePlan>& plans,
                const hs_database_t* db) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return;
  char* bytes = nullptr;
  size_t len = 0;
  if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS) return;
  std::string out(kMagic, kMagicLen);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(plans.size()));
  for (const auto& p : plans) {
    put<std::uint32_t>(out, p.max_width);
    put<std::uint8_t>(out, p.prefilter ? 1 : 0);
  }
  put<std::uint64_t>(out, len);
  out.append(bytes, len);
  std::free(bytes);
  put<std::uint64_t>(out, checksum(out));  // a torn or corrupted file is ignored, not trusted

  const std::string final_path = dir + "/" + key + ".hsdb";
  const std::string tmp = final_path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  std::size_t off = 0;
  bool ok = true;
  while (off < out.size()) {
    const ssize_t n = ::write(fd, out.data() + off, out.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    off += static_cast<std::size_t>(n);
  }
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), final_path.c_str()) != 0) ::unlink(tmp.c_str());
}

bool load_cache(const std::string& path, std::size_t n_rules, std::vector<RulePlan>& plans,
                HsDatabasePtr& db) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  std::string data;
  bool read_ok = ::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (1ll << 30);
  if (read_ok) {
    data.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < data.size()) {
      const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    read_ok = got == data.size();
  }
  ::close(fd);
  if (!read_ok || data.size() < kMagicLen + 8 || data.compare(0, kMagicLen, kMagic) != 0) return false;
  const std::string_view body(data.data(), data.size() - 8);
  std::uint64_t sum = 0;
  std::memcpy(&sum, data.data() + body.size(), 8);
  if (checksum(body) != sum) return false;
  std::string_view in_view = body.substr(kMagicLen);
  std::uint32_t n = 0;
  if (!get(in_view, n) || n != n_rules) return false;
  plans.assign(n, {});
  for (auto& p : plans) {
    std::uint8_t pre = 0;
    if (!get(in_view, p.max_width) || !get(in_view, pre)) return false;
    p.prefilter = pre != 0;
  }
  std::uint64_t len = 0;
  if (!get(in_view, len) || len != in_view.size()) return false;
  hs_database_t* raw = nullptr;
  if (hs_deserialize_database(in_view.data(), in_view.size(), &raw) != HS_SUCCESS) return false;
  db.reset(raw);
  return true;
}

}  // namespace

int effective_secret_group(const Rule& rule, int capturing_groups) {
  if (rule.secret_group >= 0) return rule.secret_group;
  return capturing_groups >= 1 ? 1 : 0;
}

std::string default_cache_dir() {
  if (const char* d = std::getenv("KEYSNARE_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::string(d) + "/keysnare";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/keysnare";
  return "";
}

Status check_rule_regex(const Rule& rule) {
  RE2 re(rule.regex, confirm_regex_options());
  // RE2's message ends with the offending part of the pattern, which may be a pasted token: only its
  // kind is quoted (file:line in the caller's message says where).
  if (!re.ok()) return Error{"RE2: " + re.error().substr(0, re.error().find(": "))};
  const int groups = re.NumberOfCapturingGroups();
  const int g = effective_secret_group(rule, groups);
  if (g > groups)
    return Error{"secret_group " + std::to_string(g) + " but the regex has " + std::to_string(groups) +
                 " capture group(s)"};
  if (rule.key_group > groups)
    return Error{"key_group " + std::to_string(rule.key_group) + " but the regex has " + std::to_string(groups) +
                 " capture group(s)"};
  if (rule.key_group > 0 && rule.key_group == g) return Error{"key_group is the secret's own group"};
  std::string empty;
  if (RE2::FullMatch(empty, re)) return Error{"the regex matches the empty string"};
  return ok_status();
}

Status check_rule_compiles(const Rule& rule) {
  if (auto st = check_rule_regex(rule); !st) return st;
  auto plan = plan_rule(rule);
  if (!plan) return Error{plan.error()};
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  const unsigned flags = plan->prefilter ? HS_FLAG_PREFILTER : 0;
  if (hs_compile(rule.regex.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    HsCompileErrorPtr e(err);
    return Error{std::string("Hyperscan: ") + e->message};
  }
  hs_free_database(db);
  return ok_status();
}

Result<std::shared_ptr<const Database>> Database::build(std::vector<Rule> rules,
                                                        const DatabaseOptions& options) {
  if (rules.empty()) return Error{"no rules to compile (all disabled or none loaded)"};
  auto out = std::make_shared<Database>();
  out->rules_ = std::move(rules);
  const auto& rs = out->rules_;

  std::string key, cache_path;
  if (!options.cache_dir.empty()) {
    key = cache_key(rs);
    cache_path = options.cache_dir + "/" + key + ".hsdb";
    if (load_cache(cache_path, rs.size(), out->plans_, out->db_)) {
      out->from_cache_ = true;
      return std::shared_ptr<const Database>(std::move(out));
    }
  }

  out->plans_.clear();
  std::vector<const char*> patterns;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < rs.size(); ++i) {
    auto plan = plan_rule(rs[i]);
    if (!plan) return Error{rule_where(rs[i]) + plan.error()};
    out->plans_.push_back(*plan);
    patterns.push_back(rs[i].regex.c_str());
    flags.push_back(plan->prefilter ? HS_FLAG_PREFILTER : 0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(), static_cast<unsigned>(rs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    HsCompileErrorPtr e(err);
    if (e->expression >= 0 && static_cast<std::size_t>(e->expression) < rs.size())
      return Error{rule_where(rs[e->expression]) + "Hyperscan: " + e->message};
    return Error{std::string("Hyperscan: cannot compile the rules together: ") + e->message};
  }
  out->db_.reset(db);
  if (!cache_path.empty()) save_cache(options.cache_dir, key, out->plans_, db);
  return std::shared_ptr<const Database>(std::move(out));
}

Result<HsScratchPtr> Database::make_scratch() const {
  hs_scratch_t* s = nullptr;
  if (hs_alloc_scratch(db_.get(), &s) != HS_SUCCESS) return Error{"Hyperscan: cannot allocate scratch"};
  return HsScratchPtr(s);
}

}  // namespace keysnare
