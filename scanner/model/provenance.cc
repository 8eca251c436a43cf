#include "model/provenance.h"

#include <algorithm>

namespace keysnare {

bool LineRanges::contains(std::uint32_t line) const {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), line,
                             [](std::uint32_t l, const auto& r) { return l < r.first; });
  if (it == ranges.begin()) return false;
  --it;
  return line >= it->first && line <= it->second;
}

}  // namespace keysnare
