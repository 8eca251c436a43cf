#include "pipeline/known_secrets.h"

namespace keysnare {

void KnownSecrets::add(const std::vector<std::string_view>& secrets) {
  if (secrets.empty()) return;
  std::lock_guard lock(mu_);
  for (std::string_view s : secrets)
    if (!s.empty()) secrets_.emplace(s);
}

std::vector<std::string_view> KnownSecrets::view() const {
  std::lock_guard lock(mu_);
  return std::vector<std::string_view>(secrets_.begin(), secrets_.end());
}

std::size_t KnownSecrets::size() const {
  std::lock_guard lock(mu_);
  return secrets_.size();
}

void KnownSecrets::clear() {
  std::lock_guard lock(mu_);
  secrets_.clear();
}

}  // namespace keysnare
