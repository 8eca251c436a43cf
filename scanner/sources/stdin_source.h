#pragma once
// StdinSource: standard input as one blob (`keysnare stdin --label NAME`), reported under the label.
// Reads until EOF; input larger than the size limit is refused with an error rather than skipped, since
// the user asked for exactly this input to be scanned.
#include <string>

#include "sources/source.h"

namespace keysnare {

class StdinSource : public Source {
 public:
  explicit StdinSource(std::string label, int fd = 0) : label_(std::move(label)), fd_(fd) {}
  std::vector<Item> plan(Diagnostics& diag) override;
  std::unique_ptr<Reader> reader() override;

 private:
  std::string label_;
  int fd_;
};

}  // namespace keysnare
