#include "engine/matcher.h"

#include <algorithm>
#include <climits>

#include "engine/regex_options.h"

namespace keysnare {

struct HitCollector {
  Matcher* m;
  std::uint64_t size;
  int only_rule;

  static int on_match(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                      void* ctx) {
    auto* self = static_cast<HitCollector*>(ctx);
    if (self->only_rule >= 0 && static_cast<int>(id) != self->only_rule) return 0;
    auto& wins = self->m->windows_[id];
    const RulePlan& plan = self->m->db_->plan(id);
    if (wins.empty()) self->m->touched_.push_back(id);
    if (plan.prefilter) {  // an approximation's end offsets say nothing exact: RE2 reads it all
      if (wins.empty()) wins.push_back({0, self->size});
      return 0;
    }
    const std::uint64_t lo =
        (plan.max_width == RulePlan::kUnbounded || plan.max_width >= to) ? 0 : to - plan.max_width;
    if (!wins.empty()) {
      auto& last = wins.back();
      if (last.lo == 0 && last.hi == self->size) return 0;  // already the whole buffer
      if (lo <= last.hi && to >= last.lo) {  // overlaps the last window (hits arrive nearly in order)
        last.lo = std::min(last.lo, lo);
        last.hi = std::max<std::uint64_t>(last.hi, to);
        return 0;
      }
      if (wins.size() >= Matcher::kMaxWindows) {
        // Bounded memory on adversarial input: one RE2 pass over the whole buffer instead.
        wins.assign(1, {0, self->size});
        return 0;
      }
    }
    wins.push_back({lo, to});
    return 0;
  }
};

Result<std::unique_ptr<Matcher>> Matcher::create(std::shared_ptr<const Database> db) {
  auto scratch = db->make_scratch();
  if (!scratch) return Error{scratch.error()};
  std::unique_ptr<Matcher> m(new Matcher(std::move(db)));
  m->scratch_ = std::move(*scratch);
  const std::size_t n = m->db_->rules().size();
  m->regexes_.resize(n);
  m->groups_.assign(n, 0);
  m->key_groups_.assign(n, -1);
  m->windows_.resize(n);
  return m;
}

const RE2& Matcher::regex(std::size_t rule) {
  if (!regexes_[rule]) {
    const Rule& r = db_->rules()[rule];
    regexes_[rule] = std::make_unique<RE2>(r.regex, confirm_regex_options());
    groups_[rule] = effective_secret_group(r, regexes_[rule]->NumberOfCapturingGroups());
    key_groups_[rule] = r.key_group;
  }
  return *regexes_[rule];
}

void Matcher::confirm(std::string_view bytes, std::size_t rule, std::vector<Window>& windows,
                      std::vector<Match>& out) {
  const RE2& re = regex(rule);
  if (!re.ok()) return;  // rejected at load time by validation; never reached in practice
  const int group = groups_[rule];
  const int key_group = key_groups_[rule];
  const int nsub = std::max(std::max(group, key_group), 0) + 1;
  subs_.resize(static_cast<std::size_t>(nsub));
  std::sort(windows.begin(), windows.end(), [](const Window& a, const Window& b) { return a.lo < b.lo; });
  const re2::StringPiece text(bytes.data(), bytes.size());
  std::uint64_t resume = 0;  // matches never overlap: continue after the previous match
  for (std::size_t i = 0; i < windows.size();) {
    std::uint64_t lo = windows[i].lo, hi = windows[i].hi;
    for (++i; i < windows.size() && windows[i].lo <= hi; ++i) hi = std::max(hi, windows[i].hi);
    std::uint64_t pos = std::max(lo, resume);
    while (pos <= hi &&
           re.Match(text, pos, hi, RE2::UNANCHORED, subs_.data(), nsub)) {
      const std::uint64_t ms = static_cast<std::uint64_t>(subs_[0].data() - bytes.data());
      const std::uint64_t me = ms + subs_[0].size();
      Match m;
      m.rule = static_cast<std::uint32_t>(rule);
      m.start = ms;
      m.end = me;
      const re2::StringPiece& s = subs_[static_cast<std::size_t>(group)];
      if (s.data() != nullptr && !s.empty()) {
        m.secret_start = static_cast<std::uint64_t>(s.data() - bytes.data());
        m.secret_end = m.secret_start + s.size();
        if (key_group > 0) {
          const re2::StringPiece& k = subs_[static_cast<std::size_t>(key_group)];
          if (k.data() != nullptr) {
            m.key_start = static_cast<std::uint64_t>(k.data() - bytes.data());
            m.key_end = m.key_start + k.size();
          }
        }
        out.push_back(m);
      }
      pos = me > pos ? me : pos + 1;
      resume = pos;
    }
  }
}

Status Matcher::scan(std::string_view bytes, std::vector<Match>& out, int only_rule) {
  if (bytes.size() > UINT_MAX) return Error{"buffer larger than 4 GiB"};
  const std::size_t first = out.size();
  touched_.clear();
  HitCollector collector{this, bytes.size(), only_rule};
  const hs_error_t rc = hs_scan(db_->hs(), bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                                scratch_.get(), &HitCollector::on_match, &collector);
  if (rc != HS_SUCCESS) {
    for (auto r : touched_) windows_[r].clear();
    return Error{"Hyperscan scan failed (error " + std::to_string(rc) + ")"};
  }
  std::sort(touched_.begin(), touched_.end());
  for (auto r : touched_) {
    confirm(bytes, r, windows_[r], out);
    windows_[r].clear();
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), [](const Match& a, const Match& b) {
    return a.secret_start != b.secret_start ? a.secret_start < b.secret_start : a.rule < b.rule;
  });
  return ok_status();
}

}  // namespace keysnare
