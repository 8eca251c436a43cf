#include "sources/stdin_source.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keysnare {
namespace {

class StdinReader : public Reader {
 public:
  explicit StdinReader(int fd) : fd_(fd) {}
  ReadOutcome read(const Item& item, std::uint64_t max_size, std::string& buf) override {
    buf.clear();
    std::size_t got = 0;
    while (true) {
      if (got == buf.size()) {
        if (got > max_size)
          return {ReadStatus::Error, item.where.path + ": standard input is larger than --max-file-size"};
        buf.resize(std::max<std::size_t>(65536, buf.size() * 2));
      }
      const ssize_t n = ::read(fd_, buf.data() + got, buf.size() - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        return {ReadStatus::Error, item.where.path + ": read error: " + std::strerror(errno)};
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    buf.resize(got);
    if (got > max_size)
      return {ReadStatus::Error, item.where.path + ": standard input is larger than --max-file-size"};
    return {};
  }

 private:
  int fd_;
};

}  // namespace

std::vector<Item> StdinSource::plan(Diagnostics&) {
  Item it;
  it.where.kind = SourceKind::Stdin;
  it.where.path = label_;
  return {std::move(it)};
}

std::unique_ptr<Reader> StdinSource::reader() { return std::make_unique<StdinReader>(fd_); }

}  // namespace keysnare
